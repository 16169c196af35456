package io.sparkmomentum.model;

import io.sparkmomentum.config.Check;
import java.io.Serializable;

/**
 * The affine score {@code z = b + w·x} shared by {@link LinearRegression} and {@link LogisticRegression}, with its
 * layout (a vector block {@code "b"} of 1 when there is an intercept, then a vector block {@code "w"} of
 * {@code dim}: one row per weight) and its L2 term {@code l2/2 ‖w‖²} charged once per batch (the bias is free).
 */
final class LinearTerm implements Serializable {
  private static final long serialVersionUID = 1L;
  final int dim;
  final boolean intercept;
  final double l2;
  final ParameterLayout layout;
  /** Offset (and first row) of {@code w}. */
  final int w;

  LinearTerm(int dim, boolean intercept, double l2) {
    Check.atLeast("data.num_features", dim, 1);
    Check.atLeast("model.l2", l2, 0.0);
    this.dim = dim;
    this.intercept = intercept;
    this.l2 = l2;
    ParameterLayout.Builder b = ParameterLayout.builder();
    if (intercept) b.vector("b", 1);
    this.layout = b.vector("w", dim).build();
    this.w = intercept ? 1 : 0;
  }

  void checkShape(FeatureRows x) {
    if (x.dim() != dim) throw new IllegalArgumentException("rows of " + x.dim() + " features, model of " + dim);
  }

  /** {@code b + w·x_r}. */
  double score(double[] p, FeatureRows x, int r) {
    double z = x.dot(r, p, w);
    return intercept ? p[0] + z : z;
  }

  /** Adds {@code c·∂z/∂θ}: {@code c} to {@code b}, {@code c·x_r} to {@code w}. */
  void addGradient(double[] g, FeatureRows x, int r, double c) {
    if (intercept) g[0] += c;
    x.addScaled(r, c, g, w);
  }

  /**
   * Adds {@code n·l2·w} to the gradient and returns {@code n·l2/2 ‖w‖²}: the once-per-batch term, exact after the
   * trainer divides by the batch's {@code n} examples. Touches every row of {@code w} when {@code l2 > 0}.
   */
  double addL2(double[] p, int n, GradientBuffer grad) {
    if (l2 == 0 || n == 0) return 0;
    double[] g = grad.values();
    double c = n * l2;
    double sq = 0;
    for (int j = w, e = w + dim; j < e; j++) {
      sq += p[j] * p[j];
      g[j] += c * p[j];
    }
    FeatureTouch.all(grad::touch, w, dim);
    return 0.5 * c * sq;
  }

  /** The rows a batch reads (and, with {@code l2 = 0}, writes): the bias and its features' weights. */
  void rows(FeatureRows x, Selection sel, FeatureTouch.Sink sink) {
    if (sel.size() == 0) return;
    if (intercept) sink.add(0);
    FeatureTouch.rows(x, sel, sink, w);
    if (l2 != 0) FeatureTouch.all(sink, w, dim);
  }
}
