package io.sparkmomentum.model;

import io.sparkmomentum.config.Check;
import java.util.SplittableRandom;

/**
 * A second-order factorization machine (Rendle 2010, "Factorization Machines", ICDM): for a row {@code x},
 * <pre>  ŷ = w0 + Σ_j w_j x_j + ½ Σ_f [(Σ_j V_jf x_j)² − Σ_j V_jf² x_j²]</pre>
 * (Rendle's Lemma 3.1), computed in {@code O(rank · nnz)}. Regression: {@code ℓ = ½(ŷ − y)²}; binary:
 * {@code ℓ = log(1 + exp(−y·ŷ))} with labels above 0 as {@code y = +1} and the others {@code −1} (as in
 * {@link LogisticRegression}). Each row's loss and gradient are times its weight. With {@code d = ∂ℓ/∂ŷ}
 * ({@code ŷ − y}, or {@code −y·σ(−y·ŷ)}) and {@code s_f = Σ_j V_jf x_j}:
 * {@code ∂ℓ/∂w0 = d}, {@code ∂ℓ/∂w_j = d·x_j}, {@code ∂ℓ/∂V_jf = d·(x_j s_f − V_jf x_j²)}.
 *
 * <p>Regulariser ({@link Regularization}), {@code w0} always free:
 * <ul>
 *   <li>{@code BATCH}, as the {@code fm} PyTorch reference: {@code λ_linear/2 ‖w‖² + λ_factors/2 ‖V‖²} once per row
 *       of the batch, over every feature, so the gradient is dense;</li>
 *   <li>{@code OCCURRENCE}, as libFM's SGD (Rendle 2012, "Factorization Machines with libFM", TIST, Algorithm 1) and
 *       our {@link MatrixFactorization}: each row charges {@code λ_linear/2 w_j² + λ_factors/2 ‖V_j‖²} for each of
 *       its nonzero features {@code j} (whatever {@code x_j}), so a rare feature is shrunk as rarely as it is seen
 *       and the gradient stays row-sparse.</li>
 * </ul>
 * With both λ = 0 the two agree and a sparse batch touches only {@code w0} and its features' rows.
 *
 * <p>Layout: vector {@code "w0"} (1), vector {@code "w"} ({@code dim}), matrix {@code "V"} ({@code dim × rank}).
 */
public final class FactorizationMachine implements RealScorer {
  private static final long serialVersionUID = 1L;

  /** Where the L2 regulariser is charged ({@code model.regularization}). */
  public enum Regularization {
    /** Once per row of the batch, on every parameter (the reference semantics). */
    BATCH,
    /** Once per nonzero feature of each row, on that feature's parameters (libFM's SGD). */
    OCCURRENCE;

    /** The value of {@code key}: {@code batch} or {@code occurrence}. */
    public static Regularization parse(String key, String value) {
      for (Regularization r : values()) if (r.name().equalsIgnoreCase(value.trim())) return r;
      throw new io.sparkmomentum.config.ConfigException(key, value, "batch or occurrence");
    }

    /** The config value. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final int dim;
  private final int rank;
  private final boolean binary;
  private final double lambdaLinear;
  private final double lambdaFactors;
  private final Regularization regularization;
  private final ParameterLayout layout;
  /** Offset (and first row) of {@code V}. */
  private final int vOffset;

  /** With the regulariser charged once per batch row ({@link Regularization#BATCH}). */
  public FactorizationMachine(int dim, int rank, boolean binary, double lambdaLinear, double lambdaFactors) {
    this(dim, rank, binary, lambdaLinear, lambdaFactors, Regularization.BATCH);
  }

  public FactorizationMachine(int dim, int rank, boolean binary, double lambdaLinear, double lambdaFactors,
      Regularization regularization) {
    Check.atLeast("data.num_features", dim, 1);
    Check.atLeast("model.rank", rank, 1);
    Check.atLeast("model.lambda_linear", lambdaLinear, 0.0);
    Check.atLeast("model.lambda_factors", lambdaFactors, 0.0);
    this.dim = dim;
    this.rank = rank;
    this.binary = binary;
    this.lambdaLinear = lambdaLinear;
    this.lambdaFactors = lambdaFactors;
    this.regularization = java.util.Objects.requireNonNull(regularization, "regularization");
    this.layout = ParameterLayout.builder().vector("w0", 1).vector("w", dim).matrix("V", dim, rank).build();
    this.vOffset = 1 + dim;
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public int numExamples(FeatureRows data) {
    return data.size();
  }

  /**
   * {@code w0 = w0}, {@code w = 0}, {@code V_jf ~ N(0, initStd²)} drawn from {@code new SplittableRandom(seed)} in
   * row-major order ({@code V_00, V_01, …}).
   */
  public double[] initialParameters(double initStd, double w0, long seed) {
    return initialParameters(initStd, w0, seed, null);
  }

  /**
   * As {@link #initialParameters(double, double, long)}, for rows whose feature {@code j} was multiplied by
   * {@code scale[j]}: row {@code j} of {@code V} is divided by {@code scale[j]}, so that the factors acting on the
   * values as read, {@code scale[j]·V_j}, start as {@code N(0, initStd²)} whatever the scale (the same initial model
   * as on unscaled rows). Null: no scale.
   */
  public double[] initialParameters(double initStd, double w0, long seed, double[] scale) {
    Check.atLeast("model.init_std", initStd, 0.0);
    Check.finite("w0", w0);
    if (scale != null && scale.length != dim) {
      throw new IllegalArgumentException(scale.length + " feature scales, " + dim + " features");
    }
    double[] p = new double[layout.size()];
    p[0] = w0;
    SplittableRandom rng = new SplittableRandom(seed);
    for (int j = vOffset; j < p.length; j++) {
      double s = scale == null ? 1 : scale[(j - vOffset) / rank];
      p[j] = initStd * rng.nextGaussian() / s;
    }
    return p;
  }

  /** The prediction {@code ŷ} (the margin when binary: the probability of class +1 is {@code σ(ŷ)}). */
  @Override
  public double score(double[] w, FeatureRows x, int r) {
    return predict(w, x, r, new double[rank]);
  }

  /** {@code ŷ}, leaving {@code s_f = Σ_j V_jf x_j} in {@code s}. */
  private double predict(double[] w, FeatureRows x, int r, double[] s) {
    int k = rank;
    java.util.Arrays.fill(s, 0.0);
    double[] v = x.values();
    double lin = w[0];
    double sq = 0;
    for (int p = x.start(r), e = x.end(r); p < e; p++) {
      double xv = v[p];
      if (xv == 0) continue;
      int j = x.index(r, p);
      lin += w[1 + j] * xv;
      int row = vOffset + j * k;
      for (int f = 0; f < k; f++) {
        double t = w[row + f] * xv;
        s[f] += t;
        sq += t * t;
      }
    }
    double pair = 0;
    for (int f = 0; f < k; f++) pair += s[f] * s[f];
    return lin + 0.5 * (pair - sq);
  }

  @Override
  public double addLossGradient(double[] w, FeatureRows x, Selection sel, GradientBuffer grad) {
    if (x.dim() != dim) throw new IllegalArgumentException("rows of " + x.dim() + " features, model of " + dim);
    int k = rank;
    double[] g = grad.values();
    double[] v = x.values();
    double[] labels = x.labels();
    double[] s = new double[k];
    boolean perOccurrence = regularization == Regularization.OCCURRENCE;
    double loss = 0;
    double penalty = 0;
    for (int n = 0, size = sel.size(); n < size; n++) {
      int r = sel.index(n);
      double c = x.weight(r);
      double yhat = predict(w, x, r, s);
      double d;
      if (binary) {
        double y = Losses.sign(labels[r]);
        double m = -y * yhat;
        loss += c * Losses.softplus(m);
        d = -c * y * Losses.sigmoid(m);
      } else {
        double e = yhat - labels[r];
        loss += c * (0.5 * e * e);
        d = c * e;
      }
      g[0] += d;
      for (int p = x.start(r), e = x.end(r); p < e; p++) {
        double xv = v[p];
        if (xv == 0) continue;
        int j = x.index(r, p);
        g[1 + j] += d * xv;
        int row = vOffset + j * k;
        double xx = xv * xv;
        for (int f = 0; f < k; f++) g[row + f] += d * (xv * s[f] - w[row + f] * xx);
        if (perOccurrence) {
          penalty += addL2(w, g, 1 + j, 2 + j, c * lambdaLinear) + addL2(w, g, row, row + k, c * lambdaFactors);
        }
      }
    }
    rows(x, sel, grad::touch);
    return perOccurrence ? loss + penalty : loss + addRegulariser(w, g, sel.size());
  }

  /** Adds {@code n·(λ_linear·w, λ_factors·V)} and returns {@code n·(λ_linear/2 ‖w‖² + λ_factors/2 ‖V‖²)}. */
  private double addRegulariser(double[] w, double[] g, int n) {
    if (n == 0) return 0;
    return addL2(w, g, 1, vOffset, n * lambdaLinear) + addL2(w, g, vOffset, w.length, n * lambdaFactors);
  }

  private static double addL2(double[] w, double[] g, int from, int to, double c) {
    if (c == 0) return 0;
    double sq = 0;
    for (int j = from; j < to; j++) {
      sq += w[j] * w[j];
      g[j] += c * w[j];
    }
    return 0.5 * c * sq;
  }

  @Override
  public void markRowsRead(FeatureRows x, Selection sel, RowSet rows) {
    rows(x, sel, rows::add);
  }

  /**
   * Rows read and written: {@code w0}, the features' rows of {@code w} and {@code V}, and all of a block regularised
   * per batch.
   */
  private void rows(FeatureRows x, Selection sel, FeatureTouch.Sink sink) {
    if (sel.size() == 0) return;
    sink.add(0);
    if (regularization == Regularization.OCCURRENCE) {
      FeatureTouch.rows(x, sel, sink, 1, vOffset);
    } else if (lambdaLinear != 0 && lambdaFactors != 0) {
      FeatureTouch.all(sink, 1, 2 * dim);
    } else if (lambdaLinear != 0) {
      FeatureTouch.all(sink, 1, dim);
      FeatureTouch.rows(x, sel, sink, vOffset);
    } else if (lambdaFactors != 0) {
      FeatureTouch.all(sink, vOffset, dim);
      FeatureTouch.rows(x, sel, sink, 1);
    } else {
      FeatureTouch.rows(x, sel, sink, 1, vOffset);
    }
  }

  public int dim() {
    return dim;
  }

  public int rank() {
    return rank;
  }

  public boolean binary() {
    return binary;
  }

  public double lambdaLinear() {
    return lambdaLinear;
  }

  public double lambdaFactors() {
    return lambdaFactors;
  }

  public Regularization regularization() {
    return regularization;
  }
}
