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
   * Fills {@code out[q·|B| + c]} for every query q of {@code a} and candidate c of {@code b}. Two queries × four
   * candidates are summed at once (eight independent chains, each still in factor order: the same bits as one at a
   * time), so each loaded factor serves two or four products.
   */
  public static void score(FactorTable a, FactorTable b, double[] out) {
    int k = a.rank();
    if (b.rank() != k) throw new IllegalArgumentException("ranks differ: " + k + " and " + b.rank());
    int nb = b.size();
    int na = a.size();
    double[] ar = a.rows();
    double[] br = b.rows();
    int q = 0;
    for (; q + 1 < na; q += 2) {
      int qo = q * k;
      int po = qo + k;
      int row = q * nb;
      int row2 = row + nb;
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
        double t0 = 0;
        double t1 = 0;
        double t2 = 0;
        double t3 = 0;
        for (int f = 0; f < k; f++) {
          double x = ar[qo + f];
          double y = ar[po + f];
          double b0 = br[c0 + f];
          double b1 = br[c1 + f];
          double b2 = br[c2 + f];
          double b3 = br[c3 + f];
          s0 += x * b0;
          s1 += x * b1;
          s2 += x * b2;
          s3 += x * b3;
          t0 += y * b0;
          t1 += y * b1;
          t2 += y * b2;
          t3 += y * b3;
        }
        out[row + c] = s0;
        out[row + c + 1] = s1;
        out[row + c + 2] = s2;
        out[row + c + 3] = s3;
        out[row2 + c] = t0;
        out[row2 + c + 1] = t1;
        out[row2 + c + 2] = t2;
        out[row2 + c + 3] = t3;
      }
      for (; c < nb; c++) {
        out[row + c] = dot(ar, qo, br, c * k, k);
        out[row2 + c] = dot(ar, po, br, c * k, k);
      }
      addBiases(a, b, out, q, row, nb);
      addBiases(a, b, out, q + 1, row2, nb);
    }
    for (; q < na; q++) {
      int row = q * nb;
      for (int c = 0; c < nb; c++) out[row + c] = dot(ar, q * k, br, c * k, k);
      addBiases(a, b, out, q, row, nb);
    }
  }

  private static double dot(double[] x, int xo, double[] y, int yo, int k) {
    double s = 0;
    for (int f = 0; f < k; f++) s += x[xo + f] * y[yo + f];
    return s;
  }

  /** Adds the candidate's bias, then the query's, to query q's row of scores. */
  private static void addBiases(FactorTable a, FactorTable b, double[] out, int q, int row, int nb) {
    if (b.bias() != null) for (int c = 0; c < nb; c++) out[row + c] += b.bias()[c];
    if (a.bias() != null) for (int c = 0; c < nb; c++) out[row + c] += a.bias()[q];
  }
}
