package io.sparkmomentum.bench.jmh;

import dev.ludovic.netlib.blas.BLAS;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.Mlp;
import io.sparkmomentum.model.Selection;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The MLP gradient at Fashion-MNIST scale (784 → 128 ReLU → 10 softmax, a batch of {@value #ROWS} dense rows, about
 * half of whose pixels are 0, as in Fashion-MNIST): {@link Mlp#addLossGradient} (row-wise {@code axpy} loops that
 * skip zero inputs) against the same maths as four {@code dgemm} calls per layer pair through
 * {@code dev.ludovic.netlib} ({@link BLAS#getInstance()}: the Java/Vector-API implementation Spark brings, or a
 * native one when installed). Throughput in rows per second (one operation = one row).
 *
 * <p>Measured on the project's 2 shared cores (load 8 to 18, so JMH's error bars were wider than the scores; best
 * thread CPU time of 25 interleaved runs instead): loops 43.5 ms per 1,000 rows (53 ms before the four-input and
 * rank-4 kernels), about 440 ms per 10,000; {@code VectorBLAS} (with {@code --add-modules=jdk.incubator.vector}, as
 * the tests' JVMs) 17.2 ms, 2.5× faster; {@code Java11BLAS} (without the module) 37.8 ms, 1.15× faster. The loops
 * stay: BLAS pays only with the incubator module, and then its sums' order (hence the model's bits) depends on the
 * JVM flags and the CPU's vector width. Lane-wise Vector API {@code axpy}s would keep the scalar bits: a follow-up.
 *
 * <p>Run: {@code jobs/jmh.sh -jvmArgsAppend --add-modules=jdk.incubator.vector MlpGradientBenchmark} (see
 * jobs/BENCH.md). Not part of {@code mvn verify}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class MlpGradientBenchmark {
  static final int DIM = 784;
  static final int HIDDEN = 128;
  static final int CLASSES = 10;
  static final int ROWS = 1000;

  Mlp mlp;
  FeatureRows rows;
  double[] w;
  GradientBuffer grad;
  BlasMlp blas;

  @Setup
  public void setup() {
    mlp = new Mlp(DIM, new int[] {HIDDEN}, CLASSES, 0);
    rows = fashionLike(ROWS, 1);
    w = mlp.initialParameters(2);
    grad = new GradientBuffer(mlp.layout());
    blas = new BlasMlp(BLAS.getInstance());
    double[] g = new double[w.length];
    double a = mlp.addLossGradient(w, rows, Selection.all(ROWS), grad);
    double b = blas.lossGradient(w, rows, g);
    double worst = 0;
    for (int j = 0; j < g.length; j++) worst = Math.max(worst, Math.abs(g[j] - grad.values()[j]));
    if (Math.abs(a - b) > 1e-9 * Math.abs(a) || worst > 1e-9) {
      throw new IllegalStateException("BLAS and loops disagree: loss " + a + " vs " + b + ", gradient by " + worst);
    }
    System.out.println("BLAS implementation: " + BLAS.getInstance().getClass().getName());
  }

  /** Rows of pixels in [0, 1], each 0 with probability one half. */
  public static FeatureRows fashionLike(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] v = new double[n * DIM];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < DIM; j++) v[r * DIM + j] = rng.nextBoolean() ? 0 : rng.nextInt(1, 256) / 255.0;
      y[r] = rng.nextInt(CLASSES);
    }
    return new FeatureRows(DIM, null, null, v, y, null);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double loops() {
    grad.clear();
    return mlp.addLossGradient(w, rows, Selection.all(ROWS), grad);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double dgemm() {
    return blas.lossGradient(w, rows, new double[w.length]);
  }

  /** The one-hidden-layer MLP's loss and gradient as BLAS products (row-major arrays as column-major transposes). */
  static final class BlasMlp {
    final BLAS blas;

    BlasMlp(BLAS blas) {
      this.blas = blas;
    }

    double lossGradient(double[] w, FeatureRows x, double[] g) {
      int n = x.size();
      int h = HIDDEN;
      int c = CLASSES;
      double[] w1 = new double[h * DIM];
      double[] w2 = new double[c * h];
      System.arraycopy(w, 0, w1, 0, w1.length);
      int b1 = h * DIM;
      int w2Off = b1 + h;
      int b2 = w2Off + c * h;
      System.arraycopy(w, w2Off, w2, 0, w2.length);
      double[] z1 = new double[n * h];
      for (int r = 0; r < n; r++) System.arraycopy(w, b1, z1, r * h, h);
      // Z1ᵀ (h×n) = W1 (h×d) · Xᵀ (d×n): W1 row-major is W1ᵀ column-major
      blas.dgemm("T", "N", h, n, DIM, 1, w1, DIM, x.values(), DIM, 1, z1, h);
      for (int k = 0; k < z1.length; k++) if (z1[k] < 0) z1[k] = 0;
      double[] z2 = new double[n * c];
      for (int r = 0; r < n; r++) System.arraycopy(w, b2, z2, r * c, c);
      blas.dgemm("T", "N", c, n, h, 1, w2, h, z1, h, 1, z2, c);
      double loss = 0;
      for (int r = 0; r < n; r++) {
        int y = (int) x.labels()[r];
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) m = Math.max(m, z2[r * c + k]);
        double s = 0;
        for (int k = 0; k < c; k++) s += Math.exp(z2[r * c + k] - m);
        loss += m + Math.log(s) - z2[r * c + y];
        for (int k = 0; k < c; k++) z2[r * c + k] = Math.exp(z2[r * c + k] - m) / s;
        z2[r * c + y] -= 1;
        for (int k = 0; k < c; k++) g[b2 + k] += z2[r * c + k];
      }
      double[] gw2 = new double[c * h];
      // gW2ᵀ (h×c) = Hᵀ (h×n) · dZ2 (n×c)
      blas.dgemm("N", "T", h, c, n, 1, z1, h, z2, c, 0, gw2, h);
      double[] dh = new double[n * h];
      // dHᵀ (h×n) = W2ᵀ (h×c) · dZ2ᵀ (c×n)
      blas.dgemm("N", "N", h, n, c, 1, w2, h, z2, c, 0, dh, h);
      for (int k = 0; k < dh.length; k++) if (z1[k] <= 0) dh[k] = 0;
      for (int r = 0; r < n; r++) for (int o = 0; o < h; o++) g[b1 + o] += dh[r * h + o];
      double[] gw1 = new double[h * DIM];
      // gW1ᵀ (d×h) = Xᵀ (d×n) · dZ1 (n×h)
      blas.dgemm("N", "T", DIM, h, n, 1, x.values(), DIM, dh, h, 0, gw1, DIM);
      for (int k = 0; k < gw1.length; k++) g[k] += gw1[k];
      for (int k = 0; k < gw2.length; k++) g[w2Off + k] += gw2[k];
      return loss;
    }
  }
}
