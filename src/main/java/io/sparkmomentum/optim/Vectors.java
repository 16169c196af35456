package io.sparkmomentum.optim;

/** Small dense vector kernels on {@code double[]}. */
public final class Vectors {
  private Vectors() {}

  /** Euclidean norm, accumulated in index order (deterministic). */
  public static double norm2(double[] x) {
    double s = 0;
    for (double v : x) s += v * v;
    return Math.sqrt(s);
  }

  public static void scale(double[] x, double c) {
    for (int i = 0; i < x.length; i++) x[i] *= c;
  }

  /** {@code y += a·x}. */
  public static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) y[i] += a * x[i];
  }

  public static boolean allFinite(double[] x) {
    for (double v : x) if (!Double.isFinite(v)) return false;
    return true;
  }
}
