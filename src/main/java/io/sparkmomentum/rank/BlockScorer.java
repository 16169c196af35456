package io.sparkmomentum.rank;

/**
 * One tile of the score matrix {@code S = A·Bᵀ + bias}: queries (rows of A) × candidates (rows of B), the small
 * matrix product that blocked top-K is made of (as Spark's {@code ALSModel.recommendForAll}, SPARK-20587, blocks
 * users × items). Each score is {@code Σ_f a_f·b_f} summed in factor order, then the candidate's bias, then the
 * query's: the same bits as {@link io.sparkmomentum.model.LatentFactors#rankingScore}.
 */
public final class BlockScorer {
  private BlockScorer() {}

  /** Fills {@code out[q·|B| + c]} for every query q of {@code a} and candidate c of {@code b}. */
  public static void score(FactorTable a, FactorTable b, double[] out) {
    int k = a.rank();
    if (b.rank() != k) throw new IllegalArgumentException("ranks differ: " + k + " and " + b.rank());
    int nb = b.size();
    double[] ar = a.rows();
    double[] br = b.rows();
    for (int q = 0, n = a.size(); q < n; q++) {
      int qo = q * k;
      int row = q * nb;
      double qBias = a.bias() == null ? 0 : a.bias()[q];
      for (int c = 0; c < nb; c++) {
        int co = c * k;
        double s = 0;
        for (int f = 0; f < k; f++) s += ar[qo + f] * br[co + f];
        if (b.bias() != null) s += b.bias()[c];
        if (a.bias() != null) s += qBias;
        out[row + c] = s;
      }
    }
  }
}
