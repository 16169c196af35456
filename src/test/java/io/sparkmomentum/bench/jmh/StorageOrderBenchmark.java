package io.sparkmomentum.bench.jmh;

import io.sparkmomentum.data.synth.RealisticRatings;
import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.model.Selection;
import io.sparkmomentum.train.EpochPermutation;
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
 * Issue 16: the MF gradient kernel ({@link MatrixFactorization#addLossGradient}, rank 32) over one partition's block
 * of realistic ratings ({@link RealisticRatings}: Zipf-like users and items), the block sorted by user then item as
 * {@code data.RatingBlockBuilder} builds it; visited in storage order ({@link Selection#all}, what a full-batch round
 * does) or in a shuffled order (an epoch permutation, what a mini-batch round does). Ratings per second on one core.
 * Shapes: 100,000 × 20,000 (the 5M generated set's) and 400,000 × 40,000 (the 20M set's); {@code *Before}: the
 * kernel before the per-row L2 term, in the same run.
 *
 * <p>Run: {@code jobs/jmh.sh -f 1 -wi 2 -i 3 StorageOrderBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class StorageOrderBenchmark {
  static final int RANK = 32;
  static final int N = 1_000_000;

  /** users x items of the model; the block is N of its ratings. */
  @Param({"100000x20000", "400000x40000"})
  public String shape;

  RatingColumns data;
  MatrixFactorization mf;
  double[] w;
  GradientBuffer buf;
  int[] shuffled;

  @Setup
  public void setup() throws Exception {
    setup(N);
  }

  /** A block of {@code N} ratings ({@link KernelCpuTime} takes other sizes; the benchmarks need {@link #N}). */
  void setup(int N) throws Exception {
    String[] s = shape.split("x");
    int users = Integer.parseInt(s[0]);
    int items = Integer.parseInt(s[1]);
    int[] us = new int[N];
    int[] is = new int[N];
    float[] rs = new float[N];
    int[] k = {0};
    RealisticRatings.Spec spec = new RealisticRatings.Spec(users, items, 16, N, RealisticRatings.ITEM_EXPONENT,
        RealisticRatings.USER_EXPONENT, 0.3, 0.5, 0.5, 1, 5, false, 0, 1);
    new RealisticRatings(spec).generate(0, users, (u, i, r, t) -> { // users in id order: sorted by user
      us[k[0]] = u;
      is[k[0]] = i;
      rs[k[0]++] = r;
    });
    sortItemsWithinUsers(us, is, rs);
    data = new RatingColumns(us, is, rs);
    mf = new MatrixFactorization(users, items, RANK, data.mean(), 0.1, 0.01);
    w = mf.initialParameters(0.1, 42);
    buf = new GradientBuffer(mf.layout());
    shuffled = EpochPermutation.order(N, 12345);
  }

  /** Within each user's run, by item (as the block builder's counting sorts leave it). */
  static void sortItemsWithinUsers(int[] us, int[] is, float[] rs) {
    for (int a = 0; a < us.length; ) {
      int b = a;
      while (b < us.length && us[b] == us[a]) b++;
      long[] keyed = new long[b - a];
      for (int j = a; j < b; j++) keyed[j - a] = ((long) is[j] << 32) | Float.floatToRawIntBits(rs[j]) & 0xFFFFFFFFL;
      java.util.Arrays.sort(keyed);
      for (int j = a; j < b; j++) {
        is[j] = (int) (keyed[j - a] >>> 32);
        rs[j] = Float.intBitsToFloat((int) keyed[j - a]);
      }
      a = b;
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double storageOrder() {
    double loss = mf.addLossGradient(w, data, Selection.all(N), buf);
    buf.clear();
    return loss;
  }

  /**
   * {@link #storageOrder} with the kernel as it was before the per-row L2 term
   * ({@link MatrixFactorization#addLossGradientPerExample}).
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public double storageOrderBefore() {
    double loss = mf.addLossGradientPerExample(w, data, Selection.all(N), buf);
    buf.clear();
    return loss;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double shuffledOrder() {
    double loss = mf.addLossGradient(w, data, Selection.of(shuffled, 0, N), buf);
    buf.clear();
    return loss;
  }

  /** A large mini-batch (a quarter of the block), as the epoch's permutation gives it. */
  @Benchmark
  @OperationsPerInvocation(N / 4)
  public double quarterShuffled() {
    return slice(Selection.of(shuffled, 0, N / 4));
  }

  /** The same quarter in storage order, the bitmap that sorts it included ({@code MiniBatchPlan.largeSlice}). */
  @Benchmark
  @OperationsPerInvocation(N / 4)
  public double quarterStorageOrder() {
    return slice(Selection.inStorageOrder(shuffled, 0, N / 4, N));
  }

  /** The smallest slice the trainer sorts: an eighth of the block. */
  @Benchmark
  @OperationsPerInvocation(N / 8)
  public double eighthShuffled() {
    return slice(Selection.of(shuffled, 0, N / 8));
  }

  @Benchmark
  @OperationsPerInvocation(N / 8)
  public double eighthStorageOrder() {
    return slice(Selection.inStorageOrder(shuffled, 0, N / 8, N));
  }

  private double slice(Selection s) {
    double loss = mf.addLossGradient(w, data, s, buf);
    buf.clear();
    return loss;
  }
}
