package io.sparkmomentum.model;

import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.data.source.LabelKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the feature-row models share: they train on {@link FeatureRows}; their metrics follow from the label kind
 * (regression {@link RegressionMetrics}, binary {@link BinaryMetrics}, classes {@link ClassMetrics}); and their
 * model files record {@code model_type}, {@code labels}, {@code num_features}, the prediction clamp range and the
 * model's own shape and hyperparameters, from which {@link #restore} rebuilds the model.
 */
public abstract class FeatureModelSpec implements ModelSpec<FeatureRows> {
  private static final long serialVersionUID = 1L;
  /** The largest {@code num_features} or {@code num_classes} a model file may record. */
  static final int MAX_SIZE = Integer.MAX_VALUE - 8;

  @Override
  public final Examples examples() {
    return Examples.FEATURE_ROWS;
  }

  /** The range predictions are clamped to (regression with {@code model.clamp}), else null. */
  public double[] clamp(ModelConfig c, DataSchema s) {
    return null;
  }

  /** The model's shape and hyperparameters, beyond {@code num_features} (see {@link #restore}). */
  protected abstract Map<String, Object> shape(ModelConfig c, DataSchema s);

  /**
   * The model a file's metadata describes: the inverse of {@link #metadata}.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or out of range
   */
  public abstract Model<FeatureRows> restore(Map<String, Object> metadata);

  @Override
  public final BlockMetrics<FeatureRows> metrics(Model<FeatureRows> model, ModelConfig c, DataSchema s) {
    return metrics(model, labels(c), clamp(c, s));
  }

  /** The held-out metrics of a model whose outputs are read as {@code labels}. */
  public static BlockMetrics<FeatureRows> metrics(Model<FeatureRows> model, LabelKind labels, double[] clamp) {
    return switch (labels) {
      case REAL -> new RegressionMetrics((RealScorer) model, clamp);
      case BINARY -> new BinaryMetrics((RealScorer) model);
      case CLASS -> new ClassMetrics((ClassScorer) model);
    };
  }

  @Override
  public final Map<String, Object> metadata(Model<FeatureRows> model, ModelConfig c, DataSchema s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_type", type());
    m.put("labels", labels(c).name().toLowerCase(Locale.ROOT));
    m.put("num_features", (long) s.numFeatures());
    m.putAll(shape(c, s));
    m.put("clamp", Metadata.range(clamp(c, s)));
    return m;
  }

  /** The label kind of the model a file describes (as {@link #labels(ModelConfig)} for its config). */
  public abstract LabelKind labels(Map<String, Object> metadata);

  /**
   * The label kind a model file records, which must be the one its model reads.
   *
   * @throws IllegalArgumentException when it is not
   */
  public final LabelKind recordedLabels(Map<String, Object> metadata) {
    LabelKind k = labels(metadata);
    String name = k.name().toLowerCase(Locale.ROOT);
    Metadata.oneOf(metadata, "labels", List.of(name));
    return k;
  }

  /** {@code num_features} of a model file. */
  static int numFeatures(Map<String, Object> metadata) {
    return Metadata.integer(metadata, "num_features", 1, MAX_SIZE);
  }

  /** {@code num_classes} of a model file. */
  static int numClasses(Map<String, Object> metadata) {
    return Metadata.integer(metadata, "num_classes", 2, MAX_SIZE);
  }

  /** The number of classes of class-label data, refusing fewer than two. */
  static int classes(DataSchema s) {
    if (s.numClasses() < 2) {
      throw new io.sparkmomentum.config.ConfigException("data.num_classes", s.numClasses(), "at least 2 classes "
          + "(0: the largest training label + 1)");
    }
    return s.numClasses();
  }
}
