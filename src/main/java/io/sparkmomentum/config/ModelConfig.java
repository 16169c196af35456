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
 * @param regularization where {@code fm} charges its L2: {@code batch} (once per row, every parameter: the reference
 *                      semantics) or {@code occurrence} (per nonzero feature of each row, as libFM's SGD)
 * @param negatives     negatives drawn per positive ({@code bpr}, {@code sampled_softmax}); 0 = the model's default
 * @param gradientScale {@code batch}: the gradient of the batch's mean loss (PyTorch's); {@code row}: each row's
 *                      gradient the mean over its own ratings ({@code mf}; see {@code MatrixFactorization})
 * @param rowCountFloor {@code row} scaling divides a row's summed gradient by {@code max(n_r, rowCountFloor)}
 *                      instead of the batch's count: rows lighter than the floor take the per-occurrence step
 *                      {@code lr / rowCountFloor}
 * @param alpha0        weight of the all-pairs term {@code α0 Σ_{u,i} s_ui²} of {@code ials} (Rendle et al. 2021's
 *                      α0), in [0, 1e6]
 */
public record ModelConfig(String type, int rank, double lambda, double lambdaBias, double initStd, boolean clamp,
    int[] hidden, double l2, double lambdaLinear, double lambdaFactors, String task, boolean intercept,
    String regularization, int negatives, String gradientScale, double rowCountFloor, double alpha0) {
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
    regularization = regularization.trim().toLowerCase(java.util.Locale.ROOT);
    if (!regularization.equals("batch") && !regularization.equals("occurrence")) {
      throw new ConfigException("model.regularization", regularization, "batch or occurrence");
    }
    gradientScale = gradientScale.trim().toLowerCase(java.util.Locale.ROOT);
    if (!GRADIENT_SCALES.contains(gradientScale)) {
      throw new ConfigException("model.gradient_scale", gradientScale, "batch or row");
    }
    Check.atLeast("model.row_count_floor", rowCountFloor, 1.0);
    Check.finite("model.row_count_floor", rowCountFloor);
    Check.inClosed("model.alpha0", alpha0, 0, MAX_ALPHA0);
  }

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
    this(type, rank, lambda, lambdaBias, initStd, clamp, new int[] {128}, 0, 0, 0, "regression", true, "batch", 0, "batch", 1,
        DEFAULT_ALPHA0);
  }

  /** This config with {@code model.negatives = n}. */
  public ModelConfig withNegatives(int n) {
    return new ModelConfig(type, rank, lambda, lambdaBias, initStd, clamp, hidden, l2, lambdaLinear, lambdaFactors,
        task, intercept, regularization, n, gradientScale, rowCountFloor, alpha0);
  }

  @Override
  public int[] hidden() {
    return hidden.clone();
  }
}
