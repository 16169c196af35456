package io.sparkmomentum.bench.jmh;

import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.model.Selection;

/**
 * The MF kernel as it was before issue 16's kernel work (commit 45a67e5), unweighted and without row scales: the L2
 * term and its norms per example, one fused update loop, four {@code touch} calls per example. Kept in the
 * benchmarks only, so that before and after are measured in the same JMH run.
 */
final class MfKernelBefore {
  private MfKernelBefore() {}

  static double addLossGradient(MatrixFactorization mf, double[] w, RatingColumns data, Selection sel,
      GradientBuffer grad) {
    final int[] us = data.users();
    final int[] is = data.items();
    final float[] rs = data.ratings();
    final double[] g = grad.values();
    final int numUsers = mf.numUsers();
    final int numItems = mf.numItems();
    final int k = mf.rank();
    final double mu = mf.mu();
    final double lambda = mf.lambda();
    final double lambdaBias = mf.lambdaBias();
    final int qOffset = numUsers * k;
    final int buOffset = qOffset + numItems * k;
    final int biOffset = buOffset + numUsers;
    final int rowQ = numUsers;
    final int rowBu = numUsers + numItems;
    final int rowBi = rowBu + numUsers;
    double loss = 0;
    for (int n = 0, size = sel.size(); n < size; n++) {
      int x = sel.index(n);
      int u = us[x];
      int i = is[x];
      int pu = u * k;
      int qi = qOffset + i * k;
      double bu = w[buOffset + u];
      double bi = w[biOffset + i];
      double dot = 0;
      double pp = 0;
      double qq = 0;
      for (int f = 0; f < k; f++) {
        double p = w[pu + f];
        double q = w[qi + f];
        dot += p * q;
        pp += p * p;
        qq += q * q;
      }
      double e = mu + bu + bi + dot - rs[x];
      loss += 0.5 * e * e + 0.5 * lambda * (pp + qq) + 0.5 * lambdaBias * (bu * bu + bi * bi);
      for (int f = 0; f < k; f++) {
        double p = w[pu + f];
        double q = w[qi + f];
        g[pu + f] += e * q + lambda * p;
        g[qi + f] += e * p + lambda * q;
      }
      g[buOffset + u] += e + lambdaBias * bu;
      g[biOffset + i] += e + lambdaBias * bi;
      grad.touch(u);
      grad.touch(rowQ + i);
      grad.touch(rowBu + u);
      grad.touch(rowBi + i);
    }
    return loss;
  }
}
