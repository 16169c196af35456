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
 *
 * <p><b>Row-scaled steps</b> ({@code model.gradient_scale = row}, {@link #withRowScales}): the trainer divides a
 * round's summed gradient by its example count N, so a row's step grows with its share of the data (a user with
 * n_u ratings moves n_u/N times its own mean gradient): the stable learning rate then depends on the heaviest
 * user or item of each data set. Scaling each example's contribution to the rows of user u by N/n_u (and of item i
 * by N/n_i) makes every row's gradient the mean over its own ratings — a diagonal (Jacobi) preconditioner built from
 * the row counts, as ALS solves each row against its own ratings (Zhou et al. 2008, "Large-scale parallel
 * collaborative filtering for the Netflix prize", whose per-occurrence λ this loss shares). The curvature of every
 * bias is then ≈ 1 + λ_b whatever the data, so one learning rate fits data sets of any size and density. The
 * loss reported is still ℓ's mean; with a scale of 1 the bits are those of the plain gradient.
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
  private final double[] userScale;
  private final double[] itemScale;

  public MatrixFactorization(int numUsers, int numItems, int rank, double mu, double lambda, double lambdaBias) {
    this(numUsers, numItems, rank, mu, lambda, lambdaBias, null, null);
  }

  private MatrixFactorization(int numUsers, int numItems, int rank, double mu, double lambda, double lambdaBias,
      double[] userScale, double[] itemScale) {
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
    this.userScale = userScale;
    this.itemScale = itemScale;
  }

  /**
   * This model with row-scaled steps: each example's gradient on the rows of user u times {@code N / n_u}, on those
   * of item i times {@code N / n_i}, where N is the training count and n the row's training ratings (rows without
   * ratings get no gradient, so their scale is irrelevant).
   */
  public MatrixFactorization withRowScales(long count, int[] userCounts, int[] itemCounts) {
    return withRowScales(count, userCounts, itemCounts, 1);
  }

  /**
   * Row-scaled steps with a floor: each example's gradient on the rows of user u times {@code N / max(n_u, floor)}
   * (items alike). Rows with more than {@code floor} ratings step on their own mean gradient (stable at a rate of
   * about 1 whatever their count); lighter rows take the per-occurrence step {@code lr / floor}, as a full-batch
   * step of rate {@code lr·N/floor} would give them: a rate in per-occurrence units, the same on any data set.
   */
  public MatrixFactorization withRowScales(long count, int[] userCounts, int[] itemCounts, double floor) {
    if (!(floor >= 1)) throw new IllegalArgumentException("row count floor " + floor + " < 1");
    if (userCounts.length != numUsers || itemCounts.length != numItems) {
      throw new IllegalArgumentException("row counts of " + userCounts.length + " users and " + itemCounts.length
          + " items for a model of " + numUsers + " and " + numItems);
    }
    return new MatrixFactorization(numUsers, numItems, rank, mu, lambda, lambdaBias,
        scales(count, userCounts, floor), scales(count, itemCounts, floor));
  }

  private static double[] scales(long count, int[] n, double floor) {
    double[] s = new double[n.length];
    for (int r = 0; r < n.length; r++) s[r] = n[r] == 0 ? 0 : count / Math.max(n[r], floor);
    return s;
  }

  /** Whether the steps are row-scaled ({@link #withRowScales}). */
  public boolean rowScaled() {
    return userScale != null;
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
      double c = ws == null ? 1 : ws[x]; // a weighted example: c·ℓ and c·∇ℓ (times 1 is exact: the same bits)
      double cu = userScale == null ? c : c * userScale[u];
      double ci = itemScale == null ? c : c * itemScale[i];
      loss += ws == null ? l : c * l;
      for (int f = 0; f < k; f++) {
        double p = w[pu + f];
        double q = w[qi + f];
        g[pu + f] += cu * (e * q + lambda * p);
        g[qi + f] += ci * (e * p + lambda * q);
      }
      g[buOffset + u] += cu * (e + lambdaBias * bu);
      g[biOffset + i] += ci * (e + lambdaBias * bi);
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
