package io.sparkmomentum.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.Selection;
import io.sparkmomentum.testing.ReferenceCase;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every PyTorch trajectory in {@code -Dreference.dir} (default: the copy in the test resources) and in the
 * model references' folder ({@code -Dreference.models.dir}, default the copy of {@code ../shared/reference-models})
 * in plain Java: same initial parameters in, every loss, rate, gradient norm and parameter of every step out,
 * within 1e-9. The default folder holds the 90 PyTorch cases and 8 derived from them whose row count
 * {@code num_batches} does not divide ({@code src/test/resources/reference-tools/derive_remainder_cases.py} says how
 * each is derived); the models' folder 30 factorization machine cases (replayed on dense and on CSR rows) and 30 MLP
 * cases. Any folder may mix problem types.
 */
class ReferenceReplayTest {
  static final double TOL = 1e-9;

  @TestFactory
  Stream<DynamicTest> replaysEveryReference() throws Exception {
    List<Path> files = ReferenceCase.allFiles();
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getParent().getFileName() + "/" + f.getFileName(),
        () -> replay(ReferenceCase.load(f))));
  }

  @Test
  void theModelsFolderHoldsThirtyFmAndThirtyMlpCases() throws Exception {
    int fm = 0;
    int mlp = 0;
    for (Path f : ReferenceCase.files(ReferenceCase.modelsDir())) {
      String t = ReferenceCase.load(f).type();
      if (t.equals("fm")) fm++;
      if (t.equals("mlp")) mlp++;
    }
    assertEquals(30, fm, "fm cases in " + ReferenceCase.modelsDir());
    assertEquals(30, mlp, "mlp cases in " + ReferenceCase.modelsDir());
  }

  @Test
  void theDefaultFolderHoldsTheNinetyPyTorchCasesAndEightDerived() throws Exception {
    if (System.getProperty("reference.dir", "").contains("src/test/resources/reference")) {
      assertEquals(98, ReferenceCase.files().size());
    }
  }

  @Test
  void slicesAreFloorSizedAndTheRemainderIsNeverUsed() throws Exception {
    // the README's rule: size = n // num_batches, slice b = [b*size, (b+1)*size), the last n mod num_batches unused
    ReferenceCase c = ReferenceCase.load(ReferenceCase.DEFAULT_DIR.resolve(
        "091-least_squares-lr0.1-m0.9-d0-heavyball-wd0-constant-clipNone-acc3-nb4-append-rem2.json"));
    assertEquals(50, c.numExamples());
    assertEquals(4, c.numBatches());
    for (int b = 0; b < 4; b++) assertArrayEquals(new int[] {12 * b, 12 * b + 12}, c.batchBounds(b), "slice " + b);
    assertEquals(2, c.remainderRows());
  }

  static void replay(ReferenceCase c) {
    for (ReferenceCase.Setup<?> s : c.setups()) replay(c, s);
  }

  static <D> void replay(ReferenceCase c, ReferenceCase.Setup<D> s) {
    replay(c.withLabel(s.what()), s.model(), s.data());
  }

  /** The step order of the reference README, with our model, accumulator and optimizer. */
  static <D> void replay(ReferenceCase c, Model<D> model, D data) {
    double[] w = c.init().clone();
    int n = w.length;
    assertEquals(model.layout().size(), n, c.file() + ": parameter count");
    MomentumSgd opt = new MomentumSgd(c.optimizer(), n);
    GradientAccumulator acc = new GradientAccumulator(c.accumulationSteps(), n);
    GradientBuffer buf = new GradientBuffer(model.layout());
    double[] mean = new double[n];
    double[] g = new double[n];
    for (int s = 0; s < c.steps(); s++) {
      for (int j = 0; j < c.accumulationSteps(); j++) {
        int[] b = c.batchBounds((s * c.accumulationSteps() + j) % c.numBatches());
        buf.clear();
        double loss = model.addLossGradient(w, data, Selection.range(b[0], b[1]), buf);
        int m = b[1] - b[0];
        for (int q = 0; q < n; q++) mean[q] = buf.values()[q] / m;
        acc.add(mean, loss / m);
      }
      double loss = acc.take(g);
      c.assertClose("loss", s, new double[] {loss}, new double[] {c.losses()[s]}, TOL);
      MomentumSgd.StepReport r = opt.step(w, g);
      c.assertClose("lr", s, new double[] {r.lr()}, new double[] {c.lrs()[s]}, TOL);
      c.assertClose("grad norm", s, new double[] {r.gradNorm()}, new double[] {c.gradNorms()[s]}, TOL);
      c.assertClose("params", s, w, c.trajectory()[s], TOL);
    }
  }
}
