package io.sparkmomentum.model;

import io.sparkmomentum.config.Check;
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
public final class BprFactorization implements Model<RatingColumns>, LatentFactors {
  private static final long serialVersionUID = 1L;

  private final ItemFactors f;
  private final double lambda;
  private final double lambdaBias;
  private final int negatives;

  public BprFactorization(int numUsers, int numItems, int rank, double lambda, double lambdaBias, int negatives) {
    Check.atLeast("model.rank", rank, 1);
    Check.atLeast("model.lambda", lambda, 0.0);
    Check.atLeast("model.lambda_bias", lambdaBias, 0.0);
    Check.atLeast("model.negatives", negatives, 1);
    this.f = new ItemFactors(numUsers, numItems, rank);
    this.lambda = lambda;
    this.lambdaBias = lambdaBias;
    this.negatives = negatives;
  }

  @Override
  public ParameterLayout layout() {
    return f.layout();
  }

  public ItemFactors factors() {
    return f;
  }

  @Override
  public int numExamples(RatingColumns data) {
    return data.size();
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

  /** The rows of the examples' users, positives and negatives (the same draws as {@link #addLossGradient}). */
  @Override
  public void markRowsRead(RatingColumns data, Selection sel, RowSet rows) {
    ImplicitRows.mark(f, negatives, data, sel, rows);
  }

  @Override
  public int numUsers() {
    return f.numUsers();
  }

  @Override
  public int numItems() {
    return f.numItems();
  }

  @Override
  public int rank() {
    return f.rank();
  }

  @Override
  public int userOffset(int u) {
    return f.userOffset(u);
  }

  @Override
  public int itemOffset(int i) {
    return f.itemOffset(i);
  }

  @Override
  public int itemBiasOffset(int i) {
    return f.itemBiasOffset(i);
  }

  public double lambda() {
    return lambda;
  }

  public double lambdaBias() {
    return lambdaBias;
  }

  public int negatives() {
    return negatives;
  }
}
