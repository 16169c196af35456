package io.sparkmomentum.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.OptimizerConfig.SparseUpdate;
import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ParameterLayout;
import io.sparkmomentum.model.RowSet;
import io.sparkmomentum.model.Selection;
import io.sparkmomentum.testing.ReferenceCase;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every PyTorch reference of {@code -Dreference.dir} whose weight decay is 0 with {@code sparse_update =
 * exact}: each step passes only the rows the step's batches touched (for mf, the rows of the users and items in
 * them), so rows left out fall behind; the rows a batch reads are caught up before its gradient is computed (as
 * the trainer does before a round); before comparing a step with the trajectory, a copy of the run (weights and
 * a restored copy of the optimizer state) is caught up entirely, while the run itself goes on with its rows behind.
 * Cases with weight decay are skipped (EXACT is refused for them; they use the dense path).
 */
class SparseReferenceReplayTest {
  static final double TOL = ReferenceReplayTest.TOL;
  static final AtomicInteger RAN = new AtomicInteger();
  static final AtomicInteger SKIPPED = new AtomicInteger();
  static final AtomicInteger WITH_ROWS_BEHIND = new AtomicInteger();

  @TestFactory
  Stream<DynamicTest> replaysEveryReferenceWithoutWeightDecay() throws Exception {
    List<Path> files = ReferenceCase.allFiles();
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getParent().getFileName() + "/" + f.getFileName(),
        () -> replay(ReferenceCase.load(f))));
  }

  @Test
  void theDefaultFolderHasEightyCasesWithoutWeightDecay() throws Exception {
    if (System.getProperty("reference.dir", "").contains("src/test/resources/reference")) {
      int n = 0;
      for (Path f : ReferenceCase.files()) if (ReferenceCase.load(f).optimizer().weightDecay() == 0) n++;
      assertEquals(80, n);
    }
  }

  @AfterAll
  static void report() {
    System.out.println("sparse_update = exact replayed " + RAN.get() + " reference cases (" + WITH_ROWS_BEHIND.get()
        + " of them with rows left behind by some step); skipped " + SKIPPED.get() + " with weight_decay != 0");
  }

  static OptimizerConfig exact(OptimizerConfig o) {
    return new OptimizerConfig(o.lr(), o.momentum(), o.dampening(), o.nesterov(), o.weightDecay(), o.schedule(),
        o.clipGradNorm(), o.accumulationSteps(), o.convention(), SparseUpdate.EXACT);
  }

  static RowMap rows(ParameterLayout l) {
    return new RowMap() {
      @Override
      public int numRows() {
        return l.numRows();
      }

      @Override
      public int start(int row) {
        return l.rowOffset(row);
      }

      @Override
      public int width(int row) {
        return l.rowWidth(row);
      }
    };
  }

  static void replay(ReferenceCase c) {
    if (c.optimizer().weightDecay() != 0) {
      ConfigException e = assertThrows(ConfigException.class, () -> exact(c.optimizer()));
      assertEquals("optimizer.sparse_update", e.key());
      SKIPPED.incrementAndGet();
      Assumptions.abort("weight_decay = " + c.optimizer().weightDecay()
          + " moves every row every step: sparse_update = exact is refused, the dense path replays this case");
    }
    for (ReferenceCase.Setup<?> s : c.setups()) replay(c, s);
    RAN.incrementAndGet();
  }

  static <D> void replay(ReferenceCase c, ReferenceCase.Setup<D> s) {
    replay(c.withLabel(s.what()), s.model(), s.data());
  }

  /** {@link ReferenceReplayTest#replay(ReferenceCase, Model, Object)} with the sparse step. */
  static <D> void replay(ReferenceCase c, Model<D> model, D data) {
    double[] w = c.init().clone();
    int n = w.length;
    ParameterLayout layout = model.layout();
    assertEquals(layout.size(), n, c.file() + ": parameter count");
    RowMap map = rows(layout);
    OptimizerConfig cfg = exact(c.optimizer());
    MomentumSgd opt = new MomentumSgd(cfg, n);
    GradientAccumulator acc = new GradientAccumulator(c.accumulationSteps(), n);
    GradientBuffer buf = new GradientBuffer(layout);
    double[] mean = new double[n];
    double[] g = new double[n];
    boolean behind = false;
    boolean someStepLeavesRowsUntouched = false;
    int maxStaleRows = 0;
    for (int s = 0; s < c.steps(); s++) {
      TreeSet<Integer> touched = new TreeSet<>();
      for (int j = 0; j < c.accumulationSteps(); j++) {
        int[] b = c.batchBounds((s * c.accumulationSteps() + j) % c.numBatches());
        // the rows this batch reads (for mf: its users' and items'), as the model marks them: catch them up, then
        // compute on current rows; the rows the gradient writes must be among them
        RowSet marked = new RowSet(layout.numRows());
        model.markRowsRead(data, Selection.range(b[0], b[1]), marked);
        int[] reads = marked.sorted();
        opt.catchUp(w, reads, map);
        buf.clear();
        double loss = model.addLossGradient(w, data, Selection.range(b[0], b[1]), buf);
        for (int r : buf.touchedRowsSorted()) {
          assertTrue(marked.contains(r), c.file() + ": the gradient writes row " + r + " that markRowsRead missed");
          touched.add(r);
        }
        int m = b[1] - b[0];
        for (int q = 0; q < n; q++) mean[q] = buf.values()[q] / m;
        acc.add(mean, loss / m);
      }
      double loss = acc.take(g);
      c.assertClose("loss", s, new double[] {loss}, new double[] {c.losses()[s]}, TOL);
      int[] tr = touched.stream().mapToInt(Integer::intValue).toArray();
      MomentumSgd.StepReport r = opt.step(w, g, tr, map);
      c.assertClose("lr", s, new double[] {r.lr()}, new double[] {c.lrs()[s]}, TOL);
      c.assertClose("grad norm", s, new double[] {r.gradNorm()}, new double[] {c.gradNorms()[s]}, TOL);
      someStepLeavesRowsUntouched |= tr.length < layout.numRows();
      behind |= opt.staleRows() > 0 && tr.length < layout.numRows();
      maxStaleRows = Math.max(maxStaleRows, opt.staleRows());
      double[] current = w.clone();
      MomentumSgd copy = new MomentumSgd(cfg, n);
      copy.restore(opt.state());
      copy.catchUpAll(current, map);
      c.assertClose("params", s, current, c.trajectory()[s], TOL);
    }
    opt.catchUpAll(w, map);
    c.assertClose("params after catchUpAll", c.steps() - 1, w, c.trajectory()[c.steps() - 1], TOL);
    if (behind) WITH_ROWS_BEHIND.incrementAndGet();
    // A step whose batches miss some rows must leave them behind (under momentum they still move). Whether a
    // step misses rows depends on the data, not on num_batches: with accumulation_steps = num_batches (or 3 of 4
    // slices of a small problem) every step can touch every row, and then nothing is ever behind.
    if (c.type().equals("mf") && c.optimizer().momentum() != 0 && someStepLeavesRowsUntouched) {
      assertTrue(behind, c.file() + ": a step whose batches leave rows untouched must leave them behind");
    }
    if (!someStepLeavesRowsUntouched) {
      assertEquals(0, maxStaleRows, c.file() + ": every step touched every row, yet rows were behind");
    }
  }
}
