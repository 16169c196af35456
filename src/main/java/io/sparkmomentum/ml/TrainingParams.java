package io.sparkmomentum.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training params of every estimator, as Spark {@link Param} objects (usable in {@code ParamGridBuilder}) with
 * their getters and setters: {@code maxIter} (epochs, 10), {@code stepSize} (the learning rate of the mean loss over
 * a mini-batch, 0.01), {@code momentum} (0.9), {@code nesterov} (false), {@code batchSize} (0 = full batch),
 * {@code seed} (42), {@code numPartitions} (0 = Spark's default parallelism; fix it for the same bits everywhere),
 * {@code validationFraction} (0: a seeded hash of each example holds this fraction out, and the summary reports
 * its metrics per epoch), {@code checkpointInterval} (10 epochs: with a SparkContext checkpoint directory, training
 * checkpoints rolled back to with half the rate on divergence; -1: none) and the learning-rate schedule
 * ({@code schedule} = constant, step, exponential, cosine or linear_warmup, with {@code scheduleStepSize},
 * {@code scheduleGamma}, {@code scheduleTMax}, {@code scheduleEtaMin}, {@code scheduleStartFactor},
 * {@code scheduleTotalIters}). The defaults are the CLI's ({@code defaults.conf}).
 *
 * @param <S> the estimator, which the setters return
 */
public interface TrainingParams<S extends TrainingParams<S>> {

  /** The value of {@code param}, or its default (Spark's {@code Params.getOrDefault}). */
  <T> T getOrDefault(Param<T> param);

  /** Sets {@code param} (Spark's {@code Params.set}). */
  <T> Params set(Param<T> param, T value);

  /** The training param objects of this estimator (internal). */
  TrainingParamSet trainingParamSet();

  default IntParam maxIter() {
    return trainingParamSet().maxIter;
  }

  default DoubleParam stepSize() {
    return trainingParamSet().stepSize;
  }

  default DoubleParam momentum() {
    return trainingParamSet().momentum;
  }

  default BooleanParam nesterov() {
    return trainingParamSet().nesterov;
  }

  default LongParam batchSize() {
    return trainingParamSet().batchSize;
  }

  default LongParam seed() {
    return trainingParamSet().seed;
  }

  default IntParam numPartitions() {
    return trainingParamSet().numPartitions;
  }

  default DoubleParam validationFraction() {
    return trainingParamSet().validationFraction;
  }

  default IntParam checkpointInterval() {
    return trainingParamSet().checkpointInterval;
  }

  default Param<String> schedule() {
    return trainingParamSet().schedule;
  }

  default IntParam scheduleStepSize() {
    return trainingParamSet().scheduleStepSize;
  }

  default DoubleParam scheduleGamma() {
    return trainingParamSet().scheduleGamma;
  }

  default IntParam scheduleTMax() {
    return trainingParamSet().scheduleTMax;
  }

  default DoubleParam scheduleEtaMin() {
    return trainingParamSet().scheduleEtaMin;
  }

  default DoubleParam scheduleStartFactor() {
    return trainingParamSet().scheduleStartFactor;
  }

  default IntParam scheduleTotalIters() {
    return trainingParamSet().scheduleTotalIters;
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
