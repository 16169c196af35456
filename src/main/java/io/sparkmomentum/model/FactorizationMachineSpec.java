package io.sparkmomentum.model;

import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.data.source.LabelKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model.type = fm}: a factorization machine ({@link FactorizationMachine}; Rendle 2010, "Factorization
 * Machines") of rank {@code model.rank} with {@code model.lambda_linear} and {@code model.lambda_factors}, for
 * {@code model.task = regression} (real labels; metrics RMSE and MAE of predictions clamped to the training labels'
 * range with {@code model.clamp}) or {@code binary} (labels {@code -1/+1} or {@code 0/1}; accuracy, log-loss, AUC).
 * Starts at {@code w = 0}, {@code V ~ N(0, init_std²)} and {@code w0} = the training label mean (regression) or 0
 * (binary).
 */
public final class FactorizationMachineSpec extends FeatureModelSpec {
  private static final long serialVersionUID = 1L;
  private static final int MAX_RANK = 4096;

  @Override
  public String type() {
    return "fm";
  }

  @Override
  public boolean readsRatingFeatures() {
    return true;
  }

  private static boolean binary(ModelConfig c) {
    return c.task().equals("binary");
  }

  @Override
  public LabelKind labels(ModelConfig c) {
    return binary(c) ? LabelKind.BINARY : LabelKind.REAL;
  }

  @Override
  public LabelKind labels(Map<String, Object> m) {
    return Metadata.oneOf(m, "task", List.of("regression", "binary")).equals("binary") ? LabelKind.BINARY
        : LabelKind.REAL;
  }

  @Override
  public double[] clamp(ModelConfig c, DataSchema s) {
    return c.clamp() && !binary(c) ? new double[] {s.labelMin(), s.labelMax()} : null;
  }

  @Override
  public FactorizationMachine build(ModelConfig c, DataSchema s) {
    return new FactorizationMachine(s.numFeatures(), c.rank(), binary(c), c.lambdaLinear(), c.lambdaFactors());
  }

  @Override
  public double[] initialParameters(Model<FeatureRows> model, ModelConfig c, DataSchema s, long seed) {
    return ((FactorizationMachine) model).initialParameters(c.initStd(), binary(c) ? 0 : s.labelMean(), seed);
  }

  @Override
  protected Map<String, Object> shape(ModelConfig c, DataSchema s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", c.task());
    m.put("rank", (long) c.rank());
    m.put("lambda_linear", c.lambdaLinear());
    m.put("lambda_factors", c.lambdaFactors());
    return m;
  }

  @Override
  public FactorizationMachine restore(Map<String, Object> m) {
    return new FactorizationMachine(numFeatures(m), Metadata.integer(m, "rank", 1, MAX_RANK),
        labels(m) == LabelKind.BINARY, Metadata.nonNegative(m, "lambda_linear"),
        Metadata.nonNegative(m, "lambda_factors"));
  }
}
