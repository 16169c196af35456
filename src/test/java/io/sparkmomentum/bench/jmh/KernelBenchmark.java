package io.sparkmomentum.bench.jmh;

import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.model.Selection;
import io.sparkmomentum.train.EpochPermutation;
import io.sparkmomentum.train.MiniBatchPlan;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 5 of the performance issue: the executor's gradient kernel ({@link MatrixFactorization#addLossGradient}
 * over a {@link RatingColumns} block into a {@link GradientBuffer}) against a tight single-thread loop over the same
 * primitive arrays with the same maths, rank 32. Throughput in ratings per second (one operation = one rating).
 *
 * <ul>
 *   <li>{@code kernelMiniBatch}: one round's slice of a partition exactly as {@code GradientAggregator.add} runs it:
 *       {@link MiniBatchPlan#selection} (the epoch's {@link EpochPermutation}, shuffled at its first round), then
 *       {@code buf.clear()};</li>
 *   <li>{@code kernelMiniBatchNoClear}: the same without {@code buf.clear()};</li>
 *   <li>{@code kernelMiniBatchArray}: the same slices, but the permutation precomputed in an {@code int[]};</li>
 *   <li>{@code kernelAll}: the whole block with {@link Selection#all} (full batch), then {@code buf.clear()};</li>
 *   <li>{@code kernelAllNoClear}: the same without the clear (touch marks stay set: the cheapest touch path);</li>
 *   <li>{@code tightLoop}: hand-written, rank a compile-time 32, dense gradient array, no row tracking, in order;</li>
 *   <li>{@code tightLoopPermuted}: the same in a precomputed permuted order ({@code int[]}), i.e. the access pattern
 *       of a shuffled mini-batch without computing the permutation.</li>
 * </ul>
 * Two model shapes: ML-100K's (943 users × 1,682 items: P and Q fit in L2) and the scaling run's (200,000 × 50,000:
 * 64 MB of factors, so every rating misses cache).
 *
 * <p>Run: {@code jobs/jmh.sh} (see jobs/BENCH.md). Not part of {@code mvn verify}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx3g"})
public class KernelBenchmark {
  static final int RANK = 32;
  /** Ratings in the block (one partition). */
  static final int N = 100_000;
  /** A round's slice of the block: the plan below has N / SLICE rounds per epoch. */
  static final int SLICE = 1_000;

  @Param({"943x1682", "200000x50000"})
  public String shape;

  int numUsers;
  int numItems;
  RatingColumns data;
  MatrixFactorization mf;
  double[] w;
  GradientBuffer buf;
  MiniBatchPlan plan;
  long epoch;
  long round;
  long roundsPerEpoch;
  int[] perm;
  double[] g;
  double mu;
  double lambda;
  double lambdaBias;
  int qOffset;
  int buOffset;
  int biOffset;

  @Setup
  public void setup() {
    String[] s = shape.split("x");
    numUsers = Integer.parseInt(s[0]);
    numItems = Integer.parseInt(s[1]);
    SplittableRandom rng = new SplittableRandom(1);
    int[] us = new int[N];
    int[] is = new int[N];
    float[] rs = new float[N];
    for (int k = 0; k < N; k++) {
      us[k] = rng.nextInt(numUsers);
      is[k] = rng.nextInt(numItems);
      rs[k] = 1 + rng.nextInt(5);
    }
    data = new RatingColumns(us, is, rs);
    mu = data.mean();
    lambda = 0.1;
    lambdaBias = 0.01;
    mf = new MatrixFactorization(numUsers, numItems, RANK, mu, lambda, lambdaBias);
    w = mf.initialParameters(0.1, 42);
    qOffset = numUsers * RANK;
    buOffset = qOffset + numItems * RANK;
    biOffset = buOffset + numUsers;
    for (int j = buOffset; j < w.length; j++) w[j] = 0.1 * rng.nextGaussian();
    buf = new GradientBuffer(mf.layout());
    // One partition of N examples, global batch SLICE: N / SLICE rounds per epoch, each slice exactly SLICE long.
    plan = new MiniBatchPlan(new long[] {N}, SLICE, 42);
    roundsPerEpoch = plan.roundsPerEpoch();
    perm = EpochPermutation.order(N, 12345);
    g = new double[mf.layout().size()];
  }

  @Benchmark
  @OperationsPerInvocation(SLICE)
  public double kernelMiniBatch() {
    Selection sel = plan.selection(0, N, epoch, round);
    if (++round == roundsPerEpoch) {
      round = 0;
      epoch++;
    }
    double loss = mf.addLossGradient(w, data, sel, buf);
    buf.clear();
    return loss;
  }

  /** {@link #kernelMiniBatch} without the clear: what the per-round clear of the touched rows costs. */
  @Benchmark
  @OperationsPerInvocation(SLICE)
  public double kernelMiniBatchNoClear() {
    Selection sel = plan.selection(0, N, epoch, round);
    if (++round == roundsPerEpoch) {
      round = 0;
      epoch++;
    }
    return mf.addLossGradient(w, data, sel, buf);
  }

  /**
   * {@link #kernelMiniBatch} with the epoch's permutation precomputed in an {@code int[]} (slices of it as the
   * selection), shuffled once for all epochs: what shuffling once per epoch costs.
   */
  @Benchmark
  @OperationsPerInvocation(SLICE)
  public double kernelMiniBatchArray() {
    final int from = (int) (round * SLICE);
    if (++round == roundsPerEpoch) round = 0;
    final int[] p = perm;
    Selection sel = Selection.of(p, from, from + SLICE);
    double loss = mf.addLossGradient(w, data, sel, buf);
    buf.clear();
    return loss;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double kernelAll() {
    double loss = mf.addLossGradient(w, data, Selection.all(N), buf);
    buf.clear();
    return loss;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double kernelAllNoClear() {
    return mf.addLossGradient(w, data, Selection.all(N), buf);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double tightLoop() {
    return tight(null);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double tightLoopPermuted() {
    return tight(perm);
  }

  /** The same maths as {@code MatrixFactorization.addLossGradient}, hand-written for rank 32. */
  private double tight(int[] order) {
    final int[] us = data.users();
    final int[] is = data.items();
    final float[] rs = data.ratings();
    final double[] w = this.w;
    final double[] g = this.g;
    final double mu = this.mu;
    final double lambda = this.lambda;
    final double lambdaBias = this.lambdaBias;
    final int qOffset = this.qOffset;
    final int buOffset = this.buOffset;
    final int biOffset = this.biOffset;
    double loss = 0;
    for (int n = 0; n < N; n++) {
      int x = order == null ? n : order[n];
      int u = us[x];
      int i = is[x];
      int pu = u * RANK;
      int qi = qOffset + i * RANK;
      double bu = w[buOffset + u];
      double bi = w[biOffset + i];
      double dot = 0;
      double pp = 0;
      double qq = 0;
      for (int f = 0; f < RANK; f++) {
        double p = w[pu + f];
        double q = w[qi + f];
        dot += p * q;
        pp += p * p;
        qq += q * q;
      }
      double e = mu + bu + bi + dot - rs[x];
      loss += 0.5 * e * e + 0.5 * lambda * (pp + qq) + 0.5 * lambdaBias * (bu * bu + bi * bi);
      for (int f = 0; f < RANK; f++) {
        double p = w[pu + f];
        double q = w[qi + f];
        g[pu + f] += e * q + lambda * p;
        g[qi + f] += e * p + lambda * q;
      }
      g[buOffset + u] += e + lambdaBias * bu;
      g[biOffset + i] += e + lambdaBias * bi;
    }
    return loss;
  }
}
