package io.sparkmomentum.train;

import io.sparkmomentum.model.Selection;
import java.io.Serializable;

/**
 * Which examples each partition contributes to each round, from the seed alone.
 *
 * <p>An epoch of {@code N} examples in batches of {@code B} has {@code R = ⌈N / B⌉} rounds (one round for full
 * batch). In round {@code j}, partition {@code p} with {@code n_p} examples visits positions
 * {@code [⌊j·n_p/R⌋, ⌊(j+1)·n_p/R⌋)} of its epoch permutation (seeded by run seed, epoch and partition), so every
 * example is visited exactly once per epoch, a round's global batch is at most {@code B}, and a round reads only
 * its own examples: no scan of the partition, unlike {@code RDD.sample}. The permutation is materialised once per
 * epoch and partition on the executor ({@link EpochOrders}), so its O(n_p) cost is spread over the epoch's R rounds.
 *
 * @param partitionSizes examples per partition
 * @param batchSize global batch size, or {@code 0} for full batch (natural order, no shuffle)
 * @param seed the run's seed
 */
public record MiniBatchPlan(long[] partitionSizes, long batchSize, long seed) implements Serializable {

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

  /** The selection of partition {@code p} (holding {@code n} examples) in round {@code j} of {@code epoch}. */
  public Selection selection(int p, int n, long epoch, long j) {
    if (n != partitionSizes[p]) {
      throw new IllegalStateException("partition " + p + " holds " + n + " examples, plan expected "
          + partitionSizes[p]);
    }
    if (fullBatch()) return Selection.all(n);
    long r = roundsPerEpoch();
    int from = (int) (j * n / r);
    int to = (int) ((j + 1) * n / r);
    int[] order = EpochOrders.get(n, seed, epoch, p);
    return Selection.of(order, from, to);
  }
}
