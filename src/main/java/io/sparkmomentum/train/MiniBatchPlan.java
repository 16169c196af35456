package io.sparkmomentum.train;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.model.Selection;
import java.io.Serializable;
import java.math.BigInteger;

/**
 * Which examples each partition contributes to each round, from the seed alone.
 *
 * <p>An epoch of {@code N} examples in batches of {@code B} has {@code R = ⌈N / B⌉} rounds (one round for full
 * batch). Every partition visits its examples in its epoch permutation (seeded by run seed, epoch and partition), so
 * every example is visited exactly once per epoch, and a round reads only its own examples: no scan of the partition,
 * unlike {@code RDD.sample}. The permutation is materialised once per epoch and partition on the executor
 * ({@link EpochOrders}), so its O(n_p) cost is spread over the epoch's R rounds.
 *
 * <h2>How a round's batch is spread over the partitions</h2>
 * Think of the epoch as one global sequence: example {@code k} (0-based position in its permutation) of partition
 * {@code p} with {@code n_p} examples sits at time {@code (2k + 1) / (2·n_p)} in (0, 1), ties going to the lower
 * partition. Round {@code j} takes the global positions {@code [⌊j·N/R⌋, ⌊(j+1)·N/R⌋)} of that sequence. Hence
 * <ul>
 *   <li>every round holds {@code ⌊N/R⌋} or {@code ⌈N/R⌉} examples: at most {@code B}, about {@code B}, never 0;</li>
 *   <li>each partition contributes in proportion to its size: {@code n_p/R} examples per round, give or take one;</li>
 *   <li>partition {@code p}'s part of round {@code j} is a contiguous range of its permutation, and its ranges tile
 *       the permutation over the epoch.</li>
 * </ul>
 * This is Sainte-Laguë's (Webster's) apportionment of each prefix of rounds, which is house-monotone. One partition
 * gives the slices {@code [⌊j·n/R⌋, ⌊(j+1)·n/R⌋)}; {@code P} equal partitions take turns, example by example.
 * Partition {@code p} finds its range with a binary search over its positions: {@code O(P·log n_p)} per round.
 *
 * <p>A range of at least {@code n_p/8} examples is visited in storage order, a smaller one in the permutation's order
 * ({@link #largeSlice}); a full batch is the whole block in storage order.
 *
 * @param partitionSizes examples per partition
 * @param batchSize global batch size, or {@code 0} for full batch (natural order, no shuffle)
 * @param seed the run's seed
 */
public record MiniBatchPlan(long[] partitionSizes, long batchSize, long seed) implements Serializable {

  public MiniBatchPlan {
    long total = 0;
    for (long n : partitionSizes) {
      if (n < 0 || n > Integer.MAX_VALUE) throw new IllegalArgumentException("partition size " + n);
      total += n;
    }
    if (total == 0) {
      throw new ConfigException("data.train", "holds no training examples: a round needs at least one");
    }
  }

  public long numExamples() {
    long s = 0;
    for (long n : partitionSizes) s += n;
    return s;
  }

  public int numPartitions() {
    return partitionSizes.length;
  }

  public boolean fullBatch() {
    return batchSize <= 0 || batchSize >= numExamples();
  }

  public long roundsPerEpoch() {
    return fullBatch() ? 1 : Math.max(1, (numExamples() + batchSize - 1) / batchSize);
  }

  /**
   * The selection of partition {@code p} (holding {@code n} examples) in round {@code j} of {@code epoch}, with the
   * random stream of (seed, global round {@code epoch·R + j}, p) ({@link Selection#random()}).
   */
  public Selection selection(int p, int n, long epoch, long j) {
    if (n != partitionSizes[p]) {
      throw new IllegalStateException("partition " + p + " holds " + n + " examples, plan expected "
          + partitionSizes[p]);
    }
    long round = epoch * roundsPerEpoch() + j;
    if (fullBatch()) return Selection.all(n).withRandom(seed, round, p);
    int from = taken(p, globalStart(j));
    int to = taken(p, globalStart(j + 1));
    int[] order = EpochOrders.get(n, seed, epoch, p);
    Selection slice = largeSlice(to - from, n) ? Selection.inStorageOrder(order, from, to, n)
        : Selection.of(order, from, to);
    return slice.withRandom(seed, round, p);
  }

  /**
   * A round's slice of at least {@code 1/}{@value #STORAGE_ORDER_DIVISOR} of its partition is visited in storage
   * order ({@link Selection#inStorageOrder}), as a full batch is; smaller slices in the permutation's order, where
   * sorting would save little (their rows are far apart either way).
   */
  static final int STORAGE_ORDER_DIVISOR = 8;

  static boolean largeSlice(int size, int n) {
    return (long) size * STORAGE_ORDER_DIVISOR >= n;
  }

  /** Examples in round {@code j} over all partitions: {@code ⌊(j+1)·N/R⌋ − ⌊j·N/R⌋}. */
  public long roundSize(long j) {
    return fullBatch() ? numExamples() : globalStart(j + 1) - globalStart(j);
  }

  /** {@code ⌊j·N/R⌋}: the global position where round {@code j} starts. */
  long globalStart(long j) {
    long total = numExamples();
    long r = roundsPerEpoch();
    long hi = Math.multiplyHigh(j, total);
    long lo = j * total;
    if (hi == 0 && lo >= 0) return lo / r;
    return BigInteger.valueOf(j).multiply(BigInteger.valueOf(total)).divide(BigInteger.valueOf(r)).longValueExact();
  }

  /** How many of partition {@code p}'s examples are among the first {@code g} of the epoch's global sequence. */
  int taken(int p, long g) {
    int lo = 0;
    int hi = (int) partitionSizes[p]; // the answer is in [lo, hi]
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (rank(p, mid) < g) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The global position of example {@code k} of partition {@code p}. */
  long rank(int p, int k) {
    long np = partitionSizes[p];
    long odd = 2L * k + 1; // time (2k+1)/(2 n_p)
    long rank = k;
    for (int q = 0; q < partitionSizes.length; q++) {
      long nq = partitionSizes[q];
      if (q == p || nq == 0) continue;
      long x = odd * nq; // < 2^32 · 2^31: no overflow. q's example k' is before when (2k'+1)·n_p (<|<=) x
      long maxOdd = q < p ? x / np : (x - 1) / np;
      rank += Math.min(nq, (maxOdd + 1) / 2);
    }
    return rank;
  }
}
