package io.sparkmomentum.model;

import io.sparkmomentum.config.Check;
import java.util.SplittableRandom;

/**
 * Biased matrix factorization for explicit ratings (Koren, Bell and Volinsky 2009, "Matrix factorization techniques
 * for recommender systems"): {@code r̂(u,i) = μ + b_u + b_i + p_u·q_i}, with μ the training mean, fixed.
 *
 * <p>Parameters, in this order: {@code P} (users × rank), {@code Q} (items × rank), {@code bu} (users),
 * {@code bi} (items). The loss of one rating (u, i, r), with {@code e = r̂ − r}, is
 * <pre>  ℓ = ½e² + λ/2 (‖p_u‖² + ‖q_i‖²) + λ_b/2 (b_u² + b_i²)</pre>
 * and its gradient is {@code ∂ℓ/∂p_u = e·q_i + λp_u}, {@code ∂ℓ/∂q_i = e·p_u + λq_i},
 * {@code ∂ℓ/∂b_u = e + λ_b b_u}, {@code ∂ℓ/∂b_i = e + λ_b b_i}. The regulariser applies per occurrence, so a batch
 * touches only the rows of the users and items it contains. This is the {@code mf} problem of the PyTorch
 * references. A weighted example (weight c) contributes {@code c·ℓ} and {@code c·∇ℓ}.
 */
public final class MatrixFactorization implements Model<RatingColumns>, LatentFactors {
  private static final long serialVersionUID = 1L;

  private final int numUsers;
  private final int numItems;
  private final int rank;
  private final double mu;
  private final double lambda;
  private final double lambdaBias;
  private final ParameterLayout layout;
  private final int qOffset;
  private final int buOffset;
  private final int biOffset;

  public MatrixFactorization(int numUsers, int numItems, int rank, double mu, double lambda, double lambdaBias) {
    Check.atLeast("model.rank", rank, 1);
    Check.atLeast("model.lambda", lambda, 0.0);
    Check.atLeast("model.lambda_bias", lambdaBias, 0.0);
    Check.finite("mu", mu);
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.rank = rank;
    this.mu = mu;
    this.lambda = lambda;
    this.lambdaBias = lambdaBias;
    this.layout = ParameterLayout.builder().matrix("P", numUsers, rank).matrix("Q", numItems, rank)
        .vector("bu", numUsers).vector("bi", numItems).build();
    this.qOffset = numUsers * rank;
    this.buOffset = qOffset + numItems * rank;
    this.biOffset = buOffset + numUsers;
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  /** Factors drawn from N(0, initStd²) with a seeded generator; biases start at zero. */
  public double[] initialParameters(double initStd, long seed) {
    double[] w = new double[layout.size()];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int j = 0; j < buOffset; j++) w[j] = initStd * rng.nextGaussian();
    return w;
  }

  @Override
  public int numExamples(RatingColumns data) {
    return data.size();
  }

  @Override
  public double addLossGradient(double[] w, RatingColumns data, Selection sel, GradientBuffer grad) {
    final int[] us = data.users();
    final int[] is = data.items();
    final float[] rs = data.ratings();
    final float[] ws = data.weights();
    final double[] g = grad.values();
    final int k = rank;
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
      double l = 0.5 * e * e + 0.5 * lambda * (pp + qq) + 0.5 * lambdaBias * (bu * bu + bi * bi);
      if (ws == null) {
        loss += l;
        for (int f = 0; f < k; f++) {
          double p = w[pu + f];
          double q = w[qi + f];
          g[pu + f] += e * q + lambda * p;
          g[qi + f] += e * p + lambda * q;
        }
        g[buOffset + u] += e + lambdaBias * bu;
        g[biOffset + i] += e + lambdaBias * bi;
      } else { // a weighted example: c·ℓ and c·∇ℓ
        double c = ws[x];
        loss += c * l;
        for (int f = 0; f < k; f++) {
          double p = w[pu + f];
          double q = w[qi + f];
          g[pu + f] += c * (e * q + lambda * p);
          g[qi + f] += c * (e * p + lambda * q);
        }
        g[buOffset + u] += c * (e + lambdaBias * bu);
        g[biOffset + i] += c * (e + lambdaBias * bi);
      }
      grad.touch(u);
      grad.touch(rowQ + i);
      grad.touch(rowBu + u);
      grad.touch(rowBi + i);
    }
    return loss;
  }

  /** The rows of the examples' users and items: P_u, Q_i, b_u, b_i. */
  @Override
  public void markRowsRead(RatingColumns data, Selection sel, RowSet rows) {
    final int[] us = data.users();
    final int[] is = data.items();
    final int rowQ = numUsers;
    final int rowBu = numUsers + numItems;
    final int rowBi = rowBu + numUsers;
    for (int n = 0, size = sel.size(); n < size; n++) {
      int x = sel.index(n);
      rows.add(us[x]);
      rows.add(rowQ + is[x]);
      rows.add(rowBu + us[x]);
      rows.add(rowBi + is[x]);
    }
  }

  /**
   * The unclamped prediction; an unknown user or item ({@code -1}, or out of range) contributes neither factors
   * nor bias, so a cold-start pair scores {@code μ + b_known}.
   */
  public double predict(double[] w, int u, int i) {
    boolean ku = u >= 0 && u < numUsers;
    boolean ki = i >= 0 && i < numItems;
    double s = mu;
    if (ku) s += w[buOffset + u];
    if (ki) s += w[biOffset + i];
    if (ku && ki) {
      int pu = u * rank;
      int qi = qOffset + i * rank;
      for (int f = 0; f < rank; f++) s += w[pu + f] * w[qi + f];
    }
    return s;
  }

  @Override
  public int userOffset(int u) {
    return u * rank;
  }

  @Override
  public int itemOffset(int i) {
    return qOffset + i * rank;
  }

  @Override
  public int itemBiasOffset(int i) {
    return biOffset + i;
  }

  public int numUsers() {
    return numUsers;
  }

  public int numItems() {
    return numItems;
  }

  public int rank() {
    return rank;
  }

  public double mu() {
    return mu;
  }

  public double lambda() {
    return lambda;
  }

  public double lambdaBias() {
    return lambdaBias;
  }
}
