package io.sparkmomentum.model;

import io.sparkmomentum.config.Check;

/**
 * Multinomial logistic (softmax) regression on feature rows (Bishop 2006, "Pattern Recognition and Machine
 * Learning", §4.3.4): logits {@code z_c = b_c + Σ_j x_j W_jc}, {@code p = softmax(z)}, and per row (times its
 * weight) the cross-entropy {@code ℓ = log Σ_c exp(z_c) − z_y} for the class id {@code y ∈ [0, classes)}, computed
 * as a stable log-sum-exp; plus {@code l2/2 ‖W‖²} once per batch (the biases are not regularised). Gradient of a row:
 * {@code ∂ℓ/∂z_c = p_c − [c = y]}, so {@code ∂ℓ/∂W_jc = x_j (p_c − [c = y])} and {@code ∂ℓ/∂b_c = p_c − [c = y]};
 * of the batch term: {@code l2·W}.
 *
 * <p>Layout: matrix {@code "W"} ({@code dim × classes}: one row per feature, so a sparse batch touches only its
 * features' rows), then dense vector {@code "b"} ({@code classes}, one row) when there is an intercept.
 */
public final class SoftmaxRegression implements ClassScorer {
  private static final long serialVersionUID = 1L;
  private final int dim;
  private final int classes;
  private final boolean intercept;
  private final double l2;
  private final ParameterLayout layout;
  /** Offset of {@code b} (and {@code dim}, its row). */
  private final int bOffset;

  public SoftmaxRegression(int dim, int classes, boolean intercept, double l2) {
    Check.atLeast("data.num_features", dim, 1);
    Check.atLeast("data.num_classes", classes, 2);
    Check.atLeast("model.l2", l2, 0.0);
    this.dim = dim;
    this.classes = classes;
    this.intercept = intercept;
    this.l2 = l2;
    ParameterLayout.Builder b = ParameterLayout.builder().matrix("W", dim, classes);
    if (intercept) b.denseVector("b", classes);
    this.layout = b.build();
    this.bOffset = dim * classes;
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public int numExamples(FeatureRows data) {
    return data.size();
  }

  @Override
  public int numClasses() {
    return classes;
  }

  @Override
  public void logits(double[] w, FeatureRows x, int r, double[] out) {
    int k = classes;
    if (intercept) {
      System.arraycopy(w, bOffset, out, 0, k);
    } else {
      java.util.Arrays.fill(out, 0, k, 0.0);
    }
    double[] v = x.values();
    for (int p = x.start(r), e = x.end(r); p < e; p++) {
      double xv = v[p];
      if (xv == 0) continue;
      int row = x.index(r, p) * k;
      for (int c = 0; c < k; c++) out[c] += xv * w[row + c];
    }
  }

  @Override
  public double addLossGradient(double[] w, FeatureRows x, Selection sel, GradientBuffer grad) {
    if (x.dim() != dim) throw new IllegalArgumentException("rows of " + x.dim() + " features, model of " + dim);
    double[] g = grad.values();
    double[] v = x.values();
    double[] labels = x.labels();
    int k = classes;
    double[] z = new double[k];
    double loss = 0;
    for (int n = 0, size = sel.size(); n < size; n++) {
      int r = sel.index(n);
      int y = Losses.classOf(labels[r], k, r);
      double c = x.weight(r);
      logits(w, x, r, z);
      double zy = z[y];
      loss += c * (Losses.softmaxInPlace(z, 0, k) - zy);
      z[y] -= 1;
      for (int q = 0; q < k; q++) z[q] *= c;
      if (intercept) for (int q = 0; q < k; q++) g[bOffset + q] += z[q];
      for (int p = x.start(r), e = x.end(r); p < e; p++) {
        double xv = v[p];
        if (xv == 0) continue;
        int row = x.index(r, p) * k;
        for (int q = 0; q < k; q++) g[row + q] += xv * z[q];
      }
    }
    rows(x, sel, grad::touch);
    if (l2 == 0 || sel.size() == 0) return loss;
    double s = sel.size() * l2;
    double sq = 0;
    for (int j = 0; j < bOffset; j++) {
      sq += w[j] * w[j];
      g[j] += s * w[j];
    }
    return loss + 0.5 * s * sq;
  }

  @Override
  public void markRowsRead(FeatureRows x, Selection sel, RowSet rows) {
    rows(x, sel, rows::add);
  }

  /** Rows read and written: the features' rows of {@code W} (all of them when {@code l2 > 0}) and {@code b}. */
  private void rows(FeatureRows x, Selection sel, FeatureTouch.Sink sink) {
    if (sel.size() == 0) return;
    if (l2 != 0) {
      FeatureTouch.all(sink, 0, dim);
    } else {
      FeatureTouch.rows(x, sel, sink, 0);
    }
    if (intercept) sink.add(dim);
  }

  public int dim() {
    return dim;
  }

  public int classes() {
    return classes;
  }

  public boolean intercept() {
    return intercept;
  }

  public double l2() {
    return l2;
  }
}
