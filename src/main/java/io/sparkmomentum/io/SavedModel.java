package io.sparkmomentum.io;

import io.sparkmomentum.data.IdIndex;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.MatrixFactorizationSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A trained factorization model as it is saved: an {@link ArrayBundle} of kind {@value #KIND} holding the flat
 * parameters ({@code params}, in the layout P, Q, bu, bi), the raw user and item ids in index order, and metadata
 * (shape, μ, regularisation, clamp range, the run's config). No Java serialization.
 *
 * <p>{@link #load} trusts nothing: besides the bundle's own checks (every array's CRC-32C and the checksum of
 * {@code bundle.json}), the metadata must be complete and consistent with the arrays (shape against the number of
 * parameters and ids, finite μ, a valid clamp range), so that even a deliberately re-checksummed manifest cannot
 * load as a different model.
 *
 * @param clamp {@code [min, max]} predictions are clamped to, or null
 */
public record SavedModel(MatrixFactorization model, double[] weights, IdIndex users, IdIndex items, double[] clamp,
    Map<String, Object> meta) implements ModelFile {

  public static final String KIND = ModelFile.KIND;

  @Override
  public String type() {
    return "mf";
  }

  /** Writes the model atomically to {@code dir} (refusing an existing one unless {@code overwrite}). */
  public void save(String dir, Configuration conf, boolean overwrite) throws IOException {
    ArrayBundle.Builder b = ArrayBundle.builder(KIND);
    Map<String, Object> m = new LinkedHashMap<>(meta);
    m.putAll(MatrixFactorizationSpec.metadata(model, clamp));
    for (Map.Entry<String, Object> e : m.entrySet()) b.meta(e.getKey(), e.getValue());
    b.doubles("params", weights);
    b.strings("user_ids", users.rawIds());
    b.strings("item_ids", items.rawIds());
    b.writeTo(dir, conf, overwrite);
  }

  /**
   * Reads and validates the model in {@code dir}.
   *
   * @throws FileNotFoundException if nothing is at {@code dir}
   * @throws InvalidBundleException if it is not an intact, consistent model; the message names the directory and
   *     what is wrong (with a hint when {@code dir} is a run directory or a checkpoint)
   */
  public static SavedModel load(String dir, Configuration conf) throws IOException {
    ArrayBundle b = read(dir, conf);
    if (!"mf".equals(b.meta().get("model_type"))) {
      throw inconsistent(b, "model_type is " + Json.write(b.meta().get("model_type")) + ", expected \"mf\"");
    }
    return of(b);
  }

  /** A model bundle at {@code dir}, its kind checked (with a hint when it is a run directory or a checkpoint). */
  static ArrayBundle read(String dir, Configuration conf) throws IOException {
    try {
      return ArrayBundle.read(dir, conf, KIND);
    } catch (InvalidBundleException e) {
      throw withHint(e, dir, conf);
    }
  }

  /** The factorization model a bundle of model type {@code mf} holds, validated. */
  static SavedModel of(ArrayBundle b) throws InvalidBundleException {
    String what = "model at " + b.location();
    Map<String, Object> m = b.meta();
    long numUsers = count(m, "num_users", 0, what);
    long numItems = count(m, "num_items", 0, what);
    long rank = count(m, "rank", 1, what);
    double mu = real(m, "mu", what);
    double lambda = real(m, "lambda", what);
    double lambdaBias = real(m, "lambda_bias", what);
    if (!(lambda >= 0) || !(lambdaBias >= 0)) {
      throw inconsistent(what, "lambda " + lambda + " and lambda_bias " + lambdaBias + " must be >= 0");
    }
    double[] w = b.doubles("params");
    long expected = (numUsers + numItems) * (rank + 1); // cannot overflow: each factor is below 2^31
    if (w.length != expected) {
      throw inconsistent(what, "params holds " + w.length + " numbers, but num_users " + numUsers + ", num_items "
          + numItems + " and rank " + rank + " need " + expected);
    }
    List<String> userIds = b.strings("user_ids");
    List<String> itemIds = b.strings("item_ids");
    if (userIds.size() != numUsers || itemIds.size() != numItems) {
      throw inconsistent(what, userIds.size() + " user ids for num_users " + numUsers + ", " + itemIds.size()
          + " item ids for num_items " + numItems);
    }
    IdIndex users;
    IdIndex items;
    try {
      users = IdIndex.of(userIds);
      items = IdIndex.of(itemIds);
    } catch (IllegalArgumentException e) {
      throw inconsistent(what, "bad id list (" + e.getMessage() + ")");
    }
    double[] clamp = clamp(m.get("clamp"), what);
    requireConfigText(b);
    MatrixFactorization mf = new MatrixFactorization((int) numUsers, (int) numItems, (int) rank, mu, lambda,
        lambdaBias);
    return new SavedModel(mf, w, users, items, clamp, m);
  }

  /** Adds what the user probably meant when {@code dir} is a run directory or a checkpoint. */
  private static InvalidBundleException withHint(InvalidBundleException e, String dir, Configuration conf) {
    String msg = e.getMessage();
    String hint = null;
    if (msg.contains("'" + CheckpointStore.KIND + "'")) {
      hint = "a training checkpoint is not a saved model: use RUN_DIR/model";
    } else if (msg.contains(ArrayBundle.MANIFEST + " is missing")) {
      try {
        Path model = new Path(dir, "model");
        FileSystem fs = Fs.of(model, conf);
        if (fs.exists(new Path(model, ArrayBundle.MANIFEST))) {
          hint = "this looks like a run directory: the model is in " + fs.makeQualified(model);
        }
      } catch (IOException | RuntimeException ignored) {
        // no hint then
      }
    }
    return hint == null ? e : new InvalidBundleException(msg + " (" + hint + ")", e);
  }

  private static InvalidBundleException inconsistent(String what, String detail) {
    return new InvalidBundleException(what + " is inconsistent: " + detail);
  }

  /** The model in {@code b} is inconsistent, for the reason {@code detail}. */
  static InvalidBundleException inconsistent(ArrayBundle b, String detail) {
    return inconsistent("model at " + b.location(), detail);
  }

  /** The run's config, when recorded, is text. */
  static void requireConfigText(ArrayBundle b) throws InvalidBundleException {
    if (b.meta().containsKey("config") && !(b.meta().get("config") instanceof String)) {
      throw inconsistent(b, "config is not a string");
    }
  }

  private static long count(Map<String, Object> m, String key, long min, String what) throws InvalidBundleException {
    Object v = m.get(key);
    if (!(v instanceof Long) || (Long) v < min || (Long) v > Integer.MAX_VALUE - 8) {
      throw inconsistent(what, "metadata '" + key + "' is " + Json.write(v) + ", expected an integer >= " + min);
    }
    return (Long) v;
  }

  private static double real(Map<String, Object> m, String key, String what) throws InvalidBundleException {
    Object v = m.get(key);
    if (!(v instanceof Double || v instanceof Long) || !Double.isFinite(((Number) v).doubleValue())) {
      throw inconsistent(what, "metadata '" + key + "' is " + Json.write(v) + ", expected a finite number");
    }
    return ((Number) v).doubleValue();
  }

  private static double[] clamp(Object v, String what) throws InvalidBundleException {
    if (v == null) return null;
    if (v instanceof List<?> c && c.size() == 2 && c.get(0) instanceof Number lo && c.get(1) instanceof Number hi
        && Double.isFinite(lo.doubleValue()) && Double.isFinite(hi.doubleValue())
        && lo.doubleValue() <= hi.doubleValue()) {
      return new double[] {lo.doubleValue(), hi.doubleValue()};
    }
    throw inconsistent(what, "metadata 'clamp' is " + Json.write(v) + ", expected null or [min, max]");
  }

  /** The clamped prediction for raw ids; unknown ids fall back to μ plus the known bias. */
  public double predict(String user, String item) {
    return clamp(model.predict(weights, users.lookup(user), items.lookup(item)));
  }

  public double clamp(double p) {
    return clamp == null ? p : Math.min(clamp[1], Math.max(clamp[0], p));
  }
}
