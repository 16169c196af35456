package io.sparkmomentum.config;


/**
 * A learning-rate schedule, as the factor applied to the base rate at optimizer step {@code t} (0-based),
 * with PyTorch's {@code torch.optim.lr_scheduler} semantics (the scheduler advances once per optimizer step).
 *
 * @param type constant, step, exponential, cosine or linear_warmup
 * @param stepSize StepLR's {@code step_size}
 * @param gamma StepLR's and ExponentialLR's {@code gamma}
 * @param tMax CosineAnnealingLR's {@code T_max}
 * @param etaMin CosineAnnealingLR's {@code eta_min} (an absolute rate, not a factor)
 * @param startFactor LinearLR's {@code start_factor} (to 1.0)
 * @param totalIters LinearLR's {@code total_iters}
 */
public record ScheduleConfig(Type type, int stepSize, double gamma, int tMax, double etaMin, double startFactor,
    int totalIters) {

  public enum Type {
    CONSTANT, STEP, EXPONENTIAL, COSINE, LINEAR_WARMUP;

    public static Type parse(String key, String s) {
      return Check.oneOf(key, s, Type.class);
    }
  }

  public ScheduleConfig {
    String p = "optimizer.schedule.";
    if (type == null) throw new ConfigException(p + "type", null, "one of constant, step, exponential, cosine, linear_warmup");
    switch (type) {
      case STEP -> {
        Check.atLeast(p + "step_size", stepSize, 1);
        Check.positive(p + "gamma", gamma);
      }
      case EXPONENTIAL -> Check.positive(p + "gamma", gamma);
      case COSINE -> {
        Check.atLeast(p + "t_max", tMax, 1);
        Check.atLeast(p + "eta_min", etaMin, 0.0);
      }
      case LINEAR_WARMUP -> {
        if (!(startFactor > 0 && startFactor <= 1)) {
          throw new ConfigException(p + "start_factor", startFactor, "a number in (0, 1]");
        }
        Check.atLeast(p + "total_iters", totalIters, 1);
      }
      case CONSTANT -> { }
    }
  }

  public static ScheduleConfig constant() {
    return new ScheduleConfig(Type.CONSTANT, 1, 1.0, 1, 0.0, 1.0, 1);
  }

  public static ScheduleConfig step(int stepSize, double gamma) {
    return new ScheduleConfig(Type.STEP, stepSize, gamma, 1, 0.0, 1.0, 1);
  }

  public static ScheduleConfig exponential(double gamma) {
    return new ScheduleConfig(Type.EXPONENTIAL, 1, gamma, 1, 0.0, 1.0, 1);
  }

  public static ScheduleConfig cosine(int tMax, double etaMin) {
    return new ScheduleConfig(Type.COSINE, 1, 1.0, tMax, etaMin, 1.0, 1);
  }

  public static ScheduleConfig linearWarmup(double startFactor, int totalIters) {
    return new ScheduleConfig(Type.LINEAR_WARMUP, 1, 1.0, 1, 0.0, startFactor, totalIters);
  }
}
