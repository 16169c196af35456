package io.sparkmomentum.config;

/**
 * The factorization model's hyperparameters.
 *
 * @param type the model; {@code mf} (biased matrix factorization)
 * @param rank latent dimension
 * @param lambda per-occurrence L2 on the factors
 * @param lambdaBias per-occurrence L2 on the biases
 * @param initStd factors start as N(0, initStd²)
 * @param clamp clamp predictions to the training ratings' range
 */
public record ModelConfig(String type, int rank, double lambda, double lambdaBias, double initStd, boolean clamp) {
  public ModelConfig {
    if (type == null || type.isBlank()) throw new ConfigException("model.type", type, "a model type (mf)");
    Check.atLeast("model.rank", rank, 1);
    if (rank > 4096) throw new ConfigException("model.rank", rank, "an integer in [1, 4096]");
    Check.atLeast("model.lambda", lambda, 0.0);
    Check.atLeast("model.lambda_bias", lambdaBias, 0.0);
    Check.atLeast("model.init_std", initStd, 0.0);
  }
}
