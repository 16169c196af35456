package io.sparkmomentum.train;

import io.sparkmomentum.config.TrainerConfig;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Decides whether a step diverged, and where a rollback returns to.
 *
 * <h2>The test</h2>
 * A step diverges at once when its loss or gradient norm is NaN or infinite. Otherwise it is judged on the smoothed
 * loss, an exponential moving average of the steps' mean losses {@code ℓ_t}:
 * <pre>  s_0 = ℓ_0,   s_t = β·s_{t−1} + (1−β)·ℓ_t,   β = {@value #BETA} (about {@value #WINDOW} steps)</pre>
 * and diverges when {@code s_t > trainer.divergence_factor × min(s over the last }{@value #WINDOW}{@code  healthy
 * steps)}. The loss of one small batch is noisy (a 10-rating batch's loss varies tenfold from one round to the
 * next), so judging single losses stops healthy runs; the average over about 50 steps is not fooled by a noisy
 * batch, while a real divergence, whose loss grows geometrically, lifts it past the factor within a few steps (and
 * usually overflows to infinity even sooner).
 *
 * <h2>Its memory</h2>
 * {@link #state()} and the constructor make the guard's memory (the smoothed loss, the window and the last rollback's
 * target) part of the checkpoint, so a resumed run makes the same decisions as an uninterrupted one.
 */
final class DivergenceGuard {
  static final double BETA = 0.98;
  static final int WINDOW = 50;

  private final TrainerConfig config;
  private final ArrayDeque<Double> recent = new ArrayDeque<>();
  private double smoothed = Double.NaN;
  /** The round the last rollback returned to, or -1. */
  private long lastRollbackTarget = -1;

  /** A guard that continues from {@code memory} (null: a fresh one). */
  DivergenceGuard(TrainerConfig config, TrainerState.Guard memory) {
    this.config = config;
    if (memory != null) {
      smoothed = memory.smoothed();
      for (double s : memory.window()) recent.addLast(s);
      lastRollbackTarget = memory.lastRollbackTarget();
    }
  }

  /** Null when the step is healthy (and then remembered), else why it counts as diverged. */
  String check(double loss, double gradNorm) {
    if (!Double.isFinite(loss)) return "loss is " + loss;
    if (!Double.isFinite(gradNorm)) return "gradient norm is " + gradNorm;
    double s = Double.isNaN(smoothed) ? loss : BETA * smoothed + (1 - BETA) * loss;
    if (!Double.isFinite(s)) return "smoothed loss is " + s;
    double min = recent.stream().mapToDouble(Double::doubleValue).min().orElse(Double.POSITIVE_INFINITY);
    if (s > config.divergenceFactor() * min && min > 0) {
      return "smoothed loss " + s + " (this step: " + loss + ") is more than " + config.divergenceFactor()
          + "x its recent minimum " + min;
    }
    smoothed = s;
    recent.addLast(s);
    if (recent.size() > WINDOW) recent.removeFirst();
    return null;
  }

  /** The guard's memory, for a checkpoint. */
  TrainerState.Guard state() {
    return new TrainerState.Guard(smoothed, recent.stream().mapToDouble(Double::doubleValue).toArray(),
        lastRollbackTarget);
  }

  /**
   * The checkpoint to continue from after a divergence at {@code round}: the newest one at least one checkpoint
   * interval before the divergence (a checkpoint just before it may already hold exploding but finite weights), and
   * no newer than the previous rollback's target when the run diverges again within four intervals of it; empty when
   * rollbacks are off or used up. On success the guard forgets the losses it saw since (they led to the divergence).
   */
  Optional<TrainerState> rollbackTarget(long round, int rollbacks, Checkpointer checkpointer) {
    boolean can = config.onDivergence() == TrainerConfig.OnDivergence.ROLLBACK && checkpointer != null
        && rollbacks < config.maxRollbacks();
    long limit = round - config.checkpointEvery();
    if (lastRollbackTarget >= 0 && round - lastRollbackTarget < 4L * config.checkpointEvery()) {
      limit = Math.min(limit, lastRollbackTarget); // diverged again soon: checkpoints since then are suspect
    }
    Optional<TrainerState> back = can ? checkpointer.atOrBefore(limit) : Optional.empty();
    if (back.isEmpty()) return Optional.empty();
    lastRollbackTarget = back.get().round();
    recent.clear();
    smoothed = Double.NaN;
    return back;
  }
}
