package io.sparkmomentum.io;

import io.sparkmomentum.data.IdIndex;
import io.sparkmomentum.model.MatrixFactorization;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A trained factorization model as it is saved: an {@link ArrayBundle} of kind {@value #KIND} holding the flat
 * parameters ({@code params}, in the layout P, Q, bu, bi), the raw user and item ids in index order, and metadata
 * (shape, μ, regularisation, clamp range, the run's config). No Java serialization.
 *
 * @param clamp {@code [min, max]} predictions are clamped to, or null
 */
public record SavedModel(MatrixFactorization model, double[] weights, IdIndex users, IdIndex items, double[] clamp,
    Map<String, Object> meta) {

  public static final String KIND = "spark-momentum/model";

  /** Writes the model atomically to {@code dir} (refusing an existing one unless {@code overwrite}). */
  public void save(String dir, Configuration conf, boolean overwrite) throws IOException {
    ArrayBundle.Builder b = ArrayBundle.builder(KIND);
    Map<String, Object> m = new LinkedHashMap<>(meta);
    m.put("model_type", "mf");
    m.put("num_users", model.numUsers());
    m.put("num_items", model.numItems());
    m.put("rank", model.rank());
    m.put("mu", model.mu());
    m.put("lambda", model.lambda());
    m.put("lambda_bias", model.lambdaBias());
    m.put("clamp", clamp == null ? null : List.of(clamp[0], clamp[1]));
    for (Map.Entry<String, Object> e : m.entrySet()) b.meta(e.getKey(), e.getValue());
    b.doubles("params", weights);
    b.strings("user_ids", users.rawIds());
    b.strings("item_ids", items.rawIds());
    b.writeTo(dir, conf, overwrite);
  }

  public static SavedModel load(String dir, Configuration conf) throws IOException {
    ArrayBundle b = ArrayBundle.read(dir, conf, KIND);
    Map<String, Object> m = b.meta();
    MatrixFactorization mf = new MatrixFactorization(num(m, "num_users").intValue(), num(m, "num_items").intValue(),
        num(m, "rank").intValue(), num(m, "mu").doubleValue(), num(m, "lambda").doubleValue(),
        num(m, "lambda_bias").doubleValue());
    double[] w = b.doubles("params");
    if (w.length != mf.layout().size()) {
      throw new InvalidBundleException("model at " + dir + " is inconsistent: " + w.length + " parameters, shape "
          + "needs " + mf.layout().size());
    }
    IdIndex users = IdIndex.of(b.strings("user_ids"));
    IdIndex items = IdIndex.of(b.strings("item_ids"));
    if (users.size() != mf.numUsers() || items.size() != mf.numItems()) {
      throw new InvalidBundleException("model at " + dir + " is inconsistent: " + users.size() + " user ids for "
          + mf.numUsers() + " users, " + items.size() + " item ids for " + mf.numItems() + " items");
    }
    double[] clamp = null;
    if (m.get("clamp") instanceof List<?> c && c.size() == 2) {
      clamp = new double[] {((Number) c.get(0)).doubleValue(), ((Number) c.get(1)).doubleValue()};
    }
    return new SavedModel(mf, w, users, items, clamp, m);
  }

  private static Number num(Map<String, Object> m, String key) throws InvalidBundleException {
    if (m.get(key) instanceof Number n) return n;
    throw new InvalidBundleException("model metadata lacks numeric '" + key + "' (got " + m.get(key) + ")");
  }

  /** The clamped prediction for raw ids; unknown ids fall back to μ plus the known bias. */
  public double predict(String user, String item) {
    return clamp(model.predict(weights, users.lookup(user), items.lookup(item)));
  }

  public double clamp(double p) {
    return clamp == null ? p : Math.min(clamp[1], Math.max(clamp[0], p));
  }
}
