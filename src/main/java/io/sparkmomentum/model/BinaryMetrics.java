package io.sparkmomentum.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary classification metrics of any {@link RealScorer} whose score is the margin {@code z} (log-odds of class 1,
 * {@code p = σ(z)}); labels are 0 and 1 (a label {@code > 0} is class 1, as the models read it):
 * <ul>
 *   <li>{@code accuracy}: the fraction with {@code (p ≥ 0.5) = (y = 1)};</li>
 *   <li>{@code log_loss}: the mean of {@code −y log p − (1 − y) log(1 − p)}, computed as {@code softplus(∓z)}, so it
 *       is finite for any finite margin (no {@code log 0});</li>
 *   <li>{@code auc}: the area under the ROC curve, the probability that a random positive scores above a random
 *       negative (Hanley &amp; McNeil 1982, "The meaning and use of the area under a ROC curve"), ties counting half.
 *       To stay additive it is computed from per-class histograms of {@code p} over {@value #BINS} equal bins of
 *       {@code [0, 1]}: pairs in different bins are ordered exactly, pairs within one bin count half. The error
 *       against the exact AUC is therefore at most {@code Σ_b pos_b·neg_b / (2 P N)}, half the fraction of
 *       positive-negative pairs that share a bin (0 when no bin holds both classes). Absent when the held-out set
 *       has a single class.</li>
 * </ul>
 * Sums: {@code (correct, Σ log-loss, n, positives per bin[BINS], negatives per bin[BINS])}.
 */
public record BinaryMetrics(RealScorer model) implements BlockMetrics<FeatureRows> {
  /** Histogram bins of {@code σ(score)} for the AUC: resolution {@code 1/BINS} in probability. */
  public static final int BINS = 10_000;
  private static final int HEAD = 3;

  /** The probability of class 1 for row {@code r}. */
  public static double probability(RealScorer model, double[] w, FeatureRows x, int r) {
    return Losses.sigmoid(model.score(w, x, r));
  }

  /** The histogram bin of probability {@code p}. */
  static int bin(double p) {
    return Math.min(BINS - 1, Math.max(0, (int) (p * BINS)));
  }

  @Override
  public double[] sums(double[] w, FeatureRows x) {
    double[] s = new double[HEAD + 2 * BINS];
    for (int r = 0; r < x.size(); r++) {
      double z = model.score(w, x, r);
      boolean positive = x.labels()[r] > 0;
      double p = Losses.sigmoid(z);
      if ((p >= 0.5) == positive) s[0]++;
      s[1] += Losses.softplus(positive ? -z : z);
      s[HEAD + (positive ? 0 : BINS) + bin(p)]++;
    }
    s[2] = x.size();
    return s;
  }

  @Override
  public Map<String, Double> finish(double[] t) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", t[0] / t[2]);
    m.put("log_loss", t[1] / t[2]);
    double auc = auc(t);
    if (!Double.isNaN(auc)) m.put("auc", auc);
    m.put("count", t[2]);
    return m;
  }

  /** The binned AUC of the summed histograms; NaN without both classes. */
  static double auc(double[] t) {
    double negBelow = 0;
    double pairs = 0;
    double positives = 0;
    for (int b = 0; b < BINS; b++) {
      double pos = t[HEAD + b];
      double neg = t[HEAD + BINS + b];
      pairs += pos * (negBelow + 0.5 * neg);
      negBelow += neg;
      positives += pos;
    }
    return positives == 0 || negBelow == 0 ? Double.NaN : pairs / (positives * negBelow);
  }
}
