package io.sparkmomentum.rank;

import io.sparkmomentum.model.LatentFactors;

/**
 * Some factor rows of a {@link LatentFactors} model copied into one contiguous row-major array (row r at
 * {@code r·rank}), with an optional bias per row: the operand of {@link BlockScorer}'s small matrix products.
 *
 * @param ids the model's index of each row
 * @param bias a term added to every score of the row, or null
 */
public record FactorTable(int rank, int[] ids, double[] rows, double[] bias) {

  public int size() {
    return ids.length;
  }

  /** User rows {@code p_u} of {@code users}, no bias (a user's own terms do not change its ranking). */
  public static FactorTable users(LatentFactors m, double[] w, int[] users) {
    int k = m.rank();
    double[] rows = new double[users.length * k];
    for (int r = 0; r < users.length; r++) System.arraycopy(w, m.userOffset(users[r]), rows, r * k, k);
    return new FactorTable(k, users, rows, null);
  }

  /** Item rows {@code q_i} of {@code items} with their biases {@code b_i} (none when the model has none). */
  public static FactorTable items(LatentFactors m, double[] w, int[] items) {
    int k = m.rank();
    double[] rows = new double[items.length * k];
    double[] bias = m.itemBiasOffset(0) < 0 ? null : new double[items.length];
    for (int r = 0; r < items.length; r++) {
      System.arraycopy(w, m.itemOffset(items[r]), rows, r * k, k);
      if (bias != null) bias[r] = w[m.itemBiasOffset(items[r])];
    }
    return new FactorTable(k, items, rows, bias);
  }

  /** The same rows divided by their Euclidean norms (a zero row stays zero), without bias: for cosines. */
  public FactorTable normalized() {
    double[] out = rows.clone();
    for (int r = 0; r < ids.length; r++) {
      double ss = 0;
      for (int f = 0; f < rank; f++) ss += out[r * rank + f] * out[r * rank + f];
      if (ss == 0) continue;
      double norm = Math.sqrt(ss);
      for (int f = 0; f < rank; f++) out[r * rank + f] /= norm;
    }
    return new FactorTable(rank, ids, out, null);
  }

  /** The ids {@code [from, to)}. */
  public static int[] range(int from, int to) {
    int[] ids = new int[to - from];
    for (int j = 0; j < ids.length; j++) ids[j] = from + j;
    return ids;
  }
}
