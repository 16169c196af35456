package io.sparkmomentum.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a run's HOCON config (Typesafe Config): built-in defaults, then the file, then {@code --set key=value}
 * overrides. Unknown keys, wrong types and out-of-range values fail here, before Spark starts, naming the key.
 * Keys under {@code spark.} are passed to Spark as they are.
 */
public final class ConfigLoader {
  private static final String DEFAULTS = "io/sparkmomentum/defaults.conf";

  private ConfigLoader() {}

  public static Config defaults() {
    return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS,
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /** Loads {@code file} (may be null: defaults only) with {@code overrides} of the form {@code key=value}. */
  public static RunConfig load(File file, List<String> overrides) {
    Config user = ConfigFactory.empty();
    if (file != null) {
      if (!file.isFile()) throw new ConfigException("--config", file.getPath(), "an existing config file");
      try {
        user = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("--config", file.getPath(), "valid HOCON (" + e.getMessage() + ")");
      }
    }
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) throw new ConfigException("--set", o, "key=value");
      String key = o.substring(0, eq).trim();
      user = ConfigValueFactory.fromAnyRef(o.substring(eq + 1).trim(), "--set " + key).atPath(key)
          .withFallback(user);
    }
    Config merged;
    try {
      merged = user.withFallback(defaults()).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("--config", String.valueOf(file), "a config whose substitutions resolve ("
          + e.getMessage() + ")");
    }
    checkKnownKeys(merged);
    return parse(merged);
  }

  private static void checkKnownKeys(Config merged) {
    Config known = defaults();
    TreeSet<String> unknown = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : merged.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("spark.") && !known.hasPath(key)) unknown.add(key);
    }
    if (!unknown.isEmpty()) {
      String first = unknown.first();
      throw new ConfigException(first, "unknown key" + (unknown.size() > 1 ? "s " + unknown : "") + " (from "
          + merged.getValue(first).origin().description() + "); known keys are those of " + DEFAULTS
          + " and spark.*");
    }
  }

  static RunConfig parse(Config c) {
    Reader r = new Reader(c);
    DataConfig data = new DataConfig(r.str("data.train"), r.str("data.test"), r.str("data.format"),
        r.str("data.user_col"), r.str("data.item_col"), r.str("data.rating_col"), r.dbl("data.test_fraction"),
        r.dbl("data.min_rating"), r.dbl("data.max_rating"), r.str("data.on_bad_record"),
        r.str("data.delimiter"), r.str("data.labels"), r.str("data.test_labels"), r.integer("data.num_features"),
        r.str("data.duplicates"));
    ModelConfig model = new ModelConfig(r.str("model.type"), r.integer("model.rank"), r.dbl("model.lambda"),
        r.dbl("model.lambda_bias"), r.dbl("model.init_std"), r.bool("model.clamp"));
    String s = "optimizer.schedule.";
    ScheduleConfig schedule = new ScheduleConfig(ScheduleConfig.Type.parse(s + "type", r.str(s + "type")),
        r.integer(s + "step_size"), r.dbl(s + "gamma"), r.integer(s + "t_max"), r.dbl(s + "eta_min"),
        r.dbl(s + "start_factor"), r.integer(s + "total_iters"));
    OptimizerConfig.SparseUpdate sparse = OptimizerConfig.SparseUpdate.parse("optimizer.sparse_update",
        r.str("optimizer.sparse_update"));
    OptimizerConfig optimizer = new OptimizerConfig(r.dbl("optimizer.lr"), r.dbl("optimizer.momentum"),
        r.dbl("optimizer.dampening"), r.bool("optimizer.nesterov"), r.dbl("optimizer.weight_decay"), schedule,
        r.dbl("optimizer.clip_grad_norm"), r.integer("optimizer.accumulation_steps"),
        OptimizerConfig.Convention.parse("optimizer.convention", r.str("optimizer.convention")), sparse);
    TrainerConfig trainer = new TrainerConfig(r.integer("trainer.epochs"), batchSize(r), r.integer("trainer.partitions"),
        r.lng("trainer.seed"), r.integer("trainer.eval_every"), r.integer("trainer.tree_depth"),
        r.integer("trainer.checkpoint_every"), r.integer("trainer.keep_checkpoints"),
        TrainerConfig.OnDivergence.parse("trainer.on_divergence", r.str("trainer.on_divergence")),
        r.dbl("trainer.divergence_factor"), r.integer("trainer.max_rollbacks"), r.integer("trainer.log_every"),
        TrainerConfig.BroadcastMode.parse("trainer.broadcast", r.str("trainer.broadcast")),
        TrainerConfig.Precision.parse("trainer.transfer_precision", r.str("trainer.transfer_precision")));
    Map<String, String> spark = new TreeMap<>();
    if (c.hasPath("spark")) {
      for (Map.Entry<String, ConfigValue> e : c.getConfig("spark").entrySet()) {
        spark.put("spark." + e.getKey(), String.valueOf(e.getValue().unwrapped()));
      }
    }
    String rendered = c.withoutPath("spark").root().render(ConfigRenderOptions.concise().setFormatted(true));
    return new RunConfig(data, model, optimizer, trainer, spark, rendered);
  }

  private static long batchSize(Reader r) {
    String v = r.str("trainer.batch_size");
    if (v.equalsIgnoreCase("full")) return 0;
    try {
      long b = Long.parseLong(v);
      if (b < 1) throw new ConfigException("trainer.batch_size", v, "an integer >= 1, or full");
      return b;
    } catch (NumberFormatException e) {
      throw new ConfigException("trainer.batch_size", v, "an integer >= 1, or full");
    }
  }

  /** Typed reads that turn Typesafe's type errors into messages naming key, value and expected type. */
  private record Reader(Config c) {
    String str(String key) {
      return c.getValue(key).unwrapped() == null ? "" : String.valueOf(c.getValue(key).unwrapped());
    }

    double dbl(String key) {
      try {
        return c.getDouble(key);
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException(key, str(key), "a number");
      }
    }

    int integer(String key) {
      try {
        return c.getInt(key);
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException(key, str(key), "an integer");
      }
    }

    long lng(String key) {
      try {
        return c.getLong(key);
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException(key, str(key), "an integer");
      }
    }

    boolean bool(String key) {
      try {
        return c.getBoolean(key);
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException(key, str(key), "true or false");
      }
    }
  }

  /** All known keys with their defaults, for documentation and {@code --help}. */
  public static List<String> knownKeys() {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : defaults().entrySet()) keys.add(e.getKey().toLowerCase(Locale.ROOT));
    keys.sort(null);
    return keys;
  }
}
