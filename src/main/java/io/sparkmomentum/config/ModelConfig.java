package io.sparkmomentum.config;

import java.util.Arrays;

/**
 * The {@code model.*} keys: the type, and the hyperparameters of every registered model (each model reads those it
 * uses; see the model specs and {@code defaults.conf}).
 *
 * @param type          the model, a registered {@code model.type}
 * @param rank          latent dimension ({@code mf}, {@code fm})
 * @param lambda        per-occurrence L2 on the factors ({@code mf})
 * @param lambdaBias    per-occurrence L2 on the biases ({@code mf})
 * @param initStd       factors start as N(0, initStd²) ({@code mf}, {@code fm})
 * @param clamp         clamp predictions to the training labels' range ({@code mf}, {@code fm} regression)
 * @param hidden        hidden layer widths ({@code mlp})
 * @param l2            L2 on the weights, not the biases, charged once per batch ({@code linear}, {@code logistic},
 *                      {@code softmax}, {@code mlp})
 * @param lambdaLinear  L2 on the linear weights ({@code fm})
 * @param lambdaFactors L2 on the factors ({@code fm})
 * @param task          {@code regression} or {@code binary} ({@code fm})
 * @param intercept     learn a bias ({@code linear}, {@code logistic}, {@code softmax})
 * @param regularization where the L2 is charged. {@code fm}: {@code batch} (once per row, every parameter: the
 *                      reference semantics) or {@code occurrence} (per nonzero feature of each row, as libFM's SGD).
 *                      {@code ials}: {@code occurrence} (λ with each example of the row) or {@code frequency}
 *                      (Rendle et al. 2021: {@code λ·(n_u + α0·I)^ν} on user u, {@code λ·(n_i + α0·U)^ν} on item
 *                      i). {@code bpr}, {@code sampled_softmax}: {@code occurrence}. {@code auto} (the default):
 *                      {@code occurrence} for the implicit models, {@code batch} for the others; resolved here
 * @param negatives     negatives drawn per positive ({@code bpr}, {@code sampled_softmax}); 0 = the model's default
 * @param gradientScale {@code batch}: the gradient of the batch's mean loss (PyTorch's); {@code row}: each row's
 *                      gradient the mean over its own ratings ({@code mf}; see {@code MatrixFactorization})
 * @param rowCountFloor {@code row} scaling divides a row's summed gradient by {@code max(n_r, rowCountFloor)}
 *                      instead of the batch's count: rows lighter than the floor take the per-occurrence step
 *                      {@code lr / rowCountFloor}
 * @param alpha0        weight of the all-pairs term {@code α0 Σ_{u,i} s_ui²} of {@code ials} (Rendle et al. 2021's
 *                      α0), in [0, 1e6]
 * @param regularizationExponent ν of {@code regularization = frequency}, in [0, 1] (0: λ once per row; 1: Rendle
 *                      et al.'s choice)
 */
public record ModelConfig(String type, int rank, double lambda, double lambdaBias, double initStd, boolean clamp,
    int[] hidden, double l2, double lambdaLinear, double lambdaFactors, String task, boolean intercept,
    String regularization, int negatives, String gradientScale, double rowCountFloor, double alpha0,
    double regularizationExponent) {
  /** The values of {@code model.gradient_scale} once resolved. */
  public static final java.util.List<String> GRADIENT_SCALES = java.util.List.of("batch", "row");

  public ModelConfig {
    if (type == null || type.isBlank()) throw new ConfigException("model.type", type, "a model type (mf)");
    Check.atLeast("model.rank", rank, 1);
    if (rank > 4096) throw new ConfigException("model.rank", rank, "an integer in [1, 4096]");
    Check.atLeast("model.lambda", lambda, 0.0);
    Check.atLeast("model.lambda_bias", lambdaBias, 0.0);
    Check.atLeast("model.init_std", initStd, 0.0);
    hidden = hidden.clone();
    if (hidden.length > 16) throw new ConfigException("model.hidden", Arrays.toString(hidden), "at most 16 layers");
    for (int h : hidden) {
      if (h < 1 || h > 1 << 16) {
        throw new ConfigException("model.hidden", Arrays.toString(hidden), "layer widths in [1, 65536]");
      }
    }
    Check.atLeast("model.l2", l2, 0.0);
    Check.atLeast("model.lambda_linear", lambdaLinear, 0.0);
    Check.atLeast("model.lambda_factors", lambdaFactors, 0.0);
    Check.atLeast("model.negatives", negatives, 0);
    if (negatives > 4096) throw new ConfigException("model.negatives", negatives, "an integer in [0, 4096]");
    task = task.trim().toLowerCase(java.util.Locale.ROOT);
    if (!task.equals("regression") && !task.equals("binary")) {
      throw new ConfigException("model.task", task, "regression or binary");
    }
    regularization = resolveRegularization(type, regularization);
    gradientScale = gradientScale.trim().toLowerCase(java.util.Locale.ROOT);
    if (!GRADIENT_SCALES.contains(gradientScale)) {
      throw new ConfigException("model.gradient_scale", gradientScale, "batch or row");
    }
    Check.atLeast("model.row_count_floor", rowCountFloor, 1.0);
    Check.finite("model.row_count_floor", rowCountFloor);
    Check.inClosed("model.alpha0", alpha0, 0, MAX_ALPHA0);
    Check.inClosed("model.regularization_exponent", regularizationExponent, 0, 1);
  }

  /** The implicit factor models, whose L2 is charged per occurrence or by frequency, never once per batch. */
  private static final java.util.List<String> IMPLICIT_TYPES = java.util.List.of("bpr", "sampled_softmax", "ials");

  /**
   * {@code model.regularization} of a model type: {@code auto} resolved ({@code occurrence} for the implicit models,
   * {@code batch} for the others), and a value the type does not implement refused naming the key.
   */
  static String resolveRegularization(String type, String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    String t = type.trim().toLowerCase(java.util.Locale.ROOT);
    boolean implicit = IMPLICIT_TYPES.contains(t);
    if (v.equals("auto")) return implicit ? "occurrence" : "batch";
    if (t.equals("ials")) {
      if (v.equals("occurrence") || v.equals("frequency")) return v;
      throw new ConfigException("model.regularization", value, "auto, occurrence or frequency with model.type = ials");
    }
    if (implicit) {
      if (v.equals("occurrence")) return v;
      throw new ConfigException("model.regularization", value, "auto or occurrence with model.type = " + t);
    }
    if (v.equals("batch") || v.equals("occurrence")) return v;
    throw new ConfigException("model.regularization", value, "auto, batch or occurrence");
  }

  /** Whether {@code ials} charges the frequency-scaled L2 of Rendle et al. 2021 ({@code regularization = frequency}). */
  public boolean frequencyRegularized() {
    return regularization.equals("frequency");
  }

  /** {@code model.regularization_exponent} when unset: ν = 1, Rendle et al. 2021's. */
  public static final double DEFAULT_REGULARIZATION_EXPONENT = 1.0;

  /** The largest {@code model.alpha0}. */
  public static final double MAX_ALPHA0 = 1e6;

  /** {@code model.alpha0} when unset: the value chosen on ML-100K's validation slice (README, "Implicit feedback"). */
  public static final double DEFAULT_ALPHA0 = 0.05;

  /** Whether each row's gradient is the mean over its own ratings ({@code model.gradient_scale = row}). */
  public boolean rowScaled() {
    return gradientScale.equals("row");
  }

  /** The mf keys only; the others at their defaults. */
  public ModelConfig(String type, int rank, double lambda, double lambdaBias, double initStd, boolean clamp) {
    this(type, rank, lambda, lambdaBias, initStd, clamp, new int[] {128}, 0, 0, 0, "regression", true, "auto", 0, "batch",
        1, DEFAULT_ALPHA0, DEFAULT_REGULARIZATION_EXPONENT);
  }

  /** This config with {@code model.negatives = n}. */
  public ModelConfig withNegatives(int n) {
    return new ModelConfig(type, rank, lambda, lambdaBias, initStd, clamp, hidden, l2, lambdaLinear, lambdaFactors,
        task, intercept, regularization, n, gradientScale, rowCountFloor, alpha0, regularizationExponent);
  }

  @Override
  public int[] hidden() {
    return hidden.clone();
  }
}
