package io.sparkmomentum.data.synth;

import java.util.Arrays;

/**
 * The maximum-likelihood Zipf exponent of a rank-frequency curve: with the {@code m} counts sorted decreasing,
 * {@code c_1 ≥ … ≥ c_m}, {@code N = Σc_r}, each rating's rank is modelled as drawn from {@code p_r = r^(−s)/H_m(s)},
 * {@code H_m(s) = Σ_{r≤m} r^(−s)}; the negative log-likelihood {@code s·Σ c_r ln r + N ln H_m(s)} is convex in
 * {@code s} (its second derivative is N times the variance of {@code ln r} under {@code p}), and its minimum is
 * found by bisection on the derivative {@code Σ c_r ln r − N·E_p[ln r]} (A. Clauset, C. R. Shalizi, M. E. J. Newman,
 * "Power-law distributions in empirical data", SIAM Review 51(4), 2009, §3, for the discrete MLE).
 *
 * <p>A log-log regression of the whole curve is dominated by the long tail of ranks with a few counts, where real
 * data is not a power law (it gives 1.40 for ML-100K's items, a model whose top item would hold 31% of all
 * ratings); the MLE is fitted by the mass and reproduces the share of the top 10% (see {@link RealisticRatings}).
 */
public final class ZipfFit {
  private ZipfFit() {}

  /** The MLE exponent in {@code [0, 10]} of these counts (any order; zeros are ranks too). */
  public static double exponent(int[] counts) {
    int[] c = counts.clone();
    Arrays.sort(c);
    int m = c.length;
    double n = 0;
    double observed = 0; // Σ c_r ln r
    for (int r = 1; r <= m; r++) {
      int cr = c[m - r];
      n += cr;
      observed += cr * Math.log(r);
    }
    if (m < 2 || n == 0) throw new IllegalArgumentException("need at least 2 ranks and 1 rating");
    double lo = 0;
    double hi = 10;
    for (int it = 0; it < 100; it++) {
      double s = (lo + hi) / 2;
      double z = 0;
      double e = 0;
      for (int r = 1; r <= m; r++) {
        double p = Math.pow(r, -s);
        z += p;
        e += p * Math.log(r);
      }
      if (observed - n * e / z > 0) hi = s; else lo = s; // derivative > 0: s too large
    }
    return (lo + hi) / 2;
  }
}
