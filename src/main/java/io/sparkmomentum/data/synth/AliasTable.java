package io.sparkmomentum.data.synth;

import java.util.SplittableRandom;

/**
 * Walker's alias method, in Vose's numerically stable construction: draws an index {@code k} with probability
 * {@code w_k / Σw} in O(1) after O(n) set-up (A. J. Walker, "An efficient method for generating discrete random
 * variables with general distributions", ACM TOMS 3(3), 1977; M. D. Vose, "A linear algorithm for generating random
 * numbers with a given distribution", IEEE TSE 17(9), 1991).
 */
public final class AliasTable {
  private final double[] keep;
  private final int[] alias;

  /** @param weights non-negative, finite, with a positive sum */
  public AliasTable(double[] weights) {
    int n = weights.length;
    double sum = 0;
    for (double w : weights) {
      if (!(w >= 0) || !Double.isFinite(w)) throw new IllegalArgumentException("bad weight " + w);
      sum += w;
    }
    if (!(sum > 0)) throw new IllegalArgumentException("weights sum to " + sum + ", expected > 0");
    keep = new double[n];
    alias = new int[n];
    double[] scaled = new double[n];
    int[] small = new int[n];
    int[] large = new int[n];
    int ns = 0;
    int nl = 0;
    for (int k = 0; k < n; k++) {
      scaled[k] = weights[k] * n / sum;
      if (scaled[k] < 1) small[ns++] = k; else large[nl++] = k;
    }
    while (ns > 0 && nl > 0) {
      int s = small[--ns];
      int l = large[--nl];
      keep[s] = scaled[s];
      alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) small[ns++] = l; else large[nl++] = l;
    }
    while (nl > 0) keep[large[--nl]] = 1;
    while (ns > 0) keep[small[--ns]] = 1; // rounding leftovers
  }

  /** One draw. */
  public int sample(SplittableRandom rng) {
    int k = rng.nextInt(keep.length);
    return rng.nextDouble() < keep[k] ? k : alias[k];
  }
}
