package io.sparkmomentum.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * The params of {@link MomentumMF} as Spark {@link Param} objects (usable in {@code ParamGridBuilder}), and their
 * ALS-style getters.
 */
public interface MomentumMFParams {

  /** The value of {@code param}, or its default (Spark's {@code Params.getOrDefault}). */
  <T> T getOrDefault(Param<T> param);

  Param<String> userCol();

  Param<String> itemCol();

  Param<String> ratingCol();

  Param<String> predictionCol();

  IntParam rank();

  IntParam maxIter();

  DoubleParam regParam();

  DoubleParam regParamBias();

  DoubleParam initStd();

  LongParam seed();

  BooleanParam implicitPrefs();

  DoubleParam positiveThreshold();

  Param<String> coldStartStrategy();

  IntParam checkpointInterval();

  DoubleParam stepSize();

  DoubleParam momentum();

  BooleanParam nesterov();

  LongParam batchSize();

  IntParam numPartitions();

  DoubleParam validationFraction();

  Param<String> schedule();

  IntParam scheduleStepSize();

  DoubleParam scheduleGamma();

  IntParam scheduleTMax();

  DoubleParam scheduleEtaMin();

  DoubleParam scheduleStartFactor();

  IntParam scheduleTotalIters();

  default String getUserCol() {
    return getOrDefault(userCol());
  }

  default String getItemCol() {
    return getOrDefault(itemCol());
  }

  default String getRatingCol() {
    return getOrDefault(ratingCol());
  }

  default String getPredictionCol() {
    return getOrDefault(predictionCol());
  }

  default int getRank() {
    return (Integer) getOrDefault(rank());
  }

  default int getMaxIter() {
    return (Integer) getOrDefault(maxIter());
  }

  default double getRegParam() {
    return (Double) getOrDefault(regParam());
  }

  default double getRegParamBias() {
    return (Double) getOrDefault(regParamBias());
  }

  default double getInitStd() {
    return (Double) getOrDefault(initStd());
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  default boolean getImplicitPrefs() {
    return (Boolean) getOrDefault(implicitPrefs());
  }

  default double getPositiveThreshold() {
    return (Double) getOrDefault(positiveThreshold());
  }

  default String getColdStartStrategy() {
    return getOrDefault(coldStartStrategy());
  }

  default int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval());
  }

  default double getStepSize() {
    return (Double) getOrDefault(stepSize());
  }

  default double getMomentum() {
    return (Double) getOrDefault(momentum());
  }

  default boolean getNesterov() {
    return (Boolean) getOrDefault(nesterov());
  }

  default long getBatchSize() {
    return (Long) getOrDefault(batchSize());
  }

  default int getNumPartitions() {
    return (Integer) getOrDefault(numPartitions());
  }

  default double getValidationFraction() {
    return (Double) getOrDefault(validationFraction());
  }

  default String getSchedule() {
    return getOrDefault(schedule());
  }
}
