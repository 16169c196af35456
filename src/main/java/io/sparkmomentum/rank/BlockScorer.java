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
   * Fills {@code out[q·|B| + c]} for every query q of {@code a} and candidate c of {@code b}. Four candidates are
   * summed at once (four independent chains instead of one, each still in factor order: the same bits).
   */
  public static void score(FactorTable a, FactorTable b, double[] out) {
    int k = a.rank();
    if (b.rank() != k) throw new IllegalArgumentException("ranks differ: " + k + " and " + b.rank());
    int nb = b.size();
    double[] ar = a.rows();
    double[] br = b.rows();
    for (int q = 0, n = a.size(); q < n; q++) {
      int qo = q * k;
      int row = q * nb;
      int c = 0;
      for (; c + 3 < nb; c += 4) {
        int c0 = c * k;
        int c1 = c0 + k;
        int c2 = c1 + k;
        int c3 = c2 + k;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int f = 0; f < k; f++) {
          double x = ar[qo + f];
          s0 += x * br[c0 + f];
          s1 += x * br[c1 + f];
          s2 += x * br[c2 + f];
          s3 += x * br[c3 + f];
        }
        out[row + c] = s0;
        out[row + c + 1] = s1;
        out[row + c + 2] = s2;
        out[row + c + 3] = s3;
      }
      for (; c < nb; c++) {
        int co = c * k;
        double s = 0;
        for (int f = 0; f < k; f++) s += ar[qo + f] * br[co + f];
        out[row + c] = s;
      }
      addBiases(a, b, out, q, row, nb);
    }
  }

  /** Adds the candidate's bias, then the query's, to query q's row of scores. */
  private static void addBiases(FactorTable a, FactorTable b, double[] out, int q, int row, int nb) {
    if (b.bias() != null) for (int c = 0; c < nb; c++) out[row + c] += b.bias()[c];
    if (a.bias() != null) for (int c = 0; c < nb; c++) out[row + c] += a.bias()[q];
  }
}
