package io.sparkmomentum.train;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The epoch permutations of the partitions this executor works on, materialised as {@code int[]} once per epoch:
 * evaluating the {@link EpochPermutation} per visited example costs about as much as a rank-32 gradient, while
 * reading an array costs nothing. An entry depends only on {@code (n, run seed, epoch, partition)}, so a lost or
 * evicted entry is recomputed identically (on any executor, at any attempt). One entry is kept per (run seed,
 * partition, size); the next epoch replaces it.
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
    EpochPermutation perm = new EpochPermutation(n, EpochPermutation.seedFor(runSeed, epoch, p));
    int[] order = new int[n];
    for (int k = 0; k < n; k++) order[k] = perm.apply(k);
    if (CACHE.size() >= MAX_ENTRIES) CACHE.clear();
    CACHE.put(key, new Entry(epoch, order));
    return order;
  }
}
