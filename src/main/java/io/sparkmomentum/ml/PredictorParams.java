package io.sparkmomentum.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params {@link MomentumRegressor} and {@link MomentumClassifier} share, as Spark {@link Param} objects (usable
 * in {@code ParamGridBuilder}), with their getters and setters; each maps onto a key of the CLI's config, whose
 * default it has.
 *
 * <p>The model: {@code modelType}; {@code hiddenLayers} ({@code mlp}: {@code model.hidden}, [128]); {@code regParam}
 * ({@code linear}, {@code logistic}, {@code softmax}, {@code mlp}: {@code model.l2}, 0); {@code fitIntercept}
 * ({@code linear}, {@code logistic}, {@code softmax}: {@code model.intercept}, true); for {@code fm}
 * {@code factorSize} ({@code model.rank}, 10), {@code initStd} (0.1), {@code regParamLinear}
 * ({@code model.lambda_linear}, 0), {@code regParamFactors} ({@code model.lambda_factors}, 0),
 * {@code fmRegularization} ({@code batch} or {@code occurrence}) and {@code clampPredictions} (regression: clamp to
 * the training labels' range, true). Setting a model param the chosen model does not read fails at {@code fit}.
 *
 * <p>The training: {@code maxIter} (epochs, 10), {@code stepSize} (0.01), {@code momentum} (0.9), {@code nesterov}
 * (false), {@code batchSize} (0 = full batch), {@code seed} (42), {@code numPartitions} (0 = Spark's default
 * parallelism), {@code validationFraction} (0), {@code checkpointInterval} (10 epochs, -1: none), {@code schedule}
 * with {@code scheduleStepSize}, {@code scheduleGamma}, {@code scheduleTMax}, {@code scheduleEtaMin},
 * {@code scheduleStartFactor}, {@code scheduleTotalIters}; and {@code weightCol} (empty: every row weighs 1).
 *
 * @param <S> the estimator, which the setters return
 */
public interface PredictorParams<S extends PredictorParams<S>> {

  /** The value of {@code param}, or its default (Spark's {@code Params.getOrDefault}). */
  <T> T getOrDefault(Param<T> param);

  /** Sets {@code param} (Spark's {@code Params.set}). */
  <T> Params set(Param<T> param, T value);

  /** Whether {@code param} was set explicitly (Spark's {@code Params.isSet}). */
  boolean isSet(Param<?> param);

  /** The param objects of this estimator (internal). */
  PredictorParamSet paramSet();

  default Param<String> modelType() {
    return paramSet().modelType;
  }

  default Param<String> weightCol() {
    return paramSet().weightCol;
  }

  default IntArrayParam hiddenLayers() {
    return paramSet().hiddenLayers;
  }

  default DoubleParam regParam() {
    return paramSet().regParam;
  }

  default BooleanParam fitIntercept() {
    return paramSet().fitIntercept;
  }

  default IntParam factorSize() {
    return paramSet().factorSize;
  }

  default DoubleParam initStd() {
    return paramSet().initStd;
  }

  default DoubleParam regParamLinear() {
    return paramSet().regParamLinear;
  }

  default DoubleParam regParamFactors() {
    return paramSet().regParamFactors;
  }

  default Param<String> fmRegularization() {
    return paramSet().fmRegularization;
  }

  default BooleanParam clampPredictions() {
    return paramSet().clampPredictions;
  }

  default IntParam maxIter() {
    return paramSet().maxIter;
  }

  default DoubleParam stepSize() {
    return paramSet().stepSize;
  }

  default DoubleParam momentum() {
    return paramSet().momentum;
  }

  default BooleanParam nesterov() {
    return paramSet().nesterov;
  }

  default LongParam batchSize() {
    return paramSet().batchSize;
  }

  default LongParam seed() {
    return paramSet().seed;
  }

  default IntParam numPartitions() {
    return paramSet().numPartitions;
  }

  default DoubleParam validationFraction() {
    return paramSet().validationFraction;
  }

  default IntParam checkpointInterval() {
    return paramSet().checkpointInterval;
  }

  default Param<String> schedule() {
    return paramSet().schedule;
  }

  default IntParam scheduleStepSize() {
    return paramSet().scheduleStepSize;
  }

  default DoubleParam scheduleGamma() {
    return paramSet().scheduleGamma;
  }

  default IntParam scheduleTMax() {
    return paramSet().scheduleTMax;
  }

  default DoubleParam scheduleEtaMin() {
    return paramSet().scheduleEtaMin;
  }

  default DoubleParam scheduleStartFactor() {
    return paramSet().scheduleStartFactor;
  }

  default IntParam scheduleTotalIters() {
    return paramSet().scheduleTotalIters;
  }

  default String getModelType() {
    return getOrDefault(modelType());
  }

  default String getWeightCol() {
    return getOrDefault(weightCol());
  }

  default int[] getHiddenLayers() {
    return getOrDefault(hiddenLayers()).clone();
  }

  default double getRegParam() {
    return (Double) getOrDefault(regParam());
  }

  default boolean getFitIntercept() {
    return (Boolean) getOrDefault(fitIntercept());
  }

  default int getFactorSize() {
    return (Integer) getOrDefault(factorSize());
  }

  default double getInitStd() {
    return (Double) getOrDefault(initStd());
  }

  default double getRegParamLinear() {
    return (Double) getOrDefault(regParamLinear());
  }

  default double getRegParamFactors() {
    return (Double) getOrDefault(regParamFactors());
  }

  default String getFmRegularization() {
    return getOrDefault(fmRegularization());
  }

  default boolean getClampPredictions() {
    return (Boolean) getOrDefault(clampPredictions());
  }

  default int getMaxIter() {
    return (Integer) getOrDefault(maxIter());
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

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  default int getNumPartitions() {
    return (Integer) getOrDefault(numPartitions());
  }

  default double getValidationFraction() {
    return (Double) getOrDefault(validationFraction());
  }

  default int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval());
  }

  default String getSchedule() {
    return getOrDefault(schedule());
  }

  default int getScheduleStepSize() {
    return (Integer) getOrDefault(scheduleStepSize());
  }

  default double getScheduleGamma() {
    return (Double) getOrDefault(scheduleGamma());
  }

  default int getScheduleTMax() {
    return (Integer) getOrDefault(scheduleTMax());
  }

  default double getScheduleEtaMin() {
    return (Double) getOrDefault(scheduleEtaMin());
  }

  default double getScheduleStartFactor() {
    return (Double) getOrDefault(scheduleStartFactor());
  }

  default int getScheduleTotalIters() {
    return (Integer) getOrDefault(scheduleTotalIters());
  }

  @SuppressWarnings("unchecked")
  default S setModelType(String value) {
    return (S) set(modelType(), value);
  }

  @SuppressWarnings("unchecked")
  default S setWeightCol(String value) {
    return (S) set(weightCol(), value);
  }

  @SuppressWarnings("unchecked")
  default S setHiddenLayers(int[] value) {
    return (S) set(hiddenLayers(), value.clone());
  }

  @SuppressWarnings("unchecked")
  default S setRegParam(double value) {
    return (S) set(regParam(), value);
  }

  @SuppressWarnings("unchecked")
  default S setFitIntercept(boolean value) {
    return (S) set(fitIntercept(), value);
  }

  @SuppressWarnings("unchecked")
  default S setFactorSize(int value) {
    return (S) set(factorSize(), value);
  }

  @SuppressWarnings("unchecked")
  default S setInitStd(double value) {
    return (S) set(initStd(), value);
  }

  @SuppressWarnings("unchecked")
  default S setRegParamLinear(double value) {
    return (S) set(regParamLinear(), value);
  }

  @SuppressWarnings("unchecked")
  default S setRegParamFactors(double value) {
    return (S) set(regParamFactors(), value);
  }

  @SuppressWarnings("unchecked")
  default S setFmRegularization(String value) {
    return (S) set(fmRegularization(), value);
  }

  @SuppressWarnings("unchecked")
  default S setClampPredictions(boolean value) {
    return (S) set(clampPredictions(), value);
  }

  @SuppressWarnings("unchecked")
  default S setMaxIter(int value) {
    return (S) set(maxIter(), value);
  }

  @SuppressWarnings("unchecked")
  default S setStepSize(double value) {
    return (S) set(stepSize(), value);
  }

  @SuppressWarnings("unchecked")
  default S setMomentum(double value) {
    return (S) set(momentum(), value);
  }

  @SuppressWarnings("unchecked")
  default S setNesterov(boolean value) {
    return (S) set(nesterov(), value);
  }

  @SuppressWarnings("unchecked")
  default S setBatchSize(long value) {
    return (S) set(batchSize(), value);
  }

  @SuppressWarnings("unchecked")
  default S setSeed(long value) {
    return (S) set(seed(), value);
  }

  @SuppressWarnings("unchecked")
  default S setNumPartitions(int value) {
    return (S) set(numPartitions(), value);
  }

  @SuppressWarnings("unchecked")
  default S setValidationFraction(double value) {
    return (S) set(validationFraction(), value);
  }

  @SuppressWarnings("unchecked")
  default S setCheckpointInterval(int value) {
    return (S) set(checkpointInterval(), value);
  }

  @SuppressWarnings("unchecked")
  default S setSchedule(String value) {
    return (S) set(schedule(), value);
  }

  @SuppressWarnings("unchecked")
  default S setScheduleStepSize(int value) {
    return (S) set(scheduleStepSize(), value);
  }

  @SuppressWarnings("unchecked")
  default S setScheduleGamma(double value) {
    return (S) set(scheduleGamma(), value);
  }

  @SuppressWarnings("unchecked")
  default S setScheduleTMax(int value) {
    return (S) set(scheduleTMax(), value);
  }

  @SuppressWarnings("unchecked")
  default S setScheduleEtaMin(double value) {
    return (S) set(scheduleEtaMin(), value);
  }

  @SuppressWarnings("unchecked")
  default S setScheduleStartFactor(double value) {
    return (S) set(scheduleStartFactor(), value);
  }

  @SuppressWarnings("unchecked")
  default S setScheduleTotalIters(int value) {
    return (S) set(scheduleTotalIters(), value);
  }
}
