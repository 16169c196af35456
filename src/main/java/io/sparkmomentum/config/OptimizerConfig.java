package io.sparkmomentum.config;


/**
 * Hyperparameters of momentum SGD, named and validated exactly like {@code torch.optim.SGD}'s arguments.
 *
 * @param lr base learning rate, {@code > 0}
 * @param momentum μ in [0, 1)
 * @param dampening d in [0, 1]
 * @param nesterov Nesterov momentum; requires μ > 0 and d = 0 (as PyTorch does)
 * @param weightDecay coupled L2 weight decay, {@code g += wd·w}, {@code >= 0}
 * @param schedule the learning-rate schedule
 * @param clipGradNorm max global L2 norm of the accumulated gradient, or {@code 0} for no clipping
 * @param accumulationSteps k: the gradients of k rounds are averaged before one step
 * @param convention where the learning rate enters the velocity (see {@link Convention})
 * @param sparseUpdate how rows untouched by a step are updated (see {@link SparseUpdate})
 */
public record OptimizerConfig(double lr, double momentum, double dampening, boolean nesterov, double weightDecay,
    ScheduleConfig schedule, double clipGradNorm, int accumulationSteps, Convention convention,
    SparseUpdate sparseUpdate) {

  /** Where the learning rate enters. Identical at constant lr; different under schedules. */
  public enum Convention {
    /** {@code b = μb + (1-d)g; w -= lr_t·b}: a new lr rescales the whole accumulated velocity at once. */
    PYTORCH,
    /** {@code v = μv + (1-d)·lr_t·g; w -= v} (Sutskever et al. 2013, Keras): a new lr only scales new gradients. */
    SUTSKEVER;

    public static Convention parse(String key, String s) {
      return Check.oneOf(key, s, Convention.class);
    }
  }

  /** How the optimizer treats parameter rows that a step's gradient does not touch. */
  public enum SparseUpdate {
    /** Every parameter moves every step, exactly as PyTorch's dense update. */
    DENSE,
    /** Dense semantics at sparse cost: untouched rows are brought up to date in closed form when next touched. */
    EXACT,
    /** Untouched rows do not move at all and their velocity does not decay (TensorFlow/Tribuo sparse semantics). */
    LAZY;

    public static SparseUpdate parse(String key, String s) {
      return Check.oneOf(key, s, SparseUpdate.class);
    }
  }

  public OptimizerConfig {
    Check.positive("optimizer.lr", lr);
    Check.inHalfOpen("optimizer.momentum", momentum, 0.0, 1.0);
    Check.inClosed("optimizer.dampening", dampening, 0.0, 1.0);
    Check.atLeast("optimizer.weight_decay", weightDecay, 0.0);
    Check.atLeast("optimizer.clip_grad_norm", clipGradNorm, 0.0);
    Check.atLeast("optimizer.accumulation_steps", accumulationSteps, 1);
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new ConfigException("optimizer.nesterov", true,
          "false unless optimizer.momentum > 0 and optimizer.dampening = 0 (got momentum " + momentum
              + ", dampening " + dampening + ")");
    }
    if (schedule == null) schedule = ScheduleConfig.constant();
    if (convention == null) convention = Convention.PYTORCH;
    if (sparseUpdate == null) sparseUpdate = SparseUpdate.DENSE;
    if (sparseUpdate == SparseUpdate.EXACT && weightDecay != 0) {
      throw new ConfigException("optimizer.sparse_update", "exact",
          "dense or lazy when optimizer.weight_decay != 0 (weight decay moves every row every step)");
    }
  }

  /** Plain SGD with the given rate: no momentum, no decay, constant schedule. */
  public static OptimizerConfig sgd(double lr) {
    return new OptimizerConfig(lr, 0, 0, false, 0, ScheduleConfig.constant(), 0, 1, Convention.PYTORCH,
        SparseUpdate.DENSE);
  }

  public OptimizerConfig withLr(double newLr) {
    return new OptimizerConfig(newLr, momentum, dampening, nesterov, weightDecay, schedule, clipGradNorm,
        accumulationSteps, convention, sparseUpdate);
  }
}
