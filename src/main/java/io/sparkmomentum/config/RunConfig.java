package io.sparkmomentum.config;

import java.util.Map;

/**
 * A whole run's configuration: every section validated, plus Spark settings passed through as they are.
 *
 * @param features the feature groups of {@code fm} on rating data
 * @param earlyStopping {@code trainer.early_stopping}
 * @param tuning self-tuning ({@code optimizer.lr = auto}) and the keys the user set
 * @param rendered the effective configuration (defaults, file and overrides merged) as JSON, saved with the model
 */
public record RunConfig(DataConfig data, ModelConfig model, FeaturesConfig features, OptimizerConfig optimizer,
    TrainerConfig trainer, EarlyStoppingConfig earlyStopping, TuningConfig tuning, Map<String, String> spark,
    String rendered) {

  /** Whether the run needs a validation slice: it tunes itself or watches a validation metric. */
  public boolean needsValidation() {
    return tuning.enabled() || earlyStopping.watchesValidation();
  }

  /** The validation fraction, {@code auto} resolved. */
  public double validationFraction() {
    return data.validationFraction(needsValidation());
  }
}
