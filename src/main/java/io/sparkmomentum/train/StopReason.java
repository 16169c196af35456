package io.sparkmomentum.train;

/** Why a training run ended. */
public enum StopReason {
  /** All configured epochs ran. */
  MAX_EPOCHS,
  /** The loss or gradient became NaN/Inf or grew past the divergence factor (and no rollback was left). */
  DIVERGED,
  /** The validation metric did not improve for {@code trainer.early_stopping.patience} evaluations. */
  EARLY_STOPPED,
  /** An epoch's training loss changed by at most {@code trainer.early_stopping.tolerance} of the previous one's. */
  CONVERGED,
  /** The process was asked to stop (SIGINT/SIGTERM) and stopped at a round boundary. */
  INTERRUPTED
}
