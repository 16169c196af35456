package io.sparkmomentum.model;

/**
 * Binary logistic regression on feature rows (Cox 1958, "The regression analysis of binary sequences"): margin
 * {@code z = b + w·x}, labels above 0 are class {@code y = +1} and the others {@code y = −1}, and
 * {@code ℓ = log(1 + exp(−y·z))} per row (times its weight, computed without overflow), plus {@code l2/2 ‖w‖²} once
 * per batch (the bias is not regularised). Gradient of a row: {@code ∂ℓ/∂z = −y·σ(−y·z)}, times {@code 1} for
 * {@code b} and {@code x_j} for {@code w_j}; of the batch term: {@code l2·w}.
 *
 * <p>The {@code logistic} PyTorch reference is this model with {@code intercept = true} on {@code X[:, 1:]} (its
 * first column is the constant bias feature): our flat {@code [b, w]} is its {@code w}, and the batch mean is its
 * loss {@code mean(log(1 + exp(−y Xw))) + l2/2 ‖w[1:]‖²}.
 *
 * <p>Layout: vector {@code "b"} (1) when there is an intercept, then vector {@code "w"} ({@code dim}).
 */
public final class LogisticRegression implements RealScorer {
  private static final long serialVersionUID = 2L;
  private final LinearTerm term;

  public LogisticRegression(int dim, boolean intercept, double l2) {
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

  /** The margin {@code z}; the probability of class +1 is {@code σ(z)}. */
  @Override
  public double score(double[] w, FeatureRows x, int r) {
    return term.score(w, x, r);
  }

  @Override
  public double addLossGradient(double[] w, FeatureRows x, Selection sel, GradientBuffer grad) {
    term.checkShape(x);
    double[] g = grad.values();
    double[] labels = x.labels();
    double loss = 0;
    for (int n = 0, size = sel.size(); n < size; n++) {
      int r = sel.index(n);
      double c = x.weight(r);
      double y = Losses.sign(labels[r]);
      double m = -y * term.score(w, x, r);
      loss += c * Losses.softplus(m);
      term.addGradient(g, x, r, -c * y * Losses.sigmoid(m));
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
