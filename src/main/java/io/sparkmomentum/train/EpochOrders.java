package io.sparkmomentum.train;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The epoch permutations of the partitions this executor works on, shuffled once per epoch at the partition's
 * first round of the epoch and then read by every round's slice. An entry depends only on {@code (n, run seed, epoch, partition)}, so a lost or
 * evicted entry is recomputed identically (on any executor, at any attempt). One entry is kept per (run seed,
 * partition, size); the next epoch replaces it.
 *
 * <p>Shared by every training on the JVM, safely: an entry is a pure function of its key and epoch, so whichever
 * training finds it (another SparkContext, a concurrent fit with the same seed) gets exactly the permutation it
 * would compute; concurrent trainings with the same key at different epochs only recompute. Bounded by
 * {@code MAX_ENTRIES}.
 */
final class EpochOrders {
  /** A safety bound on the number of cached partitions. */
  private static final int MAX_ENTRIES = 256;
  private static final ConcurrentHashMap<Key, Entry> CACHE = new ConcurrentHashMap<>();

  private record Key(long runSeed, int partition, int n) {}

  private record Entry(long epoch, int[] order) {}

  private EpochOrders() {}

  /** Partition {@code p}'s permutation of {@code [0, n)} in {@code epoch} (do not modify the array). */
  static int[] get(int n, long runSeed, long epoch, int p) {
    Key key = new Key(runSeed, p, n);
    Entry e = CACHE.get(key);
    if (e != null && e.epoch == epoch) return e.order;
    int[] order = EpochPermutation.order(n, EpochPermutation.seedFor(runSeed, epoch, p));
    if (CACHE.size() >= MAX_ENTRIES) CACHE.clear();
    CACHE.put(key, new Entry(epoch, order));
    return order;
  }
}
