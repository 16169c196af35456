package io.sparkmomentum.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;

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
public interface PredictorParams<S extends PredictorParams<S>> extends TrainingParams<S> {

  /** Whether {@code param} was set explicitly (Spark's {@code Params.isSet}). */
  boolean isSet(Param<?> param);

  /** The model param objects of this estimator (internal). */
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
}
