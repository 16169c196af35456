package io.sparkmomentum.model;

/**
 * Least squares: {@code ℓ(x, y) = ½ (w·x − y)²}, gradient {@code (w·x − y) x}. The batch mean of ℓ is the
 * {@code least_squares} loss {@code 1/(2m) Σ (Xw − y)²} of the PyTorch references. Parameters: {@code w} (d).
 */
public final class LinearRegression implements Model<DenseRows> {
  private static final long serialVersionUID = 1L;
  private final ParameterLayout layout;

  public LinearRegression(int dim) {
    this.layout = ParameterLayout.builder().denseVector("w", dim).build();
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public int numExamples(DenseRows data) {
    return data.size();
  }

  @Override
  public double addLossGradient(double[] w, DenseRows data, Selection sel, GradientBuffer grad) {
    double[] g = grad.values();
    double loss = 0;
    for (int n = 0; n < sel.size(); n++) {
      int r = sel.index(n);
      double[] x = data.x()[r];
      double e = -data.y()[r];
      for (int j = 0; j < x.length; j++) e += w[j] * x[j];
      loss += 0.5 * e * e;
      for (int j = 0; j < x.length; j++) g[j] += e * x[j];
    }
    grad.touch(0);
    return loss;
  }
}
