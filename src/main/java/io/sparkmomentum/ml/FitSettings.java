package io.sparkmomentum.ml;

import static io.sparkmomentum.ml.MomentumMF.OWNER;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.model.ImplicitSpec;
import java.util.Map;

/**
 * {@link MomentumMF}'s params as the trainer's validated records ({@link DataConfig}, {@link ModelConfig},
 * {@link OptimizerConfig}, {@link TrainerConfig}): the records' own checks, with their messages in the params' terms,
 * plus the params the records do not have. Unset keys get the CLI's defaults, so that a fit and {@code train} with
 * the same settings run the same training.
 */
final class FitSettings {
  /** Config keys → the params that set them, for messages. */
  private static final Map<String, String> PARAM_OF_KEY = paramOfKey();

  private static Map<String, String> paramOfKey() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    TrainingParamSet.KEYS.forEach((param, key) -> m.put(key, param));
    m.putAll(Map.of("model.rank", "rank", "model.lambda_bias", "regParamBias", "model.lambda", "regParam",
        "model.init_std", "initStd", "optimizer.dampening", "dampening (always 0)", "data.positive_threshold",
        "positiveThreshold"));
    return Map.copyOf(m);
  }

  private FitSettings() {}

  /**
   * The params as the trainer's validated records. Fails with an {@link IllegalArgumentException} naming the param,
   * its value and the allowed range.
   */
  static MfTraining.Settings of(MomentumMF m) {
    boolean implicit = m.getImplicitPrefs();
    double threshold = m.getPositiveThreshold();
    if (!implicit && threshold != 0) {
      throw new IllegalArgumentException(OWNER + ": param positiveThreshold = " + threshold + " needs implicitPrefs "
          + "= true; expected 0 for explicit ratings");
    }
    IdColumns.coldStart(OWNER, m.getColdStartStrategy());
    int checkpoints = m.getCheckpointInterval();
    if (checkpoints != -1 && checkpoints < 1) {
      throw new IllegalArgumentException(OWNER + ": param checkpointInterval = " + checkpoints + ": expected -1 "
          + "(none) or an integer >= 1");
    }
    try {
      // every finite float is a valid rating (an implicit event's weight: >= 0); bad records fail the fit (the CLI's
      // data.on_bad_record = fail)
      double min = implicit && threshold == 0 ? 0 : -Float.MAX_VALUE;
      DataConfig data = new DataConfig("the dataset of " + OWNER + ".fit", "", "parquet", m.getUserCol(),
          m.getItemCol(), m.getRatingCol(), m.getValidationFraction(), min, Float.MAX_VALUE, "fail", ",")
          .withPositiveThreshold(implicit ? threshold : 0);
      ModelConfig model = new ModelConfig(implicit ? ImplicitSpec.DEFAULT_LOSS.type() : "mf", m.getRank(),
          m.getRegParam(), m.getRegParamBias(), m.getInitStd(), true);
      ScheduleConfig sched = new ScheduleConfig(ScheduleConfig.Type.parse("optimizer.schedule.type", m.getSchedule()),
          (Integer) m.getOrDefault(m.scheduleStepSize()), (Double) m.getOrDefault(m.scheduleGamma()),
          (Integer) m.getOrDefault(m.scheduleTMax()), (Double) m.getOrDefault(m.scheduleEtaMin()),
          (Double) m.getOrDefault(m.scheduleStartFactor()), (Integer) m.getOrDefault(m.scheduleTotalIters()));
      OptimizerConfig opt = new OptimizerConfig(m.getStepSize(), m.getMomentum(), 0, m.getNesterov(), 0, sched, 0, 1,
          OptimizerConfig.Convention.PYTORCH, OptimizerConfig.SparseUpdate.DENSE);
      TrainerConfig trainer = TrainerConfig.of(m.getMaxIter(), m.getBatchSize(), m.getNumPartitions(), m.getSeed());
      return new MfTraining.Settings(data, model, opt, trainer, checkpoints);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(inParamTerms(e.getMessage()), e);
    }
  }

  private static String inParamTerms(String message) {
    return ParamMessages.inParamTerms(OWNER, message, PARAM_OF_KEY);
  }
}
