package io.sparkmomentum.model;

import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.data.source.LabelKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code model.type = softmax}: multinomial logistic regression ({@link SoftmaxRegression}) over
 * {@code data.num_classes} classes ({@code model.intercept}, {@code model.l2}); starts at zero (uniform class
 * probabilities). Metrics accuracy, log-loss and the confusion matrix ({@link ClassMetrics}).
 */
public final class SoftmaxRegressionSpec extends FeatureModelSpec {
  private static final long serialVersionUID = 1L;

  @Override
  public String type() {
    return "softmax";
  }

  @Override
  public LabelKind labels(ModelConfig c) {
    return LabelKind.CLASS;
  }

  @Override
  public LabelKind labels(Map<String, Object> metadata) {
    return LabelKind.CLASS;
  }

  @Override
  public SoftmaxRegression build(ModelConfig c, DataSchema s) {
    return new SoftmaxRegression(s.numFeatures(), classes(s), c.intercept(), c.l2());
  }

  @Override
  public double[] initialParameters(Model<FeatureRows> model, ModelConfig c, DataSchema s, long seed) {
    return new double[model.layout().size()];
  }

  @Override
  protected Map<String, Object> shape(ModelConfig c, DataSchema s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("num_classes", (long) s.numClasses());
    m.put("intercept", c.intercept());
    m.put("l2", c.l2());
    return m;
  }

  @Override
  public SoftmaxRegression restore(Map<String, Object> m) {
    return new SoftmaxRegression(numFeatures(m), numClasses(m), Metadata.bool(m, "intercept"),
        Metadata.nonNegative(m, "l2"));
  }
}
