package io.sparkmomentum.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything that watches a run without steering it: the {@link TrainingListener}s (progress, metrics), the test
 * evaluation every {@code trainer.eval_every} epochs, and the checkpoints every {@code trainer.checkpoint_every}
 * rounds. Evaluation reads an up-to-date copy of the weights, so the trained bits do not depend on the observers.
 */
final class Observers {
  final List<TrainingListener> listeners = new ArrayList<>();
  Function<double[], Map<String, Double>> evaluator;
  Checkpointer checkpointer;
  private final int evalEvery;
  private final int checkpointEvery;

  Observers(int evalEvery, int checkpointEvery) {
    this.evalEvery = evalEvery;
    this.checkpointEvery = checkpointEvery;
  }

  /** Whether checkpoints are written (and hence rollbacks possible). */
  boolean checkpointing() {
    return checkpointer != null && checkpointEvery > 0;
  }

  void checkpoint(TrainerState s) {
    if (checkpointing()) checkpointer.save(s);
  }

  /**
   * After a healthy round: evaluates when an evaluation epoch ends (or the run does), checkpoints when due, then tells
   * the listeners. Returns the round's result, with its evaluation if any.
   */
  RoundResult roundDone(RoundResult r, StepApplier state, boolean epochEnd, boolean lastRound) {
    if (evaluator != null && epochEnd && (lastRound || (evalEvery > 0 && (r.epoch() + 1) % evalEvery == 0))) {
      r = r.withEvaluation(evaluator.apply(state.current().weights()));
    }
    TrainerState snap = null;
    if (checkpointing() && state.round() % checkpointEvery == 0) {
      snap = state.snapshot();
      checkpointer.save(snap);
    }
    for (TrainingListener l : listeners) l.onRound(r, snap != null ? snap : state.view());
    return r;
  }

  void diverged(long round, String reason, boolean rolledBack, double newLr) {
    for (TrainingListener l : listeners) l.onDivergence(round, reason, rolledBack, newLr);
  }

  void stopped(StopReason reason, TrainerState state) {
    for (TrainingListener l : listeners) l.onStop(reason, state);
  }
}
