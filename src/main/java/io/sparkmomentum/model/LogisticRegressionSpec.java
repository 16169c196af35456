package io.sparkmomentum.model;

import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.data.source.LabelKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code model.type = logistic}: binary logistic regression ({@link LogisticRegression}, {@code model.intercept},
 * {@code model.l2}) on labels {@code -1/+1} or {@code 0/1}; starts at zero (every probability 1/2). Metrics
 * accuracy, log-loss and AUC ({@link BinaryMetrics}).
 */
public final class LogisticRegressionSpec extends FeatureModelSpec {
  private static final long serialVersionUID = 1L;

  @Override
  public String type() {
    return "logistic";
  }

  @Override
  public LabelKind labels(ModelConfig c) {
    return LabelKind.BINARY;
  }

  @Override
  public LabelKind labels(Map<String, Object> metadata) {
    return LabelKind.BINARY;
  }

  @Override
  public LogisticRegression build(ModelConfig c, DataSchema s) {
    return new LogisticRegression(s.numFeatures(), c.intercept(), c.l2());
  }

  @Override
  public double[] initialParameters(Model<FeatureRows> model, ModelConfig c, DataSchema s, long seed) {
    return new double[model.layout().size()];
  }

  @Override
  protected Map<String, Object> shape(ModelConfig c, DataSchema s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("intercept", c.intercept());
    m.put("l2", c.l2());
    return m;
  }

  @Override
  public LogisticRegression restore(Map<String, Object> m) {
    return new LogisticRegression(numFeatures(m), Metadata.bool(m, "intercept"), Metadata.nonNegative(m, "l2"));
  }
}
