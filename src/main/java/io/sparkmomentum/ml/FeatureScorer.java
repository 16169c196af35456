package io.sparkmomentum.ml;

import io.sparkmomentum.data.source.LabelKind;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.model.ClassMetrics;
import io.sparkmomentum.model.ClassScorer;
import io.sparkmomentum.model.FeatureModelSpec;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.Losses;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ModelRegistry;
import io.sparkmomentum.model.RealScorer;
import io.sparkmomentum.model.RegressionMetrics;
import java.io.Serializable;
import java.util.Map;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * A trained feature-row model ({@code linear}, {@code logistic}, {@code softmax}, {@code mlp}, {@code fm}) as the
 * executors score it: the spec's metadata (shape and hyperparameters, from which {@link FeatureModelSpec#restore}
 * rebuilds the model), the weights and the clamp range. Only a JSON string and arrays are serialized; the model is
 * rebuilt on first use in each JVM. A vector's values are read as floats, as training read them (and as the CLI's
 * readers read files), so the CLI's {@code predict} on a file and this scorer on the same rows agree.
 *
 * <p>Outputs: a regression's value ({@link RegressionMetrics#predict}: clamped when the model clamps); a binary
 * model's margin {@code m}, as Spark's raw prediction {@code (-m, m)} and probability {@code (1 - σ(m), σ(m))}; a
 * class model's logits {@code z} and {@code softmax(z)}.
 */
final class FeatureScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String type;
  private final String metadata;
  private final LabelKind labels;
  private final double[] weights;
  private final double[] clamp;
  private final int numFeatures;
  private transient volatile Model<FeatureRows> model;

  /**
   * @param metadata the spec's metadata ({@link FeatureModelSpec#metadata}), which {@code restore} reads back
   * @param clamp    {@code [min, max]} of regression predictions, or null
   */
  FeatureScorer(FeatureModelSpec spec, Map<String, Object> metadata, double[] weights, double[] clamp) {
    this.type = spec.type();
    this.metadata = Json.write(metadata);
    this.labels = spec.recordedLabels(metadata);
    this.weights = weights;
    this.clamp = clamp == null ? null : clamp.clone();
    this.model = spec.restore(metadata);
    this.numFeatures = ((Number) metadata.get("num_features")).intValue();
    if (model.layout().size() != weights.length) {
      throw new IllegalArgumentException("model_type " + type + " with this metadata has " + model.layout().size()
          + " parameters, not " + weights.length);
    }
  }

  Model<FeatureRows> model() {
    Model<FeatureRows> m = model;
    if (m == null) { // after deserialization; two threads may both build it, to the same value
      m = spec().restore(metadata());
      model = m;
    }
    return m;
  }

  FeatureModelSpec spec() {
    return (FeatureModelSpec) ModelRegistry.spec(type);
  }

  Map<String, Object> metadata() {
    return Json.readMap(metadata);
  }

  LabelKind labels() {
    return labels;
  }

  /** The trained parameters in the model's layout (the array itself: do not modify). */
  double[] weights() {
    return weights;
  }

  double[] clamp() {
    return clamp == null ? null : clamp.clone();
  }

  int numFeatures() {
    return numFeatures;
  }

  /** 2 for a binary model, the class count of a class model, 1 for a regression. */
  int numClasses() {
    return switch (labels) {
      case REAL -> 1;
      case BINARY -> 2;
      case CLASS -> ((ClassScorer) model()).numClasses();
    };
  }

  /** A regression's prediction (clamped as in training). */
  double regression(Vector v) {
    return RegressionMetrics.predict((RealScorer) model(), clamp, weights, row(v), 0);
  }

  /** The raw prediction: {@code (-m, m)} of a binary model's margin, or the logits. */
  double[] raw(Vector v) {
    FeatureRows x = row(v);
    if (labels == LabelKind.BINARY) {
      double m = ((RealScorer) model()).score(weights, x, 0);
      return new double[] {-m, m};
    }
    double[] z = new double[numClasses()];
    ((ClassScorer) model()).logits(weights, x, 0, z);
    return z;
  }

  /** The class probabilities of a raw prediction, in place. */
  void probabilityInPlace(double[] raw) {
    if (labels == LabelKind.BINARY) {
      double p = Losses.sigmoid(raw[1]);
      raw[0] = 1 - p;
      raw[1] = p;
    } else {
      Losses.softmaxInPlace(raw, 0, raw.length);
    }
  }

  /**
   * The class of a raw prediction, as the CLI's metrics count it: a binary model's class 1 when {@code σ(m) ≥ 1/2},
   * else the first class of the largest logit.
   */
  double predictedClass(double[] raw) {
    if (labels == LabelKind.BINARY) return Losses.sigmoid(raw[1]) >= 0.5 ? 1 : 0;
    return ClassMetrics.argMax(raw, raw.length);
  }

  /** One row of the model's width, its values read as floats. */
  private FeatureRows row(Vector v) {
    int dim = numFeatures;
    if (v.size() != dim) {
      throw new IllegalArgumentException("a features vector of size " + v.size() + "; the model (" + type
          + ") was trained on " + dim + " features");
    }
    if (v instanceof SparseVector s) {
      double[] val = new double[s.values().length];
      for (int k = 0; k < val.length; k++) val[k] = (float) s.values()[k];
      return new FeatureRows(dim, new int[] {0, val.length}, s.indices().clone(), val, new double[1], null);
    }
    double[] val = v.toArray().clone();
    for (int k = 0; k < val.length; k++) val[k] = (float) val[k];
    return new FeatureRows(dim, null, null, val, new double[1], null);
  }
}
