package io.sparkmomentum.data;

import java.util.Objects;

/**
 * Deterministic, seeded train/test splits. The random numbers come from a SplitMix64 generator written
 * out here, so a given seed gives the same split on every JVM and Java version.
 */
public final class Splits {
  private Splits() {}

  /** A train/test pair; both keep the original order of the ratings. */
  public record Split(Ratings train, Ratings test) {}

  /**
   * Puts exactly {@code round(testFraction * all.size)} ratings, drawn uniformly at random without
   * replacement, into the test set and the rest into the training set, each in the original order.
   * Same input and seed, same split.
   *
   * @param testFraction in [0, 1]
   */
  public static Split random(Ratings all, double testFraction, long seed) {
    Objects.requireNonNull(all, "all");
    if (!(testFraction >= 0 && testFraction <= 1)) {
      throw new IllegalArgumentException("testFraction must be in [0, 1], got " + testFraction);
    }
    int n = all.size;
    int k = (int) Math.round(testFraction * n);
    boolean[] inTest = new boolean[n];
    // Partial Fisher-Yates: the first k positions of a random permutation of 0..n-1.
    int[] perm = new int[n];
    for (int j = 0; j < n; j++) {
      perm[j] = j;
    }
    long[] state = {seed};
    for (int j = 0; j < k; j++) {
      int r = j + nextInt(state, n - j);
      int t = perm[j];
      perm[j] = perm[r];
      perm[r] = t;
      inTest[perm[j]] = true;
    }
    int[] testIdx = new int[k];
    int[] trainIdx = new int[n - k];
    int a = 0;
    int b = 0;
    for (int j = 0; j < n; j++) {
      if (inTest[j]) {
        testIdx[a++] = j;
      } else {
        trainIdx[b++] = j;
      }
    }
    return new Split(all.select(trainIdx), all.select(testIdx));
  }

  /** SplitMix64 step. */
  static long nextLong(long[] state) {
    long z = (state[0] += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound), unbiased (Lemire's multiply-and-reject). */
  static int nextInt(long[] state, int bound) {
    long m = (nextLong(state) >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong(state) >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }
}
