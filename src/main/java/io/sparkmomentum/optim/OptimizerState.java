package io.sparkmomentum.optim;

import java.util.Arrays;

/**
 * Everything {@link MomentumSgd} remembers between steps, as a value: restoring it continues the run bit for bit.
 *
 * @param step number of steps taken; also the schedule's position
 * @param velocity the momentum buffer (PyTorch's {@code momentum_buffer}, or v in the Sutskever convention),
 *     {@code null} until the first step with momentum
 * @param rowStep for {@code sparse_update = exact}: per parameter row, the step up to which that row's weights and
 *     velocity are current (rows behind {@code step} are caught up in closed form); {@code null} means every row is
 *     current, and is what the dense and lazy modes and momentum 0 always hold
 */
public record OptimizerState(long step, double[] velocity, long[] rowStep) {

  public OptimizerState {
    velocity = velocity == null ? null : velocity.clone();
    rowStep = rowStep == null ? null : rowStep.clone();
  }

  @Override
  public double[] velocity() {
    return velocity == null ? null : velocity.clone();
  }

  @Override
  public long[] rowStep() {
    return rowStep == null ? null : rowStep.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OptimizerState s && s.step == step && Arrays.equals(s.velocity, velocity)
        && Arrays.equals(s.rowStep, rowStep);
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(step) * 31 + Arrays.hashCode(velocity)) * 31 + Arrays.hashCode(rowStep);
  }

  @Override
  public String toString() {
    return "OptimizerState[step=" + step + ", velocity=" + (velocity == null ? "none" : velocity.length + " values")
        + ", rowStep=" + (rowStep == null ? "none" : rowStep.length + " rows") + "]";
  }
}
