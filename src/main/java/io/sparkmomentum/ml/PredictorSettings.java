package io.sparkmomentum.ml;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A predictor's params as the CLI's validated config: each param becomes its key's {@code --set} override and the
 * whole goes through {@link ConfigLoader} with the CLI's defaults, so that a fit and {@code train} with the same
 * settings run the same training, and the rendered config can be saved with the model. Messages name the param,
 * its value and the allowed range.
 */
final class PredictorSettings {
  private PredictorSettings() {}

  /**
   * The validated settings of a fit.
   *
   * @param config             the run's config ({@code data.train} names the dataset; {@code data.format} is
   *                           {@code libsvm}, so that the CLI's {@code evaluate} reads LIBSVM files for the saved model)
   * @param checkpointInterval epochs between training checkpoints, or -1
   */
  record Settings(RunConfig config, int checkpointInterval) {}

  /**
   * @param owner      the estimator's name, for messages
   * @param modelTypes the model types the estimator offers
   * @param task       {@code fm}'s {@code model.task}: {@code regression} or {@code binary}
   */
  static Settings of(String owner, PredictorParams<?> p, List<String> modelTypes, String task) {
    String type = p.getModelType() == null ? "" : p.getModelType().trim().toLowerCase(Locale.ROOT);
    if (!modelTypes.contains(type)) {
      throw new IllegalArgumentException(owner + ": param modelType = \"" + p.getModelType() + "\": expected one of "
          + String.join(", ", modelTypes));
    }
    int checkpoints = p.getCheckpointInterval();
    if (checkpoints != -1 && checkpoints < 1) {
      throw new IllegalArgumentException(owner + ": param checkpointInterval = " + checkpoints + ": expected -1 "
          + "(none) or an integer >= 1");
    }
    List<String> sets = new ArrayList<>(List.of("data.train=the dataset of " + owner + ".fit", "data.format=libsvm",
        "model.type=" + type, "model.task=" + task));
    Map<String, String> paramOfKey = new LinkedHashMap<>();
    for (Map.Entry<String, PredictorParamSet.Key> e : PredictorParamSet.KEYS.entrySet()) {
      String name = e.getKey();
      PredictorParamSet.Key k = e.getValue();
      if (!k.types().contains(type)) {
        if (p.isSet(p.paramSet().param(name))) {
          throw new IllegalArgumentException(owner + ": param " + name + " is set, but modelType " + type
              + " does not read it; expected it only with modelType " + String.join(" or ", k.types()));
        }
        continue;
      }
      override(sets, paramOfKey, name, k.key(), p.getOrDefault(p.paramSet().param(name)));
    }
    for (Map.Entry<String, String> e : TrainingParamSet.KEYS.entrySet()) {
      override(sets, paramOfKey, e.getKey(), e.getValue(), p.getOrDefault(p.paramSet().param(e.getKey())));
    }
    try {
      return new Settings(ConfigLoader.load(null, sets), checkpoints);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(ParamMessages.inParamTerms(owner, e.getMessage(), paramOfKey), e);
    }
  }

  /** Adds {@code key=value} (a list as {@code [a, b]}, batch size 0 as {@code full}) and the message mapping. */
  private static void override(List<String> sets, Map<String, String> paramOfKey, String name, String key,
      Object v) {
    String text = v instanceof int[] a ? Arrays.toString(a)
        : name.equals("batchSize") && ((Long) v) == 0 ? "full" : String.valueOf(v);
    sets.add(key + "=" + text);
    paramOfKey.put(key, name);
  }
}
