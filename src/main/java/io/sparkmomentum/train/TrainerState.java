package io.sparkmomentum.train;

import io.sparkmomentum.optim.GradientAccumulator;
import io.sparkmomentum.optim.OptimizerState;

/**
 * Everything needed to continue a run bit for bit: the weights, the optimizer state (velocity, step count, hence
 * the schedule position), the gradient-accumulation buffer, and the data position. The data order is a function
 * of (seed, round), so the position is just the number of rounds done. {@code lrScale} records learning-rate
 * halvings from divergence rollbacks.
 */
public record TrainerState(long round, double[] weights, OptimizerState optimizer, GradientAccumulator.State accumulator,
    double lrScale, int rollbacks) {}
