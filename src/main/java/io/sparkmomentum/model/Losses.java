package io.sparkmomentum.model;

/** The numerically stable scalar pieces of the feature models' losses. */
public final class Losses {
  private Losses() {}

  /** {@code log(1 + exp(t))} without overflow: {@code t + log1p(exp(−t))} for {@code t > 0}. */
  public static double softplus(double t) {
    return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
  }

  /** The logistic function {@code 1 / (1 + exp(−t))} without overflow. */
  public static double sigmoid(double t) {
    if (t >= 0) return 1 / (1 + Math.exp(-t));
    double e = Math.exp(t);
    return e / (1 + e);
  }

  /** A binary label as ±1: labels above 0 are class +1, the others −1 (so 0/1 and ±1 labels both work). */
  public static double sign(double label) {
    return label > 0 ? 1 : -1;
  }

  /**
   * Turns {@code z[0, n)} into the softmax probabilities in place and returns {@code log Σ_c exp(z_c)}, computed as
   * {@code m + log Σ_c exp(z_c − m)} with {@code m = max_c z_c} so that no exponential overflows.
   */
  public static double softmaxInPlace(double[] z, int from, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < n; c++) m = Math.max(m, z[from + c]);
    double s = 0;
    for (int c = 0; c < n; c++) {
      double e = Math.exp(z[from + c] - m);
      z[from + c] = e;
      s += e;
    }
    for (int c = 0; c < n; c++) z[from + c] /= s;
    return m + Math.log(s);
  }

  /** The class id a label holds, or an error naming the row when it is not an integer in {@code [0, classes)}. */
  public static int classOf(double label, int classes, int row) {
    int c = (int) label;
    if (c != label || c < 0 || c >= classes) {
      throw new IllegalArgumentException("row " + row + ": label " + label + " is not a class id in [0, " + classes
          + ")");
    }
    return c;
  }
}
