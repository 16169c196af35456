package io.sparkmomentum.train;

import io.sparkmomentum.optim.GradientAccumulator;
import io.sparkmomentum.optim.OptimizerState;

/**
 * Everything needed to continue a run bit for bit: the weights, the optimizer state (velocity, step count, hence
 * the schedule position), the gradient-accumulation buffer and the rows it holds, the data position, and the
 * divergence guard's memory. The data order is a function of (seed, round), so the position is just the number of
 * rounds done. {@code lrScale} records learning-rate halvings from divergence rollbacks.
 *
 * @param accumulatedRows the rows touched by the rounds accumulated so far (sorted), or null when nothing is
 *     accumulated or the state predates this field (the nonzero rows of the buffer are used then)
 * @param guard the divergence guard's memory, or null for a fresh one
 * @param early early stopping's memory, or null for a fresh one
 */
public record TrainerState(long round, double[] weights, OptimizerState optimizer, GradientAccumulator.State accumulator,
    double lrScale, int rollbacks, int[] accumulatedRows, Guard guard, Early early) {

  public TrainerState(long round, double[] weights, OptimizerState optimizer, GradientAccumulator.State accumulator,
      double lrScale, int rollbacks) {
    this(round, weights, optimizer, accumulator, lrScale, rollbacks, null, null, null);
  }

  public TrainerState(long round, double[] weights, OptimizerState optimizer, GradientAccumulator.State accumulator,
      double lrScale, int rollbacks, int[] accumulatedRows, Guard guard) {
    this(round, weights, optimizer, accumulator, lrScale, rollbacks, accumulatedRows, guard, null);
  }

  /** This state with the early-stopping memory {@code e}. */
  public TrainerState withEarly(Early e) {
    return new TrainerState(round, weights, optimizer, accumulator, lrScale, rollbacks, accumulatedRows, guard, e);
  }

  /** This state with other weights (the best ones restored by early stopping). */
  public TrainerState withWeights(double[] w) {
    return new TrainerState(round, w, optimizer, accumulator, lrScale, rollbacks, accumulatedRows, guard, early);
  }

  /**
   * What early stopping remembers ({@code EarlyStopping}).
   *
   * @param bestValue the best validation value so far (NaN before the first)
   * @param bestRound the round after which it was measured, or -1
   * @param bestEpoch its epoch (0-based), or -1
   * @param badEvaluations validation evaluations since the last improvement
   * @param bestWeights the weights of the best evaluation, or null
   * @param lastEpochLoss the mean training loss of the last complete epoch (NaN before the first)
   */
  public record Early(double bestValue, long bestRound, long bestEpoch, int badEvaluations, double[] bestWeights,
      double lastEpochLoss) {
    public static Early fresh() {
      return new Early(Double.NaN, -1, -1, 0, null, Double.NaN);
    }
  }

  /**
   * What the {@link DivergenceGuard} remembers, so that a resumed run makes the same divergence decisions.
   *
   * @param smoothed the smoothed step loss (NaN before the first step)
   * @param window the smoothed losses of the recent healthy steps, oldest first
   * @param lastRollbackTarget the round the last rollback returned to, or -1
   */
  public record Guard(double smoothed, double[] window, long lastRollbackTarget) {
    public static Guard fresh() {
      return new Guard(Double.NaN, new double[0], -1);
    }
  }
}
