package io.sparkmomentum.optim;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.OptimizerConfig.Convention;

/**
 * Stochastic gradient descent with momentum, replaying {@code torch.optim.SGD} exactly.
 *
 * <h2>Sign convention (stated once for the whole project)</h2>
 * We <em>minimise</em> a loss. A gradient is always {@code g = ∂loss/∂θ}, and the optimizer <em>subtracts</em>.
 *
 * <h2>One step t (0-based), given the averaged gradient g of the step's k accumulated rounds</h2>
 * <ol>
 *   <li>clip: if {@code c = max_norm / (‖g‖₂ + 1e-6) < 1} then {@code g ← c·g}
 *       ({@code torch.nn.utils.clip_grad_norm_}; ‖g‖₂ is the global norm over all parameters)</li>
 *   <li>coupled weight decay: {@code g ← g + wd·w}</li>
 *   <li>momentum buffer: {@code b ← g} at the first step, afterwards {@code b ← μ·b + (1−d)·g}</li>
 *   <li>direction: {@code δ = g + μ·b} (Nesterov), {@code δ = b} (heavy ball), or {@code δ = g} when μ = 0</li>
 *   <li>{@code w ← w − lr_t·δ}, with {@code lr_t} the schedule's rate at step t</li>
 * </ol>
 * Heavy ball: Polyak (1964), "Some methods of speeding up the convergence of iteration methods". Nesterov momentum
 * in this form: Sutskever, Martens, Dahl and Hinton (2013), "On the importance of initialization and momentum in
 * deep learning", as implemented by PyTorch.
 *
 * <h2>The Sutskever/Keras convention</h2>
 * With {@link Convention#SUTSKEVER} the rate enters the velocity: {@code v ← μ·v + (1−d)·lr_t·g} (first step:
 * {@code v ← lr_t·g}), and {@code w ← w − v} (Nesterov: {@code w ← w − (μ·v + lr_t·g)}). With a constant rate,
 * {@code v = lr·b} and both conventions give the same trajectory. Under a schedule they differ: when the rate
 * drops, PyTorch's next step scales the whole accumulated buffer by the new rate at once, while Sutskever's
 * velocity keeps the momentum of steps taken at the old rate and only new gradients are scaled by the new one.
 *
 * <p>The optimizer is driver-side and stateful; {@link #state()} and {@link #restore} make its state a value.
 */
public final class MomentumSgd {
  /** PyTorch's {@code clip_grad_norm_} adds this to the norm before dividing. */
  public static final double CLIP_EPS = 1e-6;

  private final OptimizerConfig config;
  private final LearningRateSchedule schedule;
  private final int numParams;
  private double[] velocity;
  private long step;

  public MomentumSgd(OptimizerConfig config, int numParams) {
    this.config = config;
    this.schedule = LearningRateSchedule.of(config.lr(), config.schedule());
    this.numParams = numParams;
  }

  /** What one step did, for logging. */
  public record StepReport(long step, double lr, double gradNorm, boolean clipped) {}

  /**
   * Takes one step in place: updates {@code w} from the averaged gradient {@code g}. {@code g} is used as scratch
   * space (it is clipped in place and receives the weight decay term).
   */
  public StepReport step(double[] w, double[] g) {
    if (w.length != numParams || g.length != numParams) {
      throw new IllegalArgumentException("expected " + numParams + " parameters, got w=" + w.length + ", g="
          + g.length);
    }
    double norm = Vectors.norm2(g);
    boolean clipped = false;
    if (config.clipGradNorm() > 0) {
      double coef = config.clipGradNorm() / (norm + CLIP_EPS);
      if (coef < 1) {
        Vectors.scale(g, coef);
        clipped = true;
      }
    }
    double lr = schedule.lr(step);
    double wd = config.weightDecay();
    double mu = config.momentum();
    double keep = 1 - config.dampening();
    boolean nesterov = config.nesterov();
    boolean first = velocity == null;
    if (mu != 0 && first) velocity = new double[numParams];
    double[] v = velocity;
    boolean torch = config.convention() == Convention.PYTORCH;
    for (int j = 0; j < numParams; j++) {
      double d = wd != 0 ? g[j] + wd * w[j] : g[j];
      if (mu == 0) {
        w[j] -= lr * d;
      } else if (torch) {
        double b = first ? d : mu * v[j] + keep * d;
        v[j] = b;
        w[j] -= lr * (nesterov ? d + mu * b : b);
      } else {
        double u = first ? lr * d : mu * v[j] + keep * lr * d;
        v[j] = u;
        w[j] -= nesterov ? mu * u + lr * d : u;
      }
    }
    return new StepReport(step++, lr, norm, clipped);
  }

  /** The rate the next step will use. */
  public double nextLr() {
    return schedule.lr(step);
  }

  public long stepCount() {
    return step;
  }

  public OptimizerConfig config() {
    return config;
  }

  public OptimizerState state() {
    return new OptimizerState(step, velocity, null);
  }

  public void restore(OptimizerState s) {
    double[] v = s.velocity();
    if (v != null && v.length != numParams) {
      throw new IllegalArgumentException("optimizer state has " + v.length + " velocities, model has " + numParams);
    }
    step = s.step();
    velocity = v;
  }
}
