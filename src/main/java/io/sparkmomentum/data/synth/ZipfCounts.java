package io.sparkmomentum.data.synth;

/**
 * Splits {@code n} ratings over {@code m} ranks in proportion to Zipf weights {@code w_r = r^(−s)}, {@code r = 1..m},
 * with at most {@code cap} per rank (a user rates each item at most once). The capped ranks form a prefix (the
 * weights decrease); the rest of {@code n} is shared by cumulative rounding, {@code n_r = round(C_r) − round(C_{r−1})}
 * with {@code C_r} the running share, so the counts sum to {@code n} exactly, each within one of its share, without
 * sorting. Deterministic and O(m).
 */
public final class ZipfCounts {
  private ZipfCounts() {}

  /** The Zipf weights {@code r^(−s)}, {@code r = 1..m} (index {@code r − 1}). */
  public static double[] weights(int m, double s) {
    double[] w = new double[m];
    for (int r = 0; r < m; r++) w[r] = Math.pow(r + 1, -s);
    return w;
  }

  /**
   * @return the count of each rank (index {@code r − 1})
   * @throws IllegalArgumentException if {@code n > m · cap}
   */
  public static int[] counts(long n, int m, double s, int cap) {
    if (n > (long) m * cap) throw new IllegalArgumentException(n + " ratings do not fit in " + m + " x " + cap);
    double[] w = weights(m, s);
    double rest = 0;
    for (int r = m - 1; r >= 0; r--) rest += w[r];
    int[] out = new int[m];
    long left = n;
    int first = 0;
    while (first < m && left * w[first] / rest >= cap) {
      out[first] = cap;
      left -= cap;
      rest -= w[first];
      first++;
    }
    double cumulative = 0;
    long previous = 0;
    for (int r = first; r < m; r++) {
      cumulative += w[r];
      long upTo = r == m - 1 ? left : Math.min(left, Math.round(left * cumulative / rest));
      out[r] = (int) Math.min(cap, upTo - previous);
      previous += out[r];
    }
    return out;
  }
}
