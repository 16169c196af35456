package io.sparkmomentum.config;

/**
 * {@code trainer.early_stopping}: when a run stops before its last epoch.
 *
 * @param metric the validation metric watched: {@code auto} (the model's first held-out metric, e.g. RMSE for
 *     {@code mf}) or a metric name such as {@code rmse}, {@code mae}, {@code log_loss}, {@code accuracy}, {@code auc}
 *     (accuracy, AUC, precision, recall, NDCG, MAP and MRR are maximised, the others minimised)
 * @param patience evaluations without an improvement of more than {@code minDelta} before the run stops as
 *     {@code EARLY_STOPPED} and restores the best weights; 0: off
 * @param minDelta the smallest change of the metric that counts as an improvement
 * @param tolerance stop as {@code CONVERGED} when an epoch's mean training loss changes by at most this fraction of
 *     the previous epoch's; 0: off
 */
public record EarlyStoppingConfig(String metric, int patience, double minDelta, double tolerance) {

  /** Nothing stops a run early. */
  public static final EarlyStoppingConfig OFF = new EarlyStoppingConfig("auto", 0, 0, 0);

  public EarlyStoppingConfig {
    metric = metric == null || metric.isBlank() ? "auto" : metric.trim().toLowerCase(java.util.Locale.ROOT);
    if (!metric.matches("[a-z0-9_@]+")) {
      throw new ConfigException("trainer.early_stopping.metric", metric, "auto or a metric name such as rmse");
    }
    Check.atLeast("trainer.early_stopping.patience", patience, 0);
    Check.atLeast("trainer.early_stopping.min_delta", minDelta, 0.0);
    Check.finite("trainer.early_stopping.min_delta", minDelta);
    Check.inHalfOpen("trainer.early_stopping.tolerance", tolerance, 0.0, 1.0);
  }

  /** Whether the validation metric can stop the run. */
  public boolean watchesValidation() {
    return patience > 0;
  }

  /** This config with {@code patience}. */
  public EarlyStoppingConfig withPatience(int p) {
    return new EarlyStoppingConfig(metric, p, minDelta, tolerance);
  }

  /** Whether a larger value of {@code name} is better. */
  public static boolean higherIsBetter(String name) {
    return name.contains("accuracy") || name.contains("auc") || name.contains("precision")
        || name.contains("recall") || name.contains("ndcg") || name.contains("map") || name.contains("mrr")
        || name.contains("coverage");
  }
}
