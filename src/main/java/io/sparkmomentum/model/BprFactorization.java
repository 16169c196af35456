package io.sparkmomentum.model;

import java.util.SplittableRandom;

/**
 * Bayesian personalised ranking on matrix factorization, BPR-MF (Rendle, Freudenthaler, Gantner and Schmidt-Thieme
 * 2009, "BPR: Bayesian personalized ranking from implicit feedback"): for each positive (u, i) the model draws
 * {@code m} negatives j uniformly among the other items from the round's random stream ({@link Selection#random()},
 * so the same j in the gradient pass, in {@link #markRowsRead}, in a retried task and after a resume) and minimises
 * <pre>  ℓ = (1/m) Σ_j [ −log σ(x_uij) + λ/2 ‖q_j‖² + λ_b/2 b_j² ] + λ/2 (‖p_u‖² + ‖q_i‖²) + λ_b/2 b_i²,
 *  x_uij = p_u·(q_i − q_j) + b_i − b_j.</pre>
 * With {@code d = (σ(x_uij) − 1)/m}: {@code ∂ℓ/∂p_u = Σ_j d (q_i − q_j) + λp_u}, {@code ∂ℓ/∂q_i = Σ_j d p_u + λq_i},
 * {@code ∂ℓ/∂q_j = −d p_u + λq_j/m}, {@code ∂ℓ/∂b_i = Σ_j d + λ_b b_i}, {@code ∂ℓ/∂b_j = −d + λ_b b_j/m}. The L2 is per
 * occurrence (a round touches only its users', positives' and negatives' rows). An example of label r and weight c
 * (an event count, or 1 for a positive of {@code data.positive_threshold}) contributes {@code r·c·ℓ}.
 */
public final class BprFactorization extends SampledItemFactorization {
  private static final long serialVersionUID = 1L;

  public BprFactorization(int numUsers, int numItems, int rank, double lambda, double lambdaBias, int negatives) {
    super(numUsers, numItems, rank, lambda, lambdaBias, negatives);
  }

  @Override
  public double addLossGradient(double[] w, RatingColumns data, Selection sel, GradientBuffer grad) {
    final int[] us = data.users();
    final int[] is = data.items();
    final double[] g = grad.values();
    final int k = f.rank();
    final int m = negatives;
    final double lamNeg = lambda / m;
    final double lamBiasNeg = lambdaBias / m;
    SplittableRandom rng = sel.random();
    double loss = 0;
    for (int n = 0, size = sel.size(); n < size; n++) {
      int x = sel.index(n);
      int u = us[x];
      int i = is[x];
      double c = data.ratings()[x] * (double) data.weight(x);
      int pu = f.userOffset(u);
      int qi = f.itemOffset(i);
      int bi = f.itemBiasOffset(i);
      double pp = 0;
      double qq = 0;
      for (int t = 0; t < k; t++) {
        pp += w[pu + t] * w[pu + t];
        qq += w[qi + t] * w[qi + t];
      }
      double l = 0.5 * lambda * (pp + qq) + 0.5 * lambdaBias * w[bi] * w[bi];
      for (int t = 0; t < k; t++) {
        g[pu + t] += c * lambda * w[pu + t];
        g[qi + t] += c * lambda * w[qi + t];
      }
      g[bi] += c * lambdaBias * w[bi];
      for (int s = 0; s < m; s++) {
        int j = f.drawNegative(rng, i);
        int qj = f.itemOffset(j);
        int bj = f.itemBiasOffset(j);
        double xuij = w[bi] - w[bj];
        double qjqj = 0;
        for (int t = 0; t < k; t++) {
          xuij += w[pu + t] * (w[qi + t] - w[qj + t]);
          qjqj += w[qj + t] * w[qj + t];
        }
        l += (Losses.softplus(-xuij) + 0.5 * lambda * qjqj + 0.5 * lambdaBias * w[bj] * w[bj]) / m;
        double d = c * (Losses.sigmoid(xuij) - 1) / m;
        for (int t = 0; t < k; t++) {
          double p = w[pu + t];
          g[pu + t] += d * (w[qi + t] - w[qj + t]);
          g[qi + t] += d * p;
          g[qj + t] += -d * p + c * lamNeg * w[qj + t];
        }
        g[bi] += d;
        g[bj] += -d + c * lamBiasNeg * w[bj];
        grad.touch(f.rowQ(j));
        grad.touch(f.rowB(j));
      }
      loss += c * l;
      grad.touch(f.rowP(u));
      grad.touch(f.rowQ(i));
      grad.touch(f.rowB(i));
    }
    return loss;
  }
}
