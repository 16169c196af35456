package io.sparkmomentum.model;

/**
 * Least squares on feature rows: {@code ŷ = b + w·x}, {@code ℓ = ½(ŷ − y)²} per row (times its weight), plus
 * {@code l2/2 ‖w‖²} once per batch (Hoerl and Kennard 1970, "Ridge regression"; the bias is not regularised).
 * Gradient of a row: {@code ∂ℓ/∂b = e}, {@code ∂ℓ/∂w_j = e·x_j} with {@code e = ŷ − y}; of the batch term:
 * {@code l2·w}. With {@code intercept = false} and {@code l2 = 0} the batch mean is the {@code least_squares} loss
 * {@code 1/(2m) Σ (Xw − y)²} of the PyTorch references.
 *
 * <p>Layout: vector {@code "b"} (1) when there is an intercept, then vector {@code "w"} ({@code dim}), one row per
 * weight, so a sparse batch touches only its features' rows (and the bias) when {@code l2 = 0}.
 */
public final class LinearRegression implements RealScorer {
  private static final long serialVersionUID = 2L;
  private final LinearTerm term;

  public LinearRegression(int dim, boolean intercept, double l2) {
    this.term = new LinearTerm(dim, intercept, l2);
  }

  @Override
  public ParameterLayout layout() {
    return term.layout;
  }

  @Override
  public int numExamples(FeatureRows data) {
    return data.size();
  }

  @Override
  public double score(double[] w, FeatureRows x, int r) {
    return term.score(w, x, r);
  }

  @Override
  public double addLossGradient(double[] w, FeatureRows x, Selection sel, GradientBuffer grad) {
    term.checkShape(x);
    double[] g = grad.values();
    double[] y = x.labels();
    double loss = 0;
    for (int n = 0, size = sel.size(); n < size; n++) {
      int r = sel.index(n);
      double c = x.weight(r);
      double e = term.score(w, x, r) - y[r];
      loss += c * (0.5 * e * e);
      term.addGradient(g, x, r, c * e);
    }
    term.rows(x, sel, grad::touch);
    return loss + term.addL2(w, sel.size(), grad);
  }

  @Override
  public void markRowsRead(FeatureRows x, Selection sel, RowSet rows) {
    term.rows(x, sel, rows::add);
  }

  public int dim() {
    return term.dim;
  }

  public boolean intercept() {
    return term.intercept;
  }

  public double l2() {
    return term.l2;
  }
}
