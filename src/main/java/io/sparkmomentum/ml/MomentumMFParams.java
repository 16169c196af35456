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
public interface MomentumMFParams extends TrainingParams<MomentumMF> {

  Param<String> userCol();

  Param<String> itemCol();

  Param<String> ratingCol();

  Param<String> predictionCol();

  IntParam rank();

  DoubleParam regParam();

  DoubleParam regParamBias();

  DoubleParam initStd();

  BooleanParam implicitPrefs();

  DoubleParam positiveThreshold();

  Param<String> coldStartStrategy();

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

  default double getRegParam() {
    return (Double) getOrDefault(regParam());
  }

  default double getRegParamBias() {
    return (Double) getOrDefault(regParamBias());
  }

  default double getInitStd() {
    return (Double) getOrDefault(initStd());
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

}
