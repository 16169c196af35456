package io.sparkmomentum.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on stderr per epoch (or every {@code every} rounds, and after every evaluation): epoch, round,
 * loss, the test RMSE of the round's own evaluation (never an older one repeated), seconds per epoch and the
 * remaining time. Stdout stays free for the final JSON summary.
 */
public final class ConsoleProgress implements TrainingListener {
  private final PrintStream out;
  private final long roundsPerEpoch;
  private final long totalRounds;
  private final int every;
  private final long startRound;

  public ConsoleProgress(PrintStream out, long roundsPerEpoch, int epochs, int every, long startRound) {
    this.out = out;
    this.roundsPerEpoch = roundsPerEpoch;
    this.totalRounds = roundsPerEpoch * epochs;
    this.every = every;
    this.startRound = startRound;
  }

  @Override
  public void onRound(RoundResult r, TrainerState state) {
    Double rmse = r.evaluation().get("rmse");
    boolean epochEnd = (r.round() + 1) % roundsPerEpoch == 0;
    boolean due = every > 0 ? (r.round() + 1) % every == 0 || r.round() + 1 == totalRounds : epochEnd;
    if (!due && rmse == null) return;
    long done = r.round() + 1 - startRound;
    double perRound = r.seconds() / Math.max(1, done);
    double eta = perRound * (totalRounds - r.round() - 1);
    out.println(String.format(Locale.ROOT,
        "epoch %d/%d  round %d/%d  loss %.5f%s  %.2f s/epoch  %.1f ms/round  ETA %s",
        r.epoch() + 1, totalRounds / roundsPerEpoch, r.round() + 1, totalRounds, r.loss(),
        rmse == null ? "" : String.format(Locale.ROOT, "  test_rmse %.5f", rmse),
        perRound * roundsPerEpoch, perRound * 1000, duration(eta)));
    out.flush();
  }

  static String duration(double s) {
    if (s < 60) return String.format(Locale.ROOT, "%.0fs", s);
    if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
    return String.format(Locale.ROOT, "%dh%02dm", (long) s / 3600, ((long) s % 3600) / 60);
  }
}
