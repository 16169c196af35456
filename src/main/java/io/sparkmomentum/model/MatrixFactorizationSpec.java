package io.sparkmomentum.model;

import io.sparkmomentum.config.ModelConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model.type = mf}: biased matrix factorization ({@link MatrixFactorization}) on rating triples, μ = the
 * training mean, factors N(0, init_std²), metrics RMSE and MAE of predictions clamped to the training labels' range
 * ({@code model.clamp}), with cold-start counts.
 */
public final class MatrixFactorizationSpec implements ModelSpec<RatingColumns> {
  private static final long serialVersionUID = 1L;

  @Override
  public String type() {
    return "mf";
  }

  @Override
  public Examples examples() {
    return Examples.RATINGS;
  }

  /** With {@code model.gradient_scale = row}, the steps are row-scaled by the schema's row counts. */
  @Override
  public MatrixFactorization build(ModelConfig c, DataSchema s) {
    MatrixFactorization mf = new MatrixFactorization(s.numUsers(), s.numItems(), c.rank(), s.labelMean(), c.lambda(),
        c.lambdaBias());
    if (!c.rowScaled()) return mf;
    if (s.userCounts() == null) {
      throw new IllegalArgumentException("model.gradient_scale = row needs the training data's row counts");
    }
    return mf.withRowScales(s.count(), s.userCounts(), s.itemCounts(), c.rowCountFloor());
  }

  @Override
  public double[] initialParameters(Model<RatingColumns> model, ModelConfig c, DataSchema s, long seed) {
    return ((MatrixFactorization) model).initialParameters(c.initStd(), seed);
  }

  /** The clamp range of the predictions, or null. */
  public static double[] clamp(ModelConfig c, DataSchema s) {
    return c.clamp() ? new double[] {s.labelMin(), s.labelMax()} : null;
  }

  @Override
  public BlockMetrics<RatingColumns> metrics(Model<RatingColumns> model, ModelConfig c, DataSchema s) {
    return new RatingErrors((MatrixFactorization) model, clamp(c, s));
  }

  @Override
  public Map<String, Object> metadata(Model<RatingColumns> model, ModelConfig c, DataSchema s) {
    return metadata((MatrixFactorization) model, clamp(c, s));
  }

  /** The shape, μ, regularisation and clamp range, as the model files record them. */
  public static Map<String, Object> metadata(MatrixFactorization mf, double[] clamp) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_type", "mf");
    m.put("num_users", mf.numUsers());
    m.put("num_items", mf.numItems());
    m.put("rank", mf.rank());
    m.put("mu", mf.mu());
    m.put("lambda", mf.lambda());
    m.put("lambda_bias", mf.lambdaBias());
    m.put("clamp", clamp == null ? null : List.of(clamp[0], clamp[1]));
    return m;
  }

  /**
   * Sums {@code (Σe², Σ|e|, n, cold users, cold items)} of clamped predictions; a rating whose user or item is
   * unknown (cold start) is scored {@code μ + known bias}.
   */
  public record RatingErrors(MatrixFactorization model, double[] clamp) implements BlockMetrics<RatingColumns> {
    @Override
    public double[] sums(double[] w, RatingColumns data) {
      double sse = 0;
      double sae = 0;
      long coldU = 0;
      long coldI = 0;
      for (int x = 0; x < data.size(); x++) {
        int u = data.users()[x];
        int i = data.items()[x];
        if (u < 0 || u >= model.numUsers()) coldU++;
        if (i < 0 || i >= model.numItems()) coldI++;
        double p = model.predict(w, u, i);
        if (clamp != null) p = Math.min(clamp[1], Math.max(clamp[0], p));
        double e = p - data.ratings()[x];
        sse += e * e;
        sae += Math.abs(e);
      }
      return new double[] {sse, sae, data.size(), coldU, coldI};
    }

    @Override
    public Map<String, Double> finish(double[] t) {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("rmse", Math.sqrt(t[0] / t[2]));
      m.put("mae", t[1] / t[2]);
      m.put("count", t[2]);
      m.put("cold_users", t[3]);
      m.put("cold_items", t[4]);
      return m;
    }
  }
}
