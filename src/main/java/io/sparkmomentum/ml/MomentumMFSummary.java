package io.sparkmomentum.ml;

/** What a {@link MomentumMF} fit did ({@link MomentumTrainingSummary}): its validation metrics are RMSE and MAE. */
public final class MomentumMFSummary extends MomentumTrainingSummary {
  MomentumMFSummary(MomentumTrainingSummary s) {
    super(s);
  }
}
