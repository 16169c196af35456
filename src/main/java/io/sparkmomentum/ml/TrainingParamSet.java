package io.sparkmomentum.ml;

import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training params every estimator has ({@link MomentumMF}, {@link MomentumRegressor}, {@link MomentumClassifier}):
 * epochs, the optimizer, mini-batches, partitions, validation, checkpoints and the learning-rate schedule, created
 * for their owner with the CLI's defaults ({@code defaults.conf}). {@link TrainingParams} exposes them.
 */
final class TrainingParamSet {
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

  /** Param name → the config key it sets ({@code checkpointInterval} sets none: the estimators check it). */
  static final Map<String, String> KEYS = Map.ofEntries(
      Map.entry("maxIter", "trainer.epochs"),
      Map.entry("stepSize", "optimizer.lr"),
      Map.entry("momentum", "optimizer.momentum"),
      Map.entry("nesterov", "optimizer.nesterov"),
      Map.entry("batchSize", "trainer.batch_size"),
      Map.entry("seed", "trainer.seed"),
      Map.entry("numPartitions", "trainer.partitions"),
      Map.entry("validationFraction", "data.test_fraction"),
      Map.entry("schedule", "optimizer.schedule.type"),
      Map.entry("scheduleStepSize", "optimizer.schedule.step_size"),
      Map.entry("scheduleGamma", "optimizer.schedule.gamma"),
      Map.entry("scheduleTMax", "optimizer.schedule.t_max"),
      Map.entry("scheduleEtaMin", "optimizer.schedule.eta_min"),
      Map.entry("scheduleStartFactor", "optimizer.schedule.start_factor"),
      Map.entry("scheduleTotalIters", "optimizer.schedule.total_iters"));

  /**
   * @param examples what the owner trains on, for the docs: {@code ratings}, {@code rows}
   */
  TrainingParamSet(Params owner, String examples) {
    maxIter = new IntParam(owner, "maxIter", "epochs: passes over the " + examples + " (>= 1)");
    stepSize = new DoubleParam(owner, "stepSize", "the learning rate lr (> 0) of the mean loss over a mini-batch");
    momentum = new DoubleParam(owner, "momentum", "momentum mu, in [0, 1)");
    nesterov = new BooleanParam(owner, "nesterov", "Nesterov momentum (needs momentum > 0)");
    batchSize = new LongParam(owner, "batchSize", examples + " per mini-batch (>= 1), or 0 for the full batch");
    seed = new LongParam(owner, "seed", "seeds the initialisation and every epoch's order");
    numPartitions = new IntParam(owner, "numPartitions", "partitions of the cached " + examples + " (>= 1), or 0 for Spark's "
        + "default parallelism; fix it for the same bits on any cluster");
    validationFraction = new DoubleParam(owner, "validationFraction", "fraction of the " + examples + " held out (by a "
        + "seeded hash of each one) to report validation metrics per epoch in the summary, in [0, 1)");
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

  /** {@code owner}'s param named {@code name}. */
  static Param<Object> param(Params owner, String name) {
    @SuppressWarnings("unchecked")
    Param<Object> p = (Param<Object>) owner.getParam(name);
    return p;
  }
}
