package io.sparkmomentum.tune;

import java.util.ArrayList;
import java.util.List;

/**
 * The rungs of successive halving (Jamieson and Talwalkar 2016, "Non-stochastic best arm identification and
 * hyperparameter optimization"; the inner loop of Hyperband, Li et al. 2017): {@code n} candidates train for
 * {@code E/η^(s)} epochs, the best {@code 1/η} of them continue to {@code E/η^(s−1)}, and so on until one (or a few)
 * reach the full {@code E} epochs. A candidate continues from where it stopped (its optimizer state, schedule
 * position and data order included), so reaching rung k costs only the epochs between rungs.
 */
public final class SuccessiveHalving {
  private SuccessiveHalving() {}

  /**
   * One rung.
   *
   * @param epochs the epochs a candidate of this rung has trained when it is scored
   * @param candidates how many candidates train up to it
   */
  public record Rung(int epochs, int candidates) {}

  /**
   * The rungs for {@code n} candidates and {@code maxEpochs}: {@code R = max(1, ⌈log_η n⌉)} rungs, rung k keeping
   * {@code ⌈n/η^k⌉} candidates (so the last keeps between 2 and η of them when n > 1), at {@code E/η^(R−1−k)}
   * epochs (each at least 1, strictly increasing; rungs that would repeat an epoch count are merged).
   */
  public static List<Rung> plan(int n, int maxEpochs, int eta) {
    if (n < 1 || maxEpochs < 1 || eta < 2) {
      throw new IllegalArgumentException("n " + n + ", epochs " + maxEpochs + ", eta " + eta);
    }
    int rungs = 0;
    for (long p = 1; p < n; p *= eta) rungs++;
    rungs = Math.max(1, rungs);
    List<Rung> plan = new ArrayList<>();
    int alive = n;
    int previous = 0;
    for (int k = rungs - 1; k >= 0; k--) {
      int epochs = (int) Math.max(previous + 1, Math.round(maxEpochs / Math.pow(eta, k)));
      if (k == 0) epochs = Math.max(epochs, maxEpochs);
      if (epochs > maxEpochs) epochs = maxEpochs;
      if (epochs <= previous) { // too few epochs for this many rungs: merge into the next
        alive = Math.max(1, (alive + eta - 1) / eta);
        continue;
      }
      plan.add(new Rung(epochs, alive));
      previous = epochs;
      alive = Math.max(1, (alive + eta - 1) / eta);
    }
    if (plan.get(plan.size() - 1).epochs() < maxEpochs) plan.add(new Rung(maxEpochs, 1));
    return plan;
  }
}
