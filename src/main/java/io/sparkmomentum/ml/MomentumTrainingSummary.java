package io.sparkmomentum.ml;

import io.sparkmomentum.train.RoundResult;
import io.sparkmomentum.train.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a fit ({@link MomentumMF}, {@link MomentumRegressor}, {@link MomentumClassifier}) did, round by round, as MLlib's training summaries report it: the mean mini-batch
 * loss of every round (its {@code objectiveHistory}), the learning rate and gradient norm of every step, the
 * validation metrics (with {@code validationFraction > 0}: RMSE, MAE and counts of a regression; accuracy,
 * log-loss and AUC or the confusion matrix of a classifier) of every evaluated round, and why it
 * stopped. Like MLlib's summaries it lives with the fitted model and is not saved with it.
 */
public class MomentumTrainingSummary {
  private final List<RoundResult> rounds;
  private final StopReason stopReason;
  private final String message;
  private final long roundsPerEpoch;

  MomentumTrainingSummary(List<RoundResult> rounds, StopReason stopReason, String message, long roundsPerEpoch) {
    this.rounds = List.copyOf(rounds);
    this.stopReason = stopReason;
    this.message = message;
    this.roundsPerEpoch = roundsPerEpoch;
  }

  /** The same summary (for a subclass that names the estimator). */
  MomentumTrainingSummary(MomentumTrainingSummary s) {
    this(s.rounds, s.stopReason, s.message, s.roundsPerEpoch);
  }

  /** Every round: round and epoch (0-based), loss, gradient norm, learning rate, batch size, timings, evaluation. */
  public List<RoundResult> rounds() {
    return rounds;
  }

  /** The mean loss of each round's mini-batch (before its step), in round order. */
  public double[] objectiveHistory() {
    return rounds.stream().mapToDouble(RoundResult::loss).toArray();
  }

  /** The validation metrics of the evaluated rounds (each with its {@code round}), in round order. */
  public List<Map<String, Double>> evaluationHistory() {
    List<Map<String, Double>> out = new ArrayList<>();
    for (RoundResult r : rounds) {
      if (r.evaluation().isEmpty()) continue;
      Map<String, Double> m = new java.util.LinkedHashMap<>();
      m.put("round", (double) r.round());
      m.putAll(r.evaluation());
      out.add(m);
    }
    return out;
  }

  /** {@code max_epochs}, or {@code diverged} (the model then holds the weights before the diverging step). */
  public String stopReason() {
    return stopReason.name().toLowerCase(Locale.ROOT);
  }

  /** The trainer's closing message, e.g. {@code trained 10 epochs}. */
  public String message() {
    return message;
  }

  /** The number of rounds (optimizer steps) trained. */
  public long totalIterations() {
    return rounds.size();
  }

  /** Mini-batches per epoch (1 with a full batch). */
  public long roundsPerEpoch() {
    return roundsPerEpoch;
  }
}
