package io.sparkmomentum.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A cheap held-out ranking signal for training progress: for each test positive (u, i) of a known user and item, the
 * fraction of {@code n} uniformly drawn other items that score below it (ties count half), averaged over the
 * positives. The draws come from a generator seeded by (u, i) alone, so the figure does not depend on partitioning.
 * Training positives are not excluded: this tracks progress; the protocol's metrics are the ranking evaluation's.
 *
 * @param factors   the model's parameter layout
 * @param negatives items drawn per positive
 */
public record SampledAuc(ItemFactors factors, int negatives) implements BlockMetrics<RatingColumns> {
  /** Negatives drawn per test positive by the specs. */
  public static final int DEFAULT_NEGATIVES = 100;

  @Override
  public double[] sums(double[] w, RatingColumns data) {
    double auc = 0;
    long scored = 0;
    long coldUsers = 0;
    long coldItems = 0;
    for (int x = 0; x < data.size(); x++) {
      int u = data.users()[x];
      int i = data.items()[x];
      boolean ku = u >= 0 && u < factors.numUsers();
      boolean ki = i >= 0 && i < factors.numItems();
      if (!ku) coldUsers++;
      if (!ki) coldItems++;
      if (!ku || !ki) continue;
      double s = factors.rankingScore(w, u, i);
      SplittableRandom rng = new SplittableRandom(Selection.streamSeed(0x5EEDL, u, i));
      double below = 0;
      for (int t = 0; t < negatives; t++) {
        double sj = factors.rankingScore(w, u, factors.drawNegative(rng, i));
        below += sj < s ? 1 : sj == s ? 0.5 : 0;
      }
      auc += below / negatives;
      scored++;
    }
    return new double[] {auc, scored, data.size(), coldUsers, coldItems};
  }

  @Override
  public Map<String, Double> finish(double[] t) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("sampled_auc", t[1] == 0 ? Double.NaN : t[0] / t[1]);
    m.put("count", t[2]);
    m.put("cold_users", t[3]);
    m.put("cold_items", t[4]);
    return m;
  }
}
