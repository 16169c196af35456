package io.sparkmomentum.data;

import io.sparkmomentum.model.RatingColumns;
import java.util.SplittableRandom;

/**
 * Planted low-rank ratings for tests, samples and benchmarks:
 * {@code r = μ + b_u + b_i + p_u·q_i + ε}, with {@code p, q ~ N(0, factorStd²)}, biases {@code ~ N(0, biasStd²)},
 * {@code ε ~ N(0, noise²)}, (user, item) pairs drawn uniformly (with replacement in {@link #generate}, distinct in
 * {@link #generateDistinct}), and ratings optionally clipped to
 * {@code [min, max]}. The noise floor of a perfect model is {@code noise} (RMSE), before clipping.
 */
public final class SyntheticRatings {
  private SyntheticRatings() {}

  /** The generating parameters and the drawn ratings. */
  public record Planted(RatingColumns ratings, double[][] p, double[][] q, double[] bu, double[] bi, double mu) {}

  /**
   * As {@link #generate}, but the {@code n} (user, item) pairs are distinct: a uniform random {@code n}-subset of
   * the {@code users × items} grid (Floyd's algorithm, R. W. Floyd, "Sample without replacement", in J. Bentley,
   * "Programming Pearls", CACM 30(9), 1987), in random order. This is what the {@code generate} command writes: real
   * rating data has one rating per pair.
   *
   * @throws IllegalArgumentException if {@code n > users · items}
   */
  public static Planted generateDistinct(int users, int items, int rank, long n, double noise, double min,
      double max, long seed) {
    long grid = (long) users * items;
    if (n > grid) {
      throw new IllegalArgumentException(n + " distinct ratings do not fit in " + users + " users x " + items
          + " items = " + grid + " pairs");
    }
    if (n > 1 << 29) throw new IllegalArgumentException("at most " + (1 << 29) + " distinct ratings, got " + n);
    SplittableRandom pairs = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    long[] chosen = floyd(grid, (int) n, pairs);
    return generate(users, items, rank, n, noise, min, max, seed, k -> chosen[k]);
  }

  /** A uniform random {@code n}-subset of {@code [0, total)}, in random order. */
  static long[] floyd(long total, int n, SplittableRandom rng) {
    LongSet seen = new LongSet(n);
    long[] out = new long[n];
    int k = 0;
    for (long j = total - n; j < total; j++) {
      long t = rng.nextLong(j + 1);
      long pick = seen.add(t) ? t : j;
      if (pick == j) seen.add(j);
      out[k++] = pick;
    }
    for (int i = n - 1; i > 0; i--) { // Fisher-Yates: Floyd's order is not uniform
      int r = rng.nextInt(i + 1);
      long x = out[i];
      out[i] = out[r];
      out[r] = x;
    }
    return out;
  }

  /** Open addressing set of non-negative longs. */
  private static final class LongSet {
    private final long[] slots;
    private final int mask;

    LongSet(int n) {
      int cap = Integer.highestOneBit(Math.max(4, n) * 2 - 1) << 1;
      slots = new long[cap];
      java.util.Arrays.fill(slots, -1);
      mask = cap - 1;
    }

    /** @return true if {@code v} was absent (and is now present) */
    boolean add(long v) {
      int h = (int) (v * 0x9E3779B97F4A7C15L >>> 33) & mask;
      while (slots[h] != -1) {
        if (slots[h] == v) return false;
        h = (h + 1) & mask;
      }
      slots[h] = v;
      return true;
    }
  }

  public static Planted generate(int users, int items, int rank, long n, double noise, double min, double max,
      long seed) {
    return generate(users, items, rank, n, noise, min, max, seed, null);
  }

  private static Planted generate(int users, int items, int rank, long n, double noise, double min, double max,
      long seed, java.util.function.IntToLongFunction pairOf) {
    if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("too many ratings: " + n);
    SplittableRandom rng = new SplittableRandom(seed);
    double mu = (min + max) / 2;
    double factorStd = Math.sqrt(0.5 / Math.sqrt(rank));
    double[][] p = gaussian(rng, users, rank, factorStd);
    double[][] q = gaussian(rng, items, rank, factorStd);
    double[] bu = gaussian(rng, 1, users, 0.3)[0];
    double[] bi = gaussian(rng, 1, items, 0.3)[0];
    int[] us = new int[(int) n];
    int[] is = new int[(int) n];
    float[] rs = new float[(int) n];
    for (int k = 0; k < n; k++) {
      int u;
      int i;
      if (pairOf == null) {
        u = rng.nextInt(users);
        i = rng.nextInt(items);
      } else {
        long pair = pairOf.applyAsLong(k);
        u = (int) (pair / items);
        i = (int) (pair % items);
      }
      double dot = 0;
      for (int f = 0; f < rank; f++) dot += p[u][f] * q[i][f];
      double r = mu + bu[u] + bi[i] + dot + noise * rng.nextGaussian();
      us[k] = u;
      is[k] = i;
      rs[k] = (float) Math.min(max, Math.max(min, r));
    }
    return new Planted(new RatingColumns(us, is, rs), p, q, bu, bi, mu);
  }

  private static double[][] gaussian(SplittableRandom rng, int rows, int cols, double std) {
    double[][] a = new double[rows][cols];
    for (double[] row : a) for (int j = 0; j < cols; j++) row[j] = std * rng.nextGaussian();
    return a;
  }
}
