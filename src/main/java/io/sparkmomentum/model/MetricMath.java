package io.sparkmomentum.model;

/** Numerically stable pieces of the log-losses, shared by the metrics (no {@code log(0)}, no overflow). */
final class MetricMath {
  private MetricMath() {}

  /** {@code log(1 + exp(t))} without overflow. */
  static double softplus(double t) {
    return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
  }

  /** The logistic function {@code σ(t) = 1 / (1 + exp(−t))} without overflow. */
  static double sigmoid(double t) {
    if (t >= 0) return 1 / (1 + Math.exp(-t));
    double e = Math.exp(t);
    return e / (1 + e);
  }

  /** {@code log Σ_k exp(z_k)} over {@code z[0, n)}, shifted by the maximum. */
  static double logSumExp(double[] z, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) max = Math.max(max, z[k]);
    if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) return max;
    double s = 0;
    for (int k = 0; k < n; k++) s += Math.exp(z[k] - max);
    return max + Math.log(s);
  }
}
