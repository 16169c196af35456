package io.sparkmomentum.optim;

import io.sparkmomentum.config.ScheduleConfig;

/**
 * The learning rate used at optimizer step {@code t} (0-based), in closed form. These equal PyTorch's chainable
 * {@code lr_scheduler} recursions when the scheduler is stepped once per optimizer step, up to rounding:
 * <ul>
 *   <li>constant: {@code lr}</li>
 *   <li>step (StepLR): {@code lr · γ^⌊t / step_size⌋}</li>
 *   <li>exponential (ExponentialLR): {@code lr · γ^t}</li>
 *   <li>cosine (CosineAnnealingLR, no restarts; periodic past T_max as PyTorch's recursion is):
 *       {@code η_min + (lr − η_min)(1 + cos(π t / T_max)) / 2}</li>
 *   <li>linear warm-up (LinearLR to factor 1): {@code lr · (f₀ + (1 − f₀) · min(t, T) / T)}</li>
 * </ul>
 * Because the rate is a pure function of {@code t}, the schedule's position is the optimizer's step count and
 * needs no state of its own in a checkpoint.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  double lr(long step);

  static LearningRateSchedule of(double baseLr, ScheduleConfig s) {
    return switch (s.type()) {
      case CONSTANT -> t -> baseLr;
      case STEP -> t -> baseLr * Math.pow(s.gamma(), t / s.stepSize());
      case EXPONENTIAL -> t -> baseLr * Math.pow(s.gamma(), t);
      case COSINE -> t -> s.etaMin() + (baseLr - s.etaMin()) * (1 + Math.cos(Math.PI * t / s.tMax())) / 2;
      case LINEAR_WARMUP -> t -> baseLr
          * (s.startFactor() + (1 - s.startFactor()) * Math.min(t, s.totalIters()) / s.totalIters());
    };
  }
}
