package io.sparkmomentum.model;

import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.data.source.LabelKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code model.type = linear}: least squares on real labels ({@link LinearRegression}, {@code model.intercept},
 * {@code model.l2}); starts at zero, bias included, as the seed's Keras {@code Dense(1)} starts its bias. Metrics RMSE
 * and MAE.
 */
public final class LinearRegressionSpec extends FeatureModelSpec {
  private static final long serialVersionUID = 1L;

  @Override
  public String type() {
    return "linear";
  }

  @Override
  public LabelKind labels(ModelConfig c) {
    return LabelKind.REAL;
  }

  @Override
  public LabelKind labels(Map<String, Object> metadata) {
    return LabelKind.REAL;
  }

  @Override
  public LinearRegression build(ModelConfig c, DataSchema s) {
    return new LinearRegression(s.numFeatures(), c.intercept(), c.l2());
  }

  @Override
  public double[] initialParameters(Model<FeatureRows> model, ModelConfig c, DataSchema s, long seed) {
    return new double[model.layout().size()]; // zeros, as the seed's Keras Dense(1) starts its bias
  }

  @Override
  protected Map<String, Object> shape(ModelConfig c, DataSchema s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("intercept", c.intercept());
    m.put("l2", c.l2());
    return m;
  }

  @Override
  public LinearRegression restore(Map<String, Object> m) {
    return new LinearRegression(numFeatures(m), Metadata.bool(m, "intercept"), Metadata.nonNegative(m, "l2"));
  }
}
