package io.sparkmomentum.cli;

import io.sparkmomentum.io.CheckpointStore;
import java.io.IOException;
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
}
