package io.sparkmomentum.cli;

import io.sparkmomentum.io.CheckpointStore;
import io.sparkmomentum.model.ParameterLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parts of {@code summary.json} that describe what the run did rather than what it was configured to do. */
final class RunSummary {
  private RunSummary() {}

  /**
   * Records the epochs trained: {@code epochs} is {@code rounds / roundsPerEpoch} (a whole number when the run
   * ended at an epoch boundary, else rounded to 3 decimals), and {@code epochs_configured} the configured count,
   * so that a run that stopped early (diverged at round 2, interrupted) does not claim the configured epochs.
   */
  static void putEpochs(Map<String, Object> summary, long rounds, long roundsPerEpoch, int configured) {
    long rpe = Math.max(1, roundsPerEpoch);
    if (rounds % rpe == 0) {
      summary.put("epochs", rounds / rpe);
    } else {
      summary.put("epochs", Math.round(1000.0 * rounds / rpe) / 1000.0);
    }
    summary.put("epochs_configured", configured);
  }

  /** Models with at most this many parameters show them in the summary. */
  static final int SHOWN_PARAMETERS = 64;

  /**
   * For a small model (at most {@value #SHOWN_PARAMETERS} parameters), records the learned parameters by block name,
   * in layout order ({@code parameters: {"b": [..], "w": [..]}}), each block row-major.
   */
  static void putParameters(Map<String, Object> summary, ParameterLayout layout, double[] w) {
    if (layout.size() > SHOWN_PARAMETERS) return;
    Map<String, Object> blocks = new LinkedHashMap<>();
    for (ParameterLayout.Block b : layout.blocks()) {
      List<Double> values = new ArrayList<>(b.size());
      for (int k = b.offset(); k < b.offset() + b.size(); k++) values.add(w[k]);
      blocks.put(b.name(), values);
    }
    summary.put("parameters", blocks);
  }

  /** Where the last good checkpoint is, or that there is none, for the divergence message. */
  static String lastGoodCheckpoint(CheckpointStore store, int checkpointEvery) {
    if (checkpointEvery <= 0) return "no checkpoint was written (trainer.checkpoint_every = 0)";
    try {
      List<Long> rounds = store.rounds();
      if (rounds.isEmpty()) return "no checkpoint was written before it";
      return "the last checkpoint, of round " + rounds.get(rounds.size() - 1) + ", is kept in " + store.directory();
    } catch (IOException e) {
      return "checkpoints (if any) are in " + store.directory();
    }
  }

  /** Where the best validation evaluation was ({@code best_epoch}, 1-based; {@code best_round}; its value). */
  static void putEarlyStopping(Map<String, Object> summary, io.sparkmomentum.train.TrainerState.Early early,
      long roundsPerEpoch) {
    if (early == null || early.bestRound() < 0) return;
    summary.put("best_epoch", early.bestEpoch() + 1);
    summary.put("best_round", early.bestRound() + 1);
    summary.put("best_validation_value", early.bestValue());
  }
}
