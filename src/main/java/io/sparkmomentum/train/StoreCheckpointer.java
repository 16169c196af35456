package io.sparkmomentum.train;

import io.sparkmomentum.io.ArrayBundle;
import io.sparkmomentum.io.CheckpointStore;
import io.sparkmomentum.optim.GradientAccumulator;
import io.sparkmomentum.optim.OptimizerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * Checkpoints a run's {@link TrainerState} into a {@link CheckpointStore}: weights, the whole optimizer state
 * (velocity and step count, hence the schedule position), the accumulation buffer and count, the data position
 * (the round; the order is a function of seed and round), the rows the accumulation holds, the divergence guard's
 * memory (smoothed loss, window, last rollback target; as {@code guard_losses = [smoothed, window...]} in binary, so
 * the bits survive), the rendered config, and the run's metadata (the data's fingerprint, including checksums of the
 * id mappings, which are written once per run), and early stopping's memory (best value, round and weights; the
 * last epoch's loss; {@code early_values = [best, last epoch loss]} in binary).
 */
public final class StoreCheckpointer implements Checkpointer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreCheckpointer.class);
  private final CheckpointStore store;
  private final String config;
  private final Map<String, Object> runMeta;

  /**
   * @param runMeta what every checkpoint of the run records besides the state: the data's fingerprint, the
   *     effective partition count, ... (the id lists themselves are written once per run, not per checkpoint)
   */
  public StoreCheckpointer(CheckpointStore store, String renderedConfig, Map<String, Object> runMeta) {
    this.store = store;
    this.config = renderedConfig;
    this.runMeta = Map.copyOf(runMeta);
  }

  @Override
  public void save(TrainerState s) {
    ArrayBundle.Builder b = ArrayBundle.builder(CheckpointStore.KIND);
    b.meta("round", s.round()).meta("lr_scale", s.lrScale()).meta("rollbacks", s.rollbacks()).meta("config", config);
    b.doubles("weights", s.weights());
    OptimizerState o = s.optimizer();
    b.meta("optimizer_step", o == null ? 0 : o.step());
    if (o != null && o.velocity() != null) b.doubles("velocity", o.velocity());
    if (o != null && o.rowStep() != null) b.longs("row_step", o.rowStep());
    GradientAccumulator.State a = s.accumulator();
    if (a != null) {
      b.doubles("accumulated_gradient", a.sum()).meta("accumulated_loss", a.lossSum()).meta("accumulated_count",
          a.count());
    }
    if (s.accumulatedRows() != null) b.ints("accumulated_rows", s.accumulatedRows());
    TrainerState.Guard g = s.guard();
    if (g != null) {
      double[] losses = new double[g.window().length + 1];
      losses[0] = g.smoothed();
      System.arraycopy(g.window(), 0, losses, 1, g.window().length);
      b.doubles("guard_losses", losses).meta("last_rollback_target", g.lastRollbackTarget());
    }
    TrainerState.Early es = s.early();
    if (es != null) {
      b.doubles("early_values", new double[] {es.bestValue(), es.lastEpochLoss()}).meta("early_best_round",
          es.bestRound()).meta("early_best_epoch", es.bestEpoch()).meta("early_bad_evaluations", es.badEvaluations());
      if (es.bestWeights() != null) b.doubles("early_best_weights", es.bestWeights());
    }
    runMeta.forEach(b::meta);
    try {
      store.save(s.round(), b);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write checkpoint of round " + s.round() + " to "
          + store.directory(), e);
    }
  }

  /**
   * The newest state: the valid checkpoint with the most rollbacks, and of those the latest round. A rollback
   * returns to an earlier round, so checkpoints of later rounds written before it belong to the abandoned trajectory
   * until the run overwrites them; they have fewer rollbacks than anything written since.
   */
  @Override
  public Optional<TrainerState> latest() {
    try {
      java.util.List<Long> rounds = store.rounds();
      TrainerState best = null;
      for (int k = rounds.size() - 1; k >= 0; k--) {
        TrainerState s;
        try {
          s = toState(store.load(rounds.get(k)));
        } catch (io.sparkmomentum.io.InvalidBundleException e) {
          LOG.warn("Skipping invalid checkpoint {}: {}", store.pathOf(rounds.get(k)), e.getMessage());
          continue;
        }
        if (best == null || s.rollbacks() > best.rollbacks()) best = s;
      }
      return Optional.ofNullable(best);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read checkpoints in " + store.directory(), e);
    }
  }

  @Override
  public Optional<TrainerState> atOrBefore(long round) {
    try {
      java.util.List<Long> rounds = store.rounds();
      for (int k = rounds.size() - 1; k >= 0; k--) {
        long r = rounds.get(k);
        if (r <= round || k == 0) {
          try {
            return Optional.of(toState(store.load(r)));
          } catch (IOException e) {
            // damaged: try an older one
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read checkpoints in " + store.directory(), e);
    }
  }

  /** The config the checkpoint was written with. */
  public static String configOf(ArrayBundle b) {
    return String.valueOf(b.meta().get("config"));
  }

  /** The state a checkpoint holds. */
  public static TrainerState toState(ArrayBundle b) {
    Map<String, Object> m = b.meta();
    double[] velocity = b.has("velocity") ? b.doubles("velocity") : null;
    long[] rowStep = b.has("row_step") ? b.longs("row_step") : null;
    OptimizerState o = new OptimizerState(((Number) m.get("optimizer_step")).longValue(), velocity, rowStep);
    GradientAccumulator.State a = b.has("accumulated_gradient")
        ? new GradientAccumulator.State(b.doubles("accumulated_gradient"),
            ((Number) m.get("accumulated_loss")).doubleValue(), ((Number) m.get("accumulated_count")).intValue())
        : null;
    int[] rows = b.has("accumulated_rows") ? b.ints("accumulated_rows") : null;
    TrainerState.Guard g = null;
    if (b.has("guard_losses")) {
      double[] losses = b.doubles("guard_losses");
      g = new TrainerState.Guard(losses[0], java.util.Arrays.copyOfRange(losses, 1, losses.length),
          ((Number) m.get("last_rollback_target")).longValue());
    }
    TrainerState.Early e = null;
    if (b.has("early_values")) {
      double[] v = b.doubles("early_values");
      e = new TrainerState.Early(v[0], ((Number) m.get("early_best_round")).longValue(),
          ((Number) m.get("early_best_epoch")).longValue(), ((Number) m.get("early_bad_evaluations")).intValue(),
          b.has("early_best_weights") ? b.doubles("early_best_weights") : null, v[1]);
    }
    return new TrainerState(((Number) m.get("round")).longValue(), b.doubles("weights"), o, a,
        ((Number) m.get("lr_scale")).doubleValue(), ((Number) m.get("rollbacks")).intValue(), rows, g, e);
  }

  public CheckpointStore store() {
    return store;
  }
}
