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
 * The params of {@link MomentumRegressor} and {@link MomentumClassifier}, created for their owner (each
 * {@link Param} belongs to one estimator's uid) with the CLI's defaults ({@code defaults.conf}), and the config key
 * each one sets. {@link PredictorParams} exposes them.
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
  final IntParam maxIter;
  final DoubleParam stepSize;
  final DoubleParam momentum;
  final BooleanParam nesterov;
  final LongParam batchSize;
  final LongParam seed;
  final IntParam numPartitions;
  final DoubleParam validationFraction;
  final IntParam checkpointInterval;
  final Param<String> schedule;
  final IntParam scheduleStepSize;
  final DoubleParam scheduleGamma;
  final IntParam scheduleTMax;
  final DoubleParam scheduleEtaMin;
  final DoubleParam scheduleStartFactor;
  final IntParam scheduleTotalIters;

  /** The config key of each param that maps onto one, and the model types that read it (empty: all). */
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
      Map.entry("clampPredictions", new Key("model.clamp", List.of("fm"))),
      Map.entry("maxIter", new Key("trainer.epochs", List.of())),
      Map.entry("stepSize", new Key("optimizer.lr", List.of())),
      Map.entry("momentum", new Key("optimizer.momentum", List.of())),
      Map.entry("nesterov", new Key("optimizer.nesterov", List.of())),
      Map.entry("batchSize", new Key("trainer.batch_size", List.of())),
      Map.entry("seed", new Key("trainer.seed", List.of())),
      Map.entry("numPartitions", new Key("trainer.partitions", List.of())),
      Map.entry("validationFraction", new Key("data.test_fraction", List.of())),
      Map.entry("schedule", new Key("optimizer.schedule.type", List.of())),
      Map.entry("scheduleStepSize", new Key("optimizer.schedule.step_size", List.of())),
      Map.entry("scheduleGamma", new Key("optimizer.schedule.gamma", List.of())),
      Map.entry("scheduleTMax", new Key("optimizer.schedule.t_max", List.of())),
      Map.entry("scheduleEtaMin", new Key("optimizer.schedule.eta_min", List.of())),
      Map.entry("scheduleStartFactor", new Key("optimizer.schedule.start_factor", List.of())),
      Map.entry("scheduleTotalIters", new Key("optimizer.schedule.total_iters", List.of())));

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
    maxIter = new IntParam(owner, "maxIter", "epochs: passes over the rows (>= 1)");
    stepSize = new DoubleParam(owner, "stepSize", "the learning rate lr (> 0) of the mean loss over a mini-batch");
    momentum = new DoubleParam(owner, "momentum", "momentum mu, in [0, 1)");
    nesterov = new BooleanParam(owner, "nesterov", "Nesterov momentum (needs momentum > 0)");
    batchSize = new LongParam(owner, "batchSize", "rows per mini-batch (>= 1), or 0 for the full batch");
    seed = new LongParam(owner, "seed", "seeds the initialisation and every epoch's order");
    numPartitions = new IntParam(owner, "numPartitions", "partitions of the cached rows (>= 1), or 0 for Spark's "
        + "default parallelism; fix it for the same bits on any cluster");
    validationFraction = new DoubleParam(owner, "validationFraction", "fraction of the rows held out (by a seeded "
        + "hash of each row) to report validation metrics per epoch in the summary, in [0, 1)");
    checkpointInterval = new IntParam(owner, "checkpointInterval", "epochs between training checkpoints in the "
        + "SparkContext's checkpoint directory, rolled back to on divergence (>= 1), or -1 for none");
    schedule = new Param<>(owner, "schedule", "learning-rate schedule: constant, step, exponential, cosine or "
        + "linear_warmup (in optimizer steps)");
    scheduleStepSize = new IntParam(owner, "scheduleStepSize", "step: steps between decays (>= 1)");
    scheduleGamma = new DoubleParam(owner, "scheduleGamma", "step, exponential: decay factor (> 0)");
    scheduleTMax = new IntParam(owner, "scheduleTMax", "cosine: period in steps (>= 1)");
    scheduleEtaMin = new DoubleParam(owner, "scheduleEtaMin", "cosine: the smallest rate (>= 0)");
    scheduleStartFactor = new DoubleParam(owner, "scheduleStartFactor", "linear_warmup: first factor, in (0, 1]");
    scheduleTotalIters = new IntParam(owner, "scheduleTotalIters", "linear_warmup: steps to reach factor 1 (>= 1)");
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
    owner.setDefault(maxIter, 10);
    owner.setDefault(stepSize, 0.01);
    owner.setDefault(momentum, 0.9);
    owner.setDefault(nesterov, false);
    owner.setDefault(batchSize, 0L);
    owner.setDefault(seed, 42L);
    owner.setDefault(numPartitions, 0);
    owner.setDefault(validationFraction, 0.0);
    owner.setDefault(checkpointInterval, 10);
    owner.setDefault(schedule, "constant");
    owner.setDefault(scheduleStepSize, 1);
    owner.setDefault(scheduleGamma, 1.0);
    owner.setDefault(scheduleTMax, 1);
    owner.setDefault(scheduleEtaMin, 0.0);
    owner.setDefault(scheduleStartFactor, 1.0);
    owner.setDefault(scheduleTotalIters, 1);
  }

  /** The param named {@code name}. */
  Param<Object> param(String name) {
    @SuppressWarnings("unchecked")
    Param<Object> p = (Param<Object>) owner.getParam(name);
    return p;
  }
}
