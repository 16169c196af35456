package io.sparkmomentum.model;

/**
 * Logistic regression with labels {@code y ∈ {−1, +1}} and an unregularised bias in {@code w[0]} (the caller puts
 * a constant 1 in {@code x[0]}): {@code ℓ(x, y) = log(1 + exp(−y w·x)) + l2/2 Σ_{j≥1} w_j²}. The regulariser is
 * charged once per example, so the batch mean equals the {@code logistic} loss of the PyTorch references
 * ({@code mean(log(1 + exp(−y Xw))) + l2/2 ‖w[1:]‖²}). Gradient: {@code −y σ(−y w·x) x + l2 (0, w₁, …)}.
 */
public final class LogisticRegression implements Model<DenseRows> {
  private static final long serialVersionUID = 1L;
  private final ParameterLayout layout;
  private final double l2;

  public LogisticRegression(int dim, double l2) {
    this.layout = ParameterLayout.builder().denseVector("w", dim).build();
    this.l2 = l2;
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public int numExamples(DenseRows data) {
    return data.size();
  }

  /** {@code log(1 + exp(t))} without overflow. */
  static double softplus(double t) {
    return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
  }

  /** The logistic function {@code 1 / (1 + exp(−t))} without overflow. */
  static double sigmoid(double t) {
    if (t >= 0) return 1 / (1 + Math.exp(-t));
    double e = Math.exp(t);
    return e / (1 + e);
  }

  @Override
  public double addLossGradient(double[] w, DenseRows data, Selection sel, GradientBuffer grad) {
    double[] g = grad.values();
    double reg = 0;
    for (int j = 1; j < w.length; j++) reg += w[j] * w[j];
    reg *= 0.5 * l2;
    double loss = 0;
    for (int n = 0; n < sel.size(); n++) {
      int r = sel.index(n);
      double[] x = data.x()[r];
      double y = data.y()[r];
      double z = 0;
      for (int j = 0; j < x.length; j++) z += w[j] * x[j];
      loss += softplus(-y * z) + reg;
      double c = -y * sigmoid(-y * z);
      g[0] += c * x[0];
      for (int j = 1; j < x.length; j++) g[j] += c * x[j] + l2 * w[j];
    }
    grad.touch(0);
    return loss;
  }
}
