package io.sparkmomentum.data;

import io.sparkmomentum.model.RatingColumns;
import java.util.SplittableRandom;

/**
 * Planted low-rank ratings for tests, samples and benchmarks:
 * {@code r = μ + b_u + b_i + p_u·q_i + ε}, with {@code p, q ~ N(0, factorStd²)}, biases {@code ~ N(0, biasStd²)},
 * {@code ε ~ N(0, noise²)}, (user, item) pairs drawn uniformly with replacement, and ratings optionally clipped to
 * {@code [min, max]}. The noise floor of a perfect model is {@code noise} (RMSE), before clipping. The
 * {@code generate} command's realistic data (Zipf-like, distinct pairs, bounded memory) is
 * {@link io.sparkmomentum.data.synth.RealisticRatings}.
 */
public final class SyntheticRatings {
  private SyntheticRatings() {}

  /** The generating parameters and the drawn ratings. */
  public record Planted(RatingColumns ratings, double[][] p, double[][] q, double[] bu, double[] bi, double mu) {}

  public static Planted generate(int users, int items, int rank, long n, double noise, double min, double max,
      long seed) {
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
      int u = rng.nextInt(users);
      int i = rng.nextInt(items);
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
