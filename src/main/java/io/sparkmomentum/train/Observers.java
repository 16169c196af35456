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
  Function<double[], Map<String, Double>> validator;
  Checkpointer checkpointer;
  /** Set by the trainer for each fit. */
  EarlyStopping early;
  private StopReason stop;
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

  void checkpoint(StepApplier state) {
    if (checkpointing()) checkpointer.save(snapshot(state));
  }

  /** The live state with early stopping's memory. */
  TrainerState snapshot(StepApplier state) {
    return state.snapshot().withEarly(early.memory());
  }

  /** Why the run stops after the last round given to {@link #roundDone}, or null to go on. */
  StopReason stop() {
    return stop;
  }

  /**
   * After a healthy round: evaluates on the test set when an evaluation epoch ends (or the run does), on the
   * validation slice likewise (every epoch when early stopping watches it and {@code eval_every = 0}), lets early
   * stopping judge, checkpoints when due, then tells the listeners. Returns the round's result, with its evaluations.
   */
  RoundResult roundDone(RoundResult r, StepApplier state, boolean epochEnd, boolean lastRound) {
    int validateEvery = evalEvery > 0 ? evalEvery : early.watchesValidation() ? 1 : 0;
    boolean test = evaluator != null && epochEnd && (lastRound || (evalEvery > 0 && (r.epoch() + 1) % evalEvery == 0));
    boolean validate = validator != null && epochEnd
        && (lastRound || (validateEvery > 0 && (r.epoch() + 1) % validateEvery == 0));
    double[] w = test || validate ? state.current().weights() : null;
    if (test) r = r.withEvaluation(evaluator.apply(w));
    stop = null;
    if (validate) {
      r = r.withValidation(validator.apply(w));
      if (early.validated(r.validation(), r.round(), r.epoch(), w)) stop = StopReason.EARLY_STOPPED;
    }
    if (early.roundDone(r.loss(), epochEnd) && stop == null && !lastRound) stop = StopReason.CONVERGED;
    TrainerState snap = null;
    if (checkpointing() && state.round() % checkpointEvery == 0) {
      snap = snapshot(state);
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
