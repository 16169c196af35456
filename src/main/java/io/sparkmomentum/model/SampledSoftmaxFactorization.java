package io.sparkmomentum.model;

import java.util.SplittableRandom;

/**
 * Matrix factorization trained with a sampled softmax over items (Bengio and Senécal 2008, "Adaptive importance
 * sampling to accelerate training of a neural probabilistic language model"; Jean, Cho, Memisevic and Bengio 2015):
 * for each positive (u, i) the model draws {@code m} negatives {@code j_1..j_m} uniformly among the other items from
 * the round's random stream ({@link Selection#random()}, as {@link BprFactorization} does) and minimises the
 * cross-entropy of the positive among the {@code m + 1} candidates {@code C = {i, j_1, ..., j_m}}:
 * <pre>  ℓ = −s_ui + log Σ_{c∈C} exp(s_uc) + λ/2 (‖p_u‖² + ‖q_i‖²) + λ_b/2 b_i² + (1/m) Σ_j (λ/2 ‖q_j‖² + λ_b/2 b_j²),
 *  s_uc = p_u·q_c + b_c.</pre>
 * With {@code π_c} the softmax of the candidates' scores and {@code g_c = π_c − [c = i]}:
 * {@code ∂ℓ/∂p_u = Σ_c g_c q_c + λp_u}, {@code ∂ℓ/∂q_c = g_c p_u} plus its L2, {@code ∂ℓ/∂b_c = g_c} plus its L2.
 * Uniform proposals make the log-Q correction a constant, so it is left out. With {@code m = 1} this is BPR's loss.
 * An example of label r and weight c contributes {@code r·c·ℓ}.
 */
public final class SampledSoftmaxFactorization extends SampledItemFactorization {
  private static final long serialVersionUID = 1L;

  public SampledSoftmaxFactorization(int numUsers, int numItems, int rank, double lambda, double lambdaBias,
      int negatives) {
    super(numUsers, numItems, rank, lambda, lambdaBias, negatives);
  }

  @Override
  public double addLossGradient(double[] w, RatingColumns data, Selection sel, GradientBuffer grad) {
    final int[] us = data.users();
    final int[] is = data.items();
    final double[] g = grad.values();
    final int k = f.rank();
    final int m = negatives;
    final int[] cand = new int[m + 1];
    final double[] z = new double[m + 1];
    SplittableRandom rng = sel.random();
    double loss = 0;
    for (int n = 0, size = sel.size(); n < size; n++) {
      int x = sel.index(n);
      int u = us[x];
      int i = is[x];
      double c = data.ratings()[x] * (double) data.weight(x);
      int pu = f.userOffset(u);
      cand[0] = i;
      for (int s = 1; s <= m; s++) cand[s] = f.drawNegative(rng, i);
      double reg = 0;
      for (int t = 0; t < k; t++) reg += w[pu + t] * w[pu + t];
      reg *= 0.5 * lambda;
      for (int s = 0; s <= m; s++) {
        int q = f.itemOffset(cand[s]);
        int b = f.itemBiasOffset(cand[s]);
        double dot = w[b];
        double qq = 0;
        for (int t = 0; t < k; t++) {
          dot += w[pu + t] * w[q + t];
          qq += w[q + t] * w[q + t];
        }
        z[s] = dot;
        double share = s == 0 ? 1 : 1.0 / m;
        reg += share * (0.5 * lambda * qq + 0.5 * lambdaBias * w[b] * w[b]);
      }
      double positive = z[0];
      double lse = Losses.softmaxInPlace(z, 0, m + 1);
      loss += c * (lse - positive + reg);
      for (int t = 0; t < k; t++) g[pu + t] += c * lambda * w[pu + t];
      for (int s = 0; s <= m; s++) {
        int q = f.itemOffset(cand[s]);
        int b = f.itemBiasOffset(cand[s]);
        double gs = c * (s == 0 ? z[s] - 1 : z[s]);
        double share = c * (s == 0 ? 1 : 1.0 / m);
        for (int t = 0; t < k; t++) {
          g[pu + t] += gs * w[q + t];
          g[q + t] += gs * w[pu + t] + share * lambda * w[q + t];
        }
        g[b] += gs + share * lambdaBias * w[b];
        grad.touch(f.rowQ(cand[s]));
        grad.touch(f.rowB(cand[s]));
      }
      grad.touch(f.rowP(u));
    }
    return loss;
  }
}
