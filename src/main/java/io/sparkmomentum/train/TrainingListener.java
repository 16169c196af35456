package io.sparkmomentum.train;

/** Observes a run: progress output, metrics files and checkpoints are listeners, not part of the loop. */
public interface TrainingListener {
  /** After every round, with the weights after the round's step (do not modify them). */
  default void onRound(RoundResult result, TrainerState state) {}

  /** A divergence event (rolled back or final). */
  default void onDivergence(long round, String reason, boolean rolledBack, double newLr) {}

  default void onStop(StopReason reason, TrainerState state) {}
}
