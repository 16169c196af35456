package io.sparkmomentum.rank;

/**
 * One tile of the score matrix {@code S = A·Bᵀ + bias}: queries (rows of A) × candidates (rows of B), the small
 * matrix product that blocked top-K is made of (as Spark's {@code ALSModel.recommendForAll}, SPARK-20587, blocks
 * users × items). Each score is {@code Σ_f a_f·b_f} summed in factor order, then the candidate's bias, then the
 * query's: the same bits as {@link io.sparkmomentum.model.LatentFactors#rankingScore}.
 */
public final class BlockScorer {
  private BlockScorer() {}

  /**
   * Fills {@code out[q·|B| + c]} for every query q of {@code a} and candidate c of {@code b}. The candidates are
   * transposed once (factor-major), so that the inner loop runs along candidates, {@code s_c += a_f·b_{c,f}}: a loop
   * without a carried dependency that the JIT vectorises, while every score is still summed in factor order with a
   * multiply and an add (the same bits as one scalar chain).
   */
  public static void score(FactorTable a, FactorTable b, double[] out) {
    int k = a.rank();
    if (b.rank() != k) throw new IllegalArgumentException("ranks differ: " + k + " and " + b.rank());
    int nb = b.size();
    double[] ar = a.rows();
    double[] bt = transposed(b);
    for (int q = 0, n = a.size(); q < n; q++) {
      int qo = q * k;
      int row = q * nb;
      java.util.Arrays.fill(out, row, row + nb, 0.0);
      for (int f = 0; f < k; f++) {
        double x = ar[qo + f];
        int base = f * nb;
        for (int c = 0; c < nb; c++) out[row + c] += x * bt[base + c];
      }
      addBiases(a, b, out, q, row, nb);
    }
  }

  /** {@code b}'s rows factor-major: {@code t[f·|B| + c] = b_{c,f}}. */
  private static double[] transposed(FactorTable b) {
    int k = b.rank();
    int nb = b.size();
    double[] rows = b.rows();
    double[] t = new double[k * nb];
    for (int c = 0; c < nb; c++) for (int f = 0; f < k; f++) t[f * nb + c] = rows[c * k + f];
    return t;
  }

  /** Adds the candidate's bias, then the query's, to query q's row of scores. */
  private static void addBiases(FactorTable a, FactorTable b, double[] out, int q, int row, int nb) {
    if (b.bias() != null) for (int c = 0; c < nb; c++) out[row + c] += b.bias()[c];
    if (a.bias() != null) for (int c = 0; c < nb; c++) out[row + c] += a.bias()[q];
  }
}
