package io.sparkmomentum.bench;

import io.sparkmomentum.model.LatentFactors;
import java.io.Serializable;

/**
 * Other systems' rankers as {@link LatentFactors} over a flat array {@code [P (users × rank) | Q (items × rank) |
 * b (items)]}, so that {@link io.sparkmomentum.eval.RankingEvaluation} and {@link io.sparkmomentum.rank.TopKJob}
 * score them exactly as ours: ALS's factors (b = 0) and popularity (rank 1, P = Q = 0, b = the item's count).
 */
record FactorScores(int numUsers, int numItems, int rank) implements LatentFactors, Serializable {

  @Override
  public int userOffset(int u) {
    return u * rank;
  }

  @Override
  public int itemOffset(int i) {
    return (numUsers + i) * rank;
  }

  @Override
  public int itemBiasOffset(int i) {
    return (numUsers + numItems) * rank + i;
  }

  int size() {
    return (numUsers + numItems) * rank + numItems;
  }

  /** Popularity: each item's count of training positives (ties by item index). */
  static double[] popularity(FactorScores m, int[] positiveItems) {
    double[] w = new double[m.size()];
    for (int i : positiveItems) if (i >= 0) w[m.itemBiasOffset(i)]++;
    return w;
  }
}
