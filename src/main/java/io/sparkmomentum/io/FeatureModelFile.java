package io.sparkmomentum.io;

import io.sparkmomentum.data.source.LabelKind;
import io.sparkmomentum.model.BlockMetrics;
import io.sparkmomentum.model.FeatureModelSpec;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.Metadata;
import io.sparkmomentum.model.Model;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A trained feature-row model ({@code linear}, {@code logistic}, {@code softmax}, {@code mlp}, {@code fm}) as it is
 * saved: the flat parameters ({@code params}, in the model's {@link io.sparkmomentum.model.ParameterLayout}) and
 * metadata: {@code model_type}, the spec's metadata ({@link FeatureModelSpec#metadata}: label kind, number of
 * features, shape, hyperparameters, clamp range) and the run's (config, rounds, partitions). No Java serialization.
 *
 * <p>Loading trusts nothing beyond the bundle's checksums: the model is rebuilt from the metadata by its spec
 * ({@link FeatureModelSpec#restore}), every value checked, and its layout must hold exactly as many numbers as
 * {@code params}.
 *
 * @param labels what the model's output means: a regression value, a binary margin or class logits
 * @param clamp  {@code [min, max]} regression predictions are clamped to, or null
 */
public record FeatureModelFile(FeatureModelSpec spec, Model<FeatureRows> model, LabelKind labels, double[] weights,
    double[] clamp, Map<String, Object> meta) implements ModelFile {

  @Override
  public String type() {
    return spec.type();
  }

  /** The number of features per row the model reads. */
  public int numFeatures() {
    return ((Number) meta.get("num_features")).intValue();
  }

  /** The held-out metrics of this model ({@link FeatureModelSpec#metrics(Model, LabelKind, double[])}). */
  public BlockMetrics<FeatureRows> metrics() {
    return FeatureModelSpec.metrics(model, labels, clamp);
  }

  /**
   * Writes the model atomically to {@code dir} (refusing an existing one unless {@code overwrite}).
   *
   * @param specMeta the spec's metadata ({@link FeatureModelSpec#metadata})
   * @param runMeta  the run's: config, rounds, partitions, and anything else to keep with the model
   */
  public static void save(String dir, Configuration conf, boolean overwrite, Map<String, Object> specMeta,
      Map<String, Object> runMeta, double[] weights) throws IOException {
    ArrayBundle.Builder b = ArrayBundle.builder(ModelFile.KIND);
    Map<String, Object> m = new LinkedHashMap<>(runMeta);
    m.putAll(specMeta);
    for (Map.Entry<String, Object> e : m.entrySet()) b.meta(e.getKey(), e.getValue());
    b.doubles("params", weights);
    b.writeTo(dir, conf, overwrite);
  }

  /** The model a bundle of one of the feature model types holds, validated. */
  static FeatureModelFile of(ArrayBundle b, FeatureModelSpec spec) throws InvalidBundleException {
    Map<String, Object> m = b.meta();
    LabelKind labels;
    Model<FeatureRows> model;
    double[] clamp;
    try {
      labels = spec.recordedLabels(m);
      model = spec.restore(m);
      clamp = Metadata.range(m, "clamp");
    } catch (IllegalArgumentException e) {
      throw SavedModel.inconsistent(b, e.getMessage());
    }
    if (clamp != null && labels != LabelKind.REAL) {
      throw SavedModel.inconsistent(b, "metadata 'clamp' is " + Json.write(m.get("clamp")) + ", expected null for "
          + labels.name().toLowerCase(java.util.Locale.ROOT) + " labels");
    }
    double[] w = b.doubles("params");
    int expected = model.layout().size();
    if (w.length != expected) {
      throw SavedModel.inconsistent(b, "params holds " + w.length + " numbers, but model_type " + spec.type()
          + " with this metadata has " + expected + " parameters (" + model.layout() + ")");
    }
    SavedModel.requireConfigText(b);
    return new FeatureModelFile(spec, model, labels, w, clamp, m);
  }
}
