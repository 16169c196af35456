package io.sparkmomentum.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regression metrics of any {@link RealScorer}: {@code rmse = √(Σ e² / n)} and {@code mae = Σ |e| / n} with
 * {@code e = ŷ − y}, where {@code ŷ} is clamped to {@code [clamp[0], clamp[1]]} when a range is given (the training
 * labels' range, {@code model.clamp}). Sums: {@code (Σ e², Σ |e|, n)}.
 *
 * @param clamp {@code [min, max]} of the predictions, or null
 */
public record RegressionMetrics(RealScorer model, double[] clamp) implements BlockMetrics<FeatureRows> {

  /** The prediction for row {@code r}, clamped. */
  public static double predict(RealScorer model, double[] clamp, double[] w, FeatureRows x, int r) {
    double p = model.score(w, x, r);
    return clamp == null ? p : Math.min(clamp[1], Math.max(clamp[0], p));
  }

  @Override
  public double[] sums(double[] w, FeatureRows x) {
    double sse = 0;
    double sae = 0;
    for (int r = 0; r < x.size(); r++) {
      double e = predict(model, clamp, w, x, r) - x.labels()[r];
      sse += e * e;
      sae += Math.abs(e);
    }
    return new double[] {sse, sae, x.size()};
  }

  @Override
  public Map<String, Double> finish(double[] t) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("rmse", Math.sqrt(t[0] / t[2]));
    m.put("mae", t[1] / t[2]);
    m.put("count", t[2]);
    return m;
  }
}
