package io.sparkmomentum.rank;

/**
 * One user's ranking metrics at cut-off K from the scores of every item, under the protocol of issue 13: the
 * candidates are all items except the user's training positives E, ranked by score, ties by item index
 * ({@link TopK#beats}); the relevant set R is the user's test positives among the candidates.
 *
 * <p>With {@code rank_j} the 1-based rank of the j-th best relevant item (j = 0, 1, ...), {@code N} the candidates
 * that are not relevant and {@code hits} the relevant items ranked ≤ K:
 * <ul>
 *   <li>P@K = hits / K (K even when fewer candidates exist, as Spark's {@code precisionAt});
 *   <li>R@K = hits / |R|;
 *   <li>NDCG@K = Σ_{rank_j ≤ K} 1/log₂(rank_j + 1) ÷ Σ_{i=1}^{min(|R|,K)} 1/log₂(i + 1) (binary gains,
 *       Järvelin and Kekäläinen 2002);
 *   <li>AP@K = Σ_{rank_j ≤ K} (j + 1)/rank_j ÷ min(|R|, K), the normalisation of Spark's
 *       {@code meanAveragePrecisionAt};
 *   <li>RR = 1/rank_0 over the whole ranking (no cut-off);
 *   <li>AUC = the fraction of pairs (r ∈ R, n ∈ N) with r ranked before n (undefined when N is empty).
 * </ul>
 * The ranks come from one pass over the candidates: each non-relevant candidate is placed by binary search among
 * the sorted relevant items, so the cost is {@code O(items · log |R|)}, not a sort of all items.
 */
public final class UserRanking {
  /** Positions of the metrics in {@link #metrics}'s result. */
  public static final int PRECISION = 0, RECALL = 1, NDCG = 2, AP = 3, RR = 4, AUC = 5, AUC_DEFINED = 6;
  public static final int WIDTH = 7;

  private UserRanking() {}

  /**
   * @param scores the score of every item (index = item)
   * @param excluded the user's training positives, sorted ascending, distinct
   * @param relevant the user's test positives, sorted ascending, distinct, none of them excluded, at least one
   */
  public static double[] metrics(double[] scores, int[] excluded, int[] relevant, int k) {
    int nr = relevant.length;
    int[] order = bestFirst(scores, relevant);
    long[] diff = new long[nr + 1];
    int e = 0;
    int r = 0;
    long negatives = 0;
    for (int c = 0; c < scores.length; c++) {
      if (e < excluded.length && excluded[e] == c) {
        e++;
        continue;
      }
      if (r < nr && relevant[r] == c) {
        r++;
        continue;
      }
      negatives++;
      diff[relevantBeating(scores, order, c)]++;
    }
    double[] out = new double[WIDTH];
    long negAhead = 0;
    double dcg = 0;
    double ap = 0;
    double aucSum = 0;
    int hits = 0;
    for (int j = 0; j < nr; j++) {
      negAhead += diff[j];
      long rankJ = 1 + j + negAhead;
      if (j == 0) out[RR] = 1.0 / rankJ;
      if (rankJ <= k) {
        hits++;
        dcg += 1 / log2(rankJ + 1);
        ap += (double) (j + 1) / rankJ;
      }
      aucSum += negatives - negAhead;
    }
    int ideal = Math.min(nr, k);
    double idcg = 0;
    for (int i = 1; i <= ideal; i++) idcg += 1 / log2(i + 1);
    out[PRECISION] = (double) hits / k;
    out[RECALL] = (double) hits / nr;
    out[NDCG] = dcg / idcg;
    out[AP] = ap / ideal;
    if (negatives > 0) {
      out[AUC] = aucSum / ((double) nr * negatives);
      out[AUC_DEFINED] = 1;
    }
    return out;
  }

  /** {@code relevant} reordered best first (insertion sort: R is small). */
  private static int[] bestFirst(double[] scores, int[] relevant) {
    int[] o = relevant.clone();
    for (int a = 1; a < o.length; a++) {
      int x = o[a];
      int b = a - 1;
      while (b >= 0 && TopK.beats(x, scores[x], o[b], scores[o[b]])) {
        o[b + 1] = o[b];
        b--;
      }
      o[b + 1] = x;
    }
    return o;
  }

  /** How many of the best-first relevant items {@code order} beat candidate c (binary search). */
  private static int relevantBeating(double[] scores, int[] order, int c) {
    int lo = 0;
    int hi = order.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (TopK.beats(order[mid], scores[order[mid]], c, scores[c])) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
