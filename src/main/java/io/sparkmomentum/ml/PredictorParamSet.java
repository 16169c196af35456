package io.sparkmomentum.ml;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The model params of {@link MomentumRegressor} and {@link MomentumClassifier} (their training params are a
 * {@link TrainingParamSet}), created for their owner (each {@link Param} belongs to one estimator's uid) with the
 * CLI's defaults ({@code defaults.conf}), and the config key each one sets. {@link PredictorParams} exposes them.
 */
final class PredictorParamSet {
  private final Params owner;
  final Param<String> modelType;
  final Param<String> weightCol;
  final IntArrayParam hiddenLayers;
  final DoubleParam regParam;
  final BooleanParam fitIntercept;
  final IntParam factorSize;
  final DoubleParam initStd;
  final DoubleParam regParamLinear;
  final DoubleParam regParamFactors;
  final Param<String> fmRegularization;
  final BooleanParam clampPredictions;

  /** The config key of each param, and the model types that read it. */
  record Key(String key, List<String> types) {}

  /** Param name → its config key and the model types that read it. */
  static final Map<String, Key> KEYS = Map.ofEntries(
      Map.entry("hiddenLayers", new Key("model.hidden", List.of("mlp"))),
      Map.entry("regParam", new Key("model.l2", List.of("linear", "logistic", "softmax", "mlp"))),
      Map.entry("fitIntercept", new Key("model.intercept", List.of("linear", "logistic", "softmax"))),
      Map.entry("factorSize", new Key("model.rank", List.of("fm"))),
      Map.entry("initStd", new Key("model.init_std", List.of("fm"))),
      Map.entry("regParamLinear", new Key("model.lambda_linear", List.of("fm"))),
      Map.entry("regParamFactors", new Key("model.lambda_factors", List.of("fm"))),
      Map.entry("fmRegularization", new Key("model.regularization", List.of("fm"))),
      Map.entry("clampPredictions", new Key("model.clamp", List.of("fm"))));

  /**
   * @param modelTypes the model types the owner offers, the first being the default
   */
  PredictorParamSet(Params owner, List<String> modelTypes) {
    this.owner = owner;
    modelType = new Param<>(owner, "modelType", "the model: " + String.join(", ", modelTypes));
    weightCol = new Param<>(owner, "weightCol", "column of row weights (numeric, >= 0), or empty: every row weighs 1");
    hiddenLayers = new IntArrayParam(owner, "hiddenLayers", "mlp: hidden layer widths, each in [1, 65536], at most "
        + "16 layers");
    regParam = new DoubleParam(owner, "regParam", "linear, logistic, softmax, mlp: L2 on the weights (not the "
        + "biases), once per batch (>= 0)");
    fitIntercept = new BooleanParam(owner, "fitIntercept", "linear, logistic, softmax: learn a bias");
    factorSize = new IntParam(owner, "factorSize", "fm: the rank of the factors, in [1, 4096]");
    initStd = new DoubleParam(owner, "initStd", "fm: factors start N(0, initStd^2) from the seed (>= 0)");
    regParamLinear = new DoubleParam(owner, "regParamLinear", "fm: L2 on the linear weights (>= 0)");
    regParamFactors = new DoubleParam(owner, "regParamFactors", "fm: L2 on the factors (>= 0)");
    fmRegularization = new Param<>(owner, "fmRegularization", "fm: where the L2 is charged: batch (once per row, "
        + "every parameter) or occurrence (per nonzero feature of each row, as libFM's SGD)");
    clampPredictions = new BooleanParam(owner, "clampPredictions", "fm regression: clamp predictions to the "
        + "training labels' range");
    owner.setDefault(modelType, modelTypes.get(0));
    owner.setDefault(weightCol, "");
    owner.setDefault(hiddenLayers, new int[] {128});
    owner.setDefault(regParam, 0.0);
    owner.setDefault(fitIntercept, true);
    owner.setDefault(factorSize, 10);
    owner.setDefault(initStd, 0.1);
    owner.setDefault(regParamLinear, 0.0);
    owner.setDefault(regParamFactors, 0.0);
    owner.setDefault(fmRegularization, "batch");
    owner.setDefault(clampPredictions, true);
  }

  /** The param named {@code name}. */
  Param<Object> param(String name) {
    return TrainingParamSet.param(owner, name);
  }
}
