package io.sparkmomentum.config;

import java.util.Set;

/**
 * Self-tuning ({@code optimizer.lr = auto}, the default, for {@code model.type = mf}): the trainer chooses the
 * settings the user left unset on a validation slice of the training data ({@code tune.SelfTuning}).
 *
 * @param enabled whether {@code optimizer.lr} is {@code auto} for a model that tunes itself
 * @param userKeys every key the config file or {@code --set} gave: the search never overrides them
 * @param budgetSeconds {@code trainer.tune_budget}: wall-clock seconds the search may spend before the final fit;
 *     when it runs out the search keeps the best candidate so far, and the choice then depends on the machine's
 *     speed (the summary says so)
 * @param refit {@code trainer.tune_refit}: retrain the chosen settings on the training and validation slices
 *     together (true), or keep the chosen candidate's model as it is (false)
 */
public record TuningConfig(boolean enabled, Set<String> userKeys, double budgetSeconds, boolean refit) {

  /** No self-tuning. */
  public static final TuningConfig OFF = new TuningConfig(false, Set.of(), 600, false);

  public TuningConfig {
    userKeys = Set.copyOf(userKeys);
    if (!(budgetSeconds > 0) || Double.isInfinite(budgetSeconds)) {
      throw new ConfigException("trainer.tune_budget", budgetSeconds, "a number of seconds > 0");
    }
  }

  /** Whether the user set {@code key} (in the file or with {@code --set}). */
  public boolean userSet(String key) {
    return userKeys.contains(key);
  }
}
