package io.sparkmomentum.model;

import io.sparkmomentum.config.Check;
import io.sparkmomentum.config.ModelConfig;

/**
 * The implicit-ALS loss (Hu, Koren and Volinsky 2008, "Collaborative filtering for implicit feedback datasets"; in
 * the form of Rendle, Krichene, Zhang and Koren 2021, "Revisiting the performance of iALS on item recommendation
 * benchmarks") trained by the momentum SGD instead of alternating least squares. With {@code s_ui = p_u·q_i + b_i},
 * the {@code N} training examples (positives (u, i) of label r and weight ω, {@code c = r·ω}) and every (user, item)
 * pair of the catalogue, the trainer minimises
 * <pre>  L(θ)/N,   L = Σ_{(u,i) observed} c [ (s_ui − 1)² + λ/2 (‖p_u‖² + ‖q_i‖²) + λ_b/2 b_i² ] + α0 Σ_{u,i} s_ui².</pre>
 * The first sum is per example ({@link #addLossGradient}: {@code ∂/∂p_u = 2c(s−1) q_i + cλ p_u}, and alike for
 * {@code q_i}, {@code b_i}); a mini-batch of n examples estimates {@code (1/N) Σ_observed} by its mean. The second
 * is a global term {@code Ω = (α0/N) Σ_{u,i} s_ui²} ({@link #addGlobalGradient}), computed on the driver once per
 * round through the Gramian trick: with {@code p̃_u = (p_u, 1)}, {@code q̃_i = (q_i, b_i)} and the (k+1)×(k+1)
 * Gramians {@code G_P = Σ_u p̃_u p̃_uᵀ}, {@code G_Q = Σ_i q̃_i q̃_iᵀ},
 * <pre>  Σ_{u,i} s_ui² = ⟨G_P, G_Q⟩_F,   ∂/∂p̃_u = 2 G_Q p̃_u,   ∂/∂q̃_i = 2 G_P q̃_i,</pre>
 * i.e. {@code 2α0·P̃(Q̃ᵀQ̃)} and {@code 2α0·Q̃(P̃ᵀP̃)} (scaled by 1/N): {@code O((U + I)·k²)}, never {@code U·I}.
 * The all-pairs term pulls every unobserved score towards 0 with weight α0 (observed pairs included, as in Rendle
 * et al.'s formulation); the example term pulls the observed ones towards 1. Every row moves at every step, so it
 * trains with dense steps only ({@code optimizer.sparse_update = dense}).
 *
 * <p><b>Row-scaled steps</b> ({@code model.gradient_scale = row}, {@link #withRowScales}). Row u's curvature is about
 * {@code (2/N)(n_u + α0·I)·E[q qᵀ]}: it appears in its n_u examples and in I all-pairs terms of weight α0 (items
 * alike, {@code n_i + α0·U}). Popular items' biases are then stiff while light users' factors barely move, so one
 * rate fits neither. With row scales, every contribution to row u's gradient (example and all-pairs term) is
 * multiplied by {@code N / max(n_u + α0·I, floor)}: a diagonal (Jacobi) preconditioner from the row counts, as ALS
 * solves each row against its own Gramian (Hu et al. 2008). The objective, its minimisers and the loss reported are
 * unchanged; the steps are its gradient with each row's block rescaled.
 *
 * <p><b>Frequency-scaled L2</b> ({@code model.regularization = frequency}, {@link #withFrequencyRegularization};
 * Rendle, Krichene, Zhang and Koren 2021, Sec. 3). The per-example L2 above charges user u {@code λ/2·n_u‖p_u‖²}
 * (with c = 1): its weight ignores the {@code α0·I} all-pairs terms the row also appears in. Rendle et al. scale each
 * row's L2 by its whole weight in the loss instead, to the power ν:
 * <pre>  L = Σ_{(u,i) observed} c (s_ui − 1)² + α0 Σ_{u,i} s_ui² + λ/2 Σ_u ω_u ‖p_u‖² + Σ_i ω_i (λ/2 ‖q_i‖² + λ_b/2 b_i²),
 *  ω_u = (n_u + α0·I)^ν,   ω_i = (n_i + α0·U)^ν,</pre>
 * with {@code n_u}, {@code n_i} the training examples of the row. ν = 1, α0 = 0 and c = 1 give back the
 * per-occurrence L2; ν = 0 is a plain L2 once per row. The L2 then belongs to no example: it is part of the global
 * term ({@code Ω += (1/N)·L2}, {@code ∂/∂p_u = (λ/N)·ω_u·p_u}), and with row scales ({@code N / (n_u + α0·I)}) and
 * ν = 1 every row's L2 step is the same {@code λ·p_u}, as in the closed-form ALS row solve of the paper.
 */
public final class IalsFactorization extends ItemFactorModel {
  private static final long serialVersionUID = 1L;

  private final double alpha0;
  private final long count;
  /** Per-row gradient scales ({@link #withRowScales}), or null: the plain gradient. */
  private final double[] userScale;
  private final double[] itemScale;
  /** Frequency L2 weights ω_u, ω_i ({@link #withFrequencyRegularization}), or null: the per-example L2. */
  private final double[] userReg;
  private final double[] itemReg;
  private final double regExponent;

  /**
   * @param count {@code N}, the number of training examples: the all-pairs term is charged {@code α0/N} per pair so
   *     that it keeps its weight against the per-example mean
   */
  public IalsFactorization(int numUsers, int numItems, int rank, double lambda, double lambdaBias, double alpha0,
      long count) {
    this(numUsers, numItems, rank, lambda, lambdaBias, alpha0, count, null, null, null, null, Double.NaN);
  }

  private IalsFactorization(int numUsers, int numItems, int rank, double lambda, double lambdaBias, double alpha0,
      long count, double[] userScale, double[] itemScale, double[] userReg, double[] itemReg, double regExponent) {
    super(numUsers, numItems, rank, lambda, lambdaBias);
    Check.inClosed("model.alpha0", alpha0, 0, ModelConfig.MAX_ALPHA0);
    if (count < 1) throw new IllegalArgumentException("ials needs at least one training example, got " + count);
    this.alpha0 = alpha0;
    this.count = count;
    this.userScale = userScale;
    this.itemScale = itemScale;
    this.userReg = userReg;
    this.itemReg = itemReg;
    this.regExponent = regExponent;
  }

  /**
   * This model with row-scaled steps: row u's gradient times {@code N / max(n_u + α0·I, floor)}, row i's (factors
   * and bias) times {@code N / max(n_i + α0·U, floor)}, from the training examples of each user and item.
   */
  public IalsFactorization withRowScales(int[] userCounts, int[] itemCounts, double floor) {
    if (!(floor >= 1)) throw new IllegalArgumentException("row count floor " + floor + " < 1");
    if (userCounts.length != f.numUsers() || itemCounts.length != f.numItems()) {
      throw new IllegalArgumentException("row counts of " + userCounts.length + " users and " + itemCounts.length
          + " items for a model of " + f.numUsers() + " and " + f.numItems());
    }
    return new IalsFactorization(f.numUsers(), f.numItems(), f.rank(), lambda, lambdaBias, alpha0, count,
        scales(userCounts, alpha0 * f.numItems(), floor), scales(itemCounts, alpha0 * f.numUsers(), floor), userReg,
        itemReg, regExponent);
  }

  /**
   * This model with the frequency-scaled L2 of Rendle et al. 2021 (see the class comment): user u's factors charged
   * {@code λ/2·(n_u + α0·I)^ν ‖p_u‖²}, item i's {@code (n_i + α0·U)^ν (λ/2 ‖q_i‖² + λ_b/2 b_i²)}, in the global term
   * instead of with each example ({@code 0^0 = 1}: at ν = 0 every row is charged λ/2 once).
   *
   * @param exponent ν, in [0, 1] ({@code model.regularization_exponent})
   */
  public IalsFactorization withFrequencyRegularization(int[] userCounts, int[] itemCounts, double exponent) {
    Check.inClosed("model.regularization_exponent", exponent, 0, 1);
    if (userCounts.length != f.numUsers() || itemCounts.length != f.numItems()) {
      throw new IllegalArgumentException("row counts of " + userCounts.length + " users and " + itemCounts.length
          + " items for a model of " + f.numUsers() + " and " + f.numItems());
    }
    return new IalsFactorization(f.numUsers(), f.numItems(), f.rank(), lambda, lambdaBias, alpha0, count, userScale,
        itemScale, weights(userCounts, alpha0 * f.numItems(), exponent),
        weights(itemCounts, alpha0 * f.numUsers(), exponent), exponent);
  }

  private static double[] weights(int[] n, double allPairs, double exponent) {
    double[] w = new double[n.length];
    for (int r = 0; r < n.length; r++) {
      if (n[r] < 0) throw new IllegalArgumentException("negative row count " + n[r]);
      w[r] = Math.pow(n[r] + allPairs, exponent);
    }
    return w;
  }

  /** Whether the L2 is frequency-scaled ({@link #withFrequencyRegularization}) rather than per example. */
  public boolean frequencyRegularized() {
    return userReg != null;
  }

  /** ν of the frequency-scaled L2 (NaN with the per-example L2). */
  public double regularizationExponent() {
    return regExponent;
  }

  /** The frequency L2 weight ω_u of user u (see the class comment); 0 with the per-example L2. */
  public double userRegWeight(int u) {
    return userReg == null ? 0 : userReg[u];
  }

  /** The frequency L2 weight ω_i of item i; 0 with the per-example L2. */
  public double itemRegWeight(int i) {
    return itemReg == null ? 0 : itemReg[i];
  }

  private double[] scales(int[] n, double allPairs, double floor) {
    double[] s = new double[n.length];
    for (int r = 0; r < n.length; r++) s[r] = count / Math.max(n[r] + allPairs, floor);
    return s;
  }

  /** Whether the steps are row-scaled ({@link #withRowScales}). */
  public boolean rowScaled() {
    return userScale != null;
  }

  /** The scale of user u's gradient row (1 without row scales). */
  public double userScale(int u) {
    return userScale == null ? 1 : userScale[u];
  }

  /** The scale of item i's gradient rows, factors and bias (1 without row scales). */
  public double itemScale(int i) {
    return itemScale == null ? 1 : itemScale[i];
  }

  @Override
  public double addLossGradient(double[] w, RatingColumns data, Selection sel, GradientBuffer grad) {
    final int[] us = data.users();
    final int[] is = data.items();
    final double[] g = grad.values();
    final int k = f.rank();
    final boolean perExampleL2 = userReg == null;
    final double lam = perExampleL2 ? lambda : 0;
    final double lamB = perExampleL2 ? lambdaBias : 0;
    double loss = 0;
    for (int n = 0, size = sel.size(); n < size; n++) {
      int x = sel.index(n);
      int u = us[x];
      int i = is[x];
      double c = data.ratings()[x] * (double) data.weight(x);
      int pu = f.userOffset(u);
      int qi = f.itemOffset(i);
      int bi = f.itemBiasOffset(i);
      double s = w[bi];
      double pp = 0;
      double qq = 0;
      for (int t = 0; t < k; t++) {
        s += w[pu + t] * w[qi + t];
        pp += w[pu + t] * w[pu + t];
        qq += w[qi + t] * w[qi + t];
      }
      double e = s - 1;
      loss += c * (e * e + 0.5 * lam * (pp + qq) + 0.5 * lamB * w[bi] * w[bi]);
      double d = 2 * c * e;
      double cl = c * lam;
      double su = userScale(u);
      double si = itemScale(i);
      for (int t = 0; t < k; t++) {
        double p = w[pu + t];
        double q = w[qi + t];
        g[pu + t] += su * (d * q + cl * p);
        g[qi + t] += si * (d * p + cl * q);
      }
      g[bi] += si * (d + c * lamB * w[bi]);
      grad.touch(f.rowP(u));
      grad.touch(f.rowQ(i));
      grad.touch(f.rowB(i));
    }
    return loss;
  }

  /** The rows of the examples' users and items ({@code P_u}, {@code Q_i}, {@code b_i}). */
  @Override
  public void markRowsRead(RatingColumns data, Selection sel, RowSet rows) {
    final int[] us = data.users();
    final int[] is = data.items();
    for (int n = 0, size = sel.size(); n < size; n++) {
      int x = sel.index(n);
      rows.add(f.rowP(us[x]));
      rows.add(f.rowQ(is[x]));
      rows.add(f.rowB(is[x]));
    }
  }

  @Override
  public boolean hasGlobalTerm() {
    return alpha0 > 0 || userReg != null;
  }

  /**
   * Adds {@code ∂Ω/∂θ} (row-scaled with {@link #withRowScales}) of {@code Ω = (α0/N) Σ_{u,i} s_ui²}, plus the
   * frequency-scaled L2 {@code (1/N)(λ/2 Σ_u ω_u‖p_u‖² + Σ_i ω_i (λ/2‖q_i‖² + λ_b/2 b_i²))} with {@link
   * #withFrequencyRegularization}, and returns Ω (see the class comment): two Gramians, then one {@code (k+1)×(k+1)}
   * product per row. Summation orders are fixed, so the result is a function of {@code w}.
   */
  @Override
  public double addGlobalGradient(double[] w, double[] g) {
    double omega = alpha0 > 0 ? addAllPairsGradient(w, g) : 0;
    return userReg == null ? omega : omega + addFrequencyL2Gradient(w, g);
  }

  /** {@code (1/N)·L2} of the frequency-scaled L2 and its (row-scaled) gradient. */
  private double addFrequencyL2Gradient(double[] w, double[] g) {
    final int k = f.rank();
    final double inv = 1.0 / count;
    double sum = 0;
    for (int u = 0, nu = f.numUsers(); u < nu; u++) {
      int pu = f.userOffset(u);
      double c = lambda * userReg[u] * inv;
      double su = c * userScale(u);
      double pp = 0;
      for (int t = 0; t < k; t++) {
        double p = w[pu + t];
        pp += p * p;
        g[pu + t] += su * p;
      }
      sum += 0.5 * c * pp;
    }
    for (int i = 0, ni = f.numItems(); i < ni; i++) {
      int qi = f.itemOffset(i);
      int bi = f.itemBiasOffset(i);
      double wi = itemReg[i] * inv;
      double c = lambda * wi;
      double si = itemScale(i);
      double qq = 0;
      for (int t = 0; t < k; t++) {
        double q = w[qi + t];
        qq += q * q;
        g[qi + t] += si * c * q;
      }
      double cb = lambdaBias * wi;
      g[bi] += si * cb * w[bi];
      sum += 0.5 * (c * qq + cb * w[bi] * w[bi]);
    }
    return sum;
  }

  /** {@code Ω = (α0/N) Σ_{u,i} s_ui²} and its (row-scaled) gradient by the Gramian trick. */
  private double addAllPairsGradient(double[] w, double[] g) {
    final int k = f.rank();
    final int d = k + 1;
    double[] gp = gramian(w, true);
    double[] gq = gramian(w, false);
    double scale = alpha0 / count;
    double sum = 0;
    for (int a = 0; a < d * d; a++) sum += gp[a] * gq[a];
    double two = 2 * scale;
    double[] v = new double[d];
    for (int u = 0, nu = f.numUsers(); u < nu; u++) {
      int pu = f.userOffset(u);
      double su = two * userScale(u);
      System.arraycopy(w, pu, v, 0, k);
      v[k] = 1;
      for (int a = 0; a < k; a++) {
        double s = 0;
        for (int b = 0, row = a * d; b < d; b++) s += gq[row + b] * v[b];
        g[pu + a] += su * s;
      }
    }
    for (int i = 0, ni = f.numItems(); i < ni; i++) {
      int qi = f.itemOffset(i);
      int bi = f.itemBiasOffset(i);
      System.arraycopy(w, qi, v, 0, k);
      v[k] = w[bi];
      double si = two * itemScale(i);
      for (int a = 0; a < d; a++) {
        double s = 0;
        for (int b = 0, row = a * d; b < d; b++) s += gp[row + b] * v[b];
        if (a < k) {
          g[qi + a] += si * s;
        } else {
          g[bi] += si * s;
        }
      }
    }
    return scale * sum;
  }

  /** {@code Σ_u p̃_u p̃_uᵀ} ({@code users}) or {@code Σ_i q̃_i q̃_iᵀ}, row-major (k+1)×(k+1), rows in index order. */
  private double[] gramian(double[] w, boolean users) {
    final int k = f.rank();
    final int d = k + 1;
    double[] gm = new double[d * d];
    double[] v = new double[d];
    int n = users ? f.numUsers() : f.numItems();
    for (int r = 0; r < n; r++) {
      System.arraycopy(w, users ? f.userOffset(r) : f.itemOffset(r), v, 0, k);
      v[k] = users ? 1 : w[f.itemBiasOffset(r)];
      for (int a = 0; a < d; a++) {
        double va = v[a];
        for (int b = a, row = a * d; b < d; b++) gm[row + b] += va * v[b];
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < a; b++) gm[a * d + b] = gm[b * d + a];
    }
    return gm;
  }

  public double alpha0() {
    return alpha0;
  }

  /** {@code N}, the training examples the all-pairs term is divided by. */
  public long count() {
    return count;
  }
}
