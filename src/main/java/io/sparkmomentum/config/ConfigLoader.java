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
      try {
        user = ConfigValueFactory.fromAnyRef(o.substring(eq + 1).trim(), "--set " + key).atPath(key)
            .withFallback(user);
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("--set", o, "key=value with a key of dot-separated names such as model.rank");
      }
    }
    Config merged;
    try {
      merged = user.withFallback(defaults()).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("--config", String.valueOf(file), "a config whose substitutions resolve ("
          + e.getMessage() + ")");
    }
    checkKnownKeys(merged);
    checkSections(merged);
    try {
      return parse(merged, leafKeys(user));
    } catch (com.typesafe.config.ConfigException e) { // a shape not foreseen above: still one line, naming the origin
      throw new ConfigException(e.origin() != null ? e.origin().description() : "config", oneLine(e.getMessage()));
    }
  }

  /**
   * A key that is a section in the defaults ({@code trainer}, {@code optimizer.schedule}) must be a section, not a
   * value ({@code --set trainer=3}, {@code schedule = cosine}); a value key must be a value, not a section. Null is
   * refused for every key ({@code trainer.epochs = null}).
   */
  private static void checkSections(Config merged) {
    Config known = defaults();
    checkSections(merged.root(), known.root(), "");
  }

  private static void checkSections(com.typesafe.config.ConfigObject have, com.typesafe.config.ConfigObject want,
      String prefix) {
    for (Map.Entry<String, ConfigValue> e : have.entrySet()) {
      String key = prefix + com.typesafe.config.ConfigUtil.joinPath(e.getKey());
      if (prefix.isEmpty() && e.getKey().equals("spark")) continue;
      ConfigValue w = want.get(e.getKey());
      ConfigValue h = e.getValue();
      if (w == null) continue; // unknown keys were reported before
      boolean wantSection = w.valueType() == com.typesafe.config.ConfigValueType.OBJECT;
      boolean isSection = h.valueType() == com.typesafe.config.ConfigValueType.OBJECT;
      if (h.valueType() == com.typesafe.config.ConfigValueType.NULL) {
        throw new ConfigException(key, "null (from " + h.origin().description() + "): expected "
            + (wantSection ? "a section" : "a value; remove the line to use the default, " + render(w)));
      }
      if (wantSection && !isSection) {
        throw new ConfigException(key, h.unwrapped(), "a section { ... } with the keys " + ((com.typesafe.config
            .ConfigObject) w).keySet().stream().sorted().map(k -> key + "." + k).toList() + ", not a value (from "
            + h.origin().description() + ")" + (((com.typesafe.config.ConfigObject) w).containsKey("type")
            ? "; did you mean " + key + ".type = " + h.unwrapped() + "?" : ""));
      }
      boolean wantList = w.valueType() == com.typesafe.config.ConfigValueType.LIST;
      if (!wantSection && (isSection || (!wantList && h.valueType() == com.typesafe.config.ConfigValueType.LIST))) {
        throw new ConfigException(key, h.render(ConfigRenderOptions.concise()), "a single value like "
            + render(w) + ", not a " + (isSection ? "section" : "list") + " (from " + h.origin().description() + ")");
      }
      if (wantSection) checkSections((com.typesafe.config.ConfigObject) h, (com.typesafe.config.ConfigObject) w,
          key + ".");
    }
  }

  private static String render(ConfigValue v) {
    return v.render(ConfigRenderOptions.concise());
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

  /** The keys of a user's config (file and overrides). */
  private static java.util.Set<String> leafKeys(Config user) {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) keys.add(e.getKey());
    return keys;
  }

  /**
   * The learning rate {@code optimizer.lr = auto} stands for before the self-tuning search replaces it (the search
   * derives each candidate's rate from the data; models that do not tune themselves train with it).
   */
  public static final double AUTO_LR = 0.01;

  /**
   * {@code base} with {@code overrides} ({@code key=value}) applied: what the self-tuning search trains each
   * candidate with. The keys the user set stay as {@code base} records them.
   */
  public static RunConfig withOverrides(RunConfig base, List<String> overrides) {
    Config c = ConfigFactory.parseString(base.rendered());
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException("not key=value: " + o);
      String key = o.substring(0, eq).trim();
      c = ConfigValueFactory.fromAnyRef(o.substring(eq + 1).trim(), "self-tuning").atPath(key).withFallback(c);
    }
    Map<String, Object> spark = new java.util.TreeMap<>();
    base.spark().forEach((k, v) -> spark.put(k.substring("spark.".length()), v));
    if (!spark.isEmpty()) c = c.withFallback(ConfigValueFactory.fromMap(spark).atPath("spark"));
    return parse(c.resolve(), base.tuning().userKeys());
  }

  static RunConfig parse(Config c) {
    return parse(c, java.util.Set.of());
  }

  static RunConfig parse(Config c, java.util.Set<String> userKeys) {
    Reader r = new Reader(c);
    boolean mf = r.str("model.type").trim().equalsIgnoreCase("mf");
    boolean lrAuto = r.str("optimizer.lr").trim().equalsIgnoreCase("auto");
    if (lrAuto && !mf) {
      org.slf4j.LoggerFactory.getLogger(ConfigLoader.class).warn("optimizer.lr = auto: model.type = {} does not tune "
          + "itself; it trains with lr {} (set optimizer.lr to choose)", r.str("model.type"), AUTO_LR);
    }
    double lr = lrAuto ? AUTO_LR : r.dbl("optimizer.lr");
    DataConfig data = new DataConfig(r.str("data.train"), r.str("data.test"), r.str("data.format"),
        r.str("data.user_col"), r.str("data.item_col"), r.str("data.rating_col"), r.dbl("data.test_fraction"),
        r.bound("data.min_rating", -DataConfig.UNBOUNDED), r.bound("data.max_rating", DataConfig.UNBOUNDED),
        r.str("data.on_bad_record"),
        r.str("data.delimiter"), r.str("data.labels"), r.str("data.test_labels"), r.integer("data.num_features"),
        r.str("data.duplicates"), r.integer("data.num_classes"),
        r.dbl("data.positive_threshold"), r.autoOr("data.validation_fraction", DataConfig.AUTO));
    ModelConfig model = new ModelConfig(r.str("model.type"), r.integer("model.rank"), r.dbl("model.lambda"),
        r.dbl("model.lambda_bias"), r.dbl("model.init_std"), r.bool("model.clamp"), r.integers("model.hidden"),
        r.dbl("model.l2"), r.dbl("model.lambda_linear"), r.dbl("model.lambda_factors"), r.str("model.task"),
        r.bool("model.intercept"), r.str("model.regularization"), r.integer("model.negatives"),
        r.str("model.gradient_scale"), r.dbl("model.row_count_floor"), r.dbl("model.alpha0"),
        r.dbl("model.regularization_exponent"));
    String s = "optimizer.schedule.";
    ScheduleConfig schedule = new ScheduleConfig(ScheduleConfig.Type.parse(s + "type", r.str(s + "type")),
        r.integer(s + "step_size"), r.dbl(s + "gamma"), r.integer(s + "t_max"), r.dbl(s + "eta_min"),
        r.dbl(s + "start_factor"), r.integer(s + "total_iters"));
    OptimizerConfig.SparseUpdate sparse = OptimizerConfig.SparseUpdate.parse("optimizer.sparse_update",
        r.str("optimizer.sparse_update"));
    OptimizerConfig optimizer = new OptimizerConfig(lr, r.dbl("optimizer.momentum"),
        r.dbl("optimizer.dampening"), r.bool("optimizer.nesterov"), r.dbl("optimizer.weight_decay"), schedule,
        r.dbl("optimizer.clip_grad_norm"), r.integer("optimizer.accumulation_steps"),
        OptimizerConfig.Convention.parse("optimizer.convention", r.str("optimizer.convention")), sparse);
    if (model.type().trim().equals("ials") && sparse != OptimizerConfig.SparseUpdate.DENSE) {
      throw new ConfigException("optimizer.sparse_update", r.str("optimizer.sparse_update"), "dense with model.type "
          + "= ials (its all-pairs term moves every row at every step)");
    }
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
    checkSparkSettings(spark);
    distinctColumns(data);
    String rendered = c.withoutPath("spark").root().render(ConfigRenderOptions.concise().setFormatted(true));
    FeaturesConfig features = new FeaturesConfig(r.bool("features.user"), r.bool("features.item"),
        r.bool("features.implicit"), r.str("features.user_file"), r.str("features.item_file"),
        r.str("features.side_format"), r.str("features.scale"));
    String es = "trainer.early_stopping.";
    EarlyStoppingConfig early = new EarlyStoppingConfig(r.str(es + "metric"), r.integer(es + "patience"),
        r.dbl(es + "min_delta"), r.dbl(es + "tolerance"));
    TuningConfig tuning = new TuningConfig(lrAuto && mf, userKeys, r.dbl("trainer.tune_budget"),
        r.bool("trainer.tune_refit"));
    return new RunConfig(data, model, features, optimizer, trainer, early, tuning, spark, rendered);
  }

  /** With CSV, the user, item and rating columns must be three different columns of the header. */
  private static void distinctColumns(DataConfig d) {
    if (!d.format().trim().equalsIgnoreCase("csv")) return;
    String u = d.userCol().trim();
    String i = d.itemCol().trim();
    String r = d.ratingCol().trim();
    if (u.equals(i)) throw new ConfigException("data.item_col", i, "a column other than data.user_col (both name '"
        + u + "')");
    if (r.equals(u) || r.equals(i)) throw new ConfigException("data.rating_col", r, "a column other than "
        + "data.user_col and data.item_col ('" + u + "', '" + i + "')");
  }

  /** Spark settings whose bad values Spark reports only with a stack trace at start: checked here in one line. */
  private static final Map<String, String> SPARK_POSITIVE_INTEGERS = Map.of("spark.executor.cores", "",
      "spark.executor.instances", "", "spark.cores.max", "", "spark.task.cpus", "", "spark.driver.cores", "",
      "spark.default.parallelism", "");
  private static final java.util.regex.Pattern MEMORY = java.util.regex.Pattern.compile("\\d+[kmgtpKMGTP]?[bB]?");

  private static void checkSparkSettings(Map<String, String> spark) {
    for (Map.Entry<String, String> e : spark.entrySet()) {
      String k = e.getKey();
      String v = e.getValue().trim();
      if (SPARK_POSITIVE_INTEGERS.containsKey(k)) {
        try {
          if (Integer.parseInt(v) >= 1) continue;
        } catch (NumberFormatException ignored) {
          // reported below
        }
        throw new ConfigException(k, e.getValue(), "an integer >= 1");
      }
      if ((k.equals("spark.driver.memory") || k.equals("spark.executor.memory")
          || k.equals("spark.driver.maxResultSize")) && !MEMORY.matcher(v).matches()) {
        throw new ConfigException(k, e.getValue(), "a size such as 512m or 4g");
      }
    }
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

  private static String oneLine(String s) {
    if (s == null) return "invalid config";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Typed reads that turn Typesafe's type errors into messages naming key, value and expected type. */
  private record Reader(Config c) {
    String str(String key) {
      if (!c.hasPathOrNull(key)) throw new ConfigException(key, "missing; expected a value");
      if (c.getIsNull(key)) throw new ConfigException(key, "null; expected a value");
      Object v = c.getValue(key).unwrapped();
      if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf(d.longValue());
      return String.valueOf(v);
    }

    /** A number, or the empty string for {@code unset}. */
    double bound(String key, double unset) {
      return str(key).isBlank() ? unset : dbl(key);
    }

    /** A number, or {@code auto} for {@code auto}. */
    double autoOr(String key, double auto) {
      return str(key).trim().equalsIgnoreCase("auto") ? auto : dbl(key);
    }

    double dbl(String key) {
      try {
        return c.getDouble(key);
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException(key, str(key), "a number");
      }
    }

    /** An exact integer in int range: {@code 4.5} or {@code 1e10} is refused, never truncated. */
    int integer(String key) {
      java.math.BigInteger v = exactInteger(key, "an integer");
      if (v.bitLength() > 31) throw new ConfigException(key, str(key), "an integer in [" + Integer.MIN_VALUE + ", "
          + Integer.MAX_VALUE + "]");
      return v.intValue();
    }

    /** An exact 64-bit integer: 2^63, 1e19 and 1e20 are refused, not saturated to the same seed. */
    long lng(String key) {
      java.math.BigInteger v = exactInteger(key, "a 64-bit integer");
      if (v.bitLength() > 63) throw new ConfigException(key, str(key), "a 64-bit integer (in [" + Long.MIN_VALUE
          + ", " + Long.MAX_VALUE + "])");
      return v.longValue();
    }

    private java.math.BigInteger exactInteger(String key, String expected) {
      String text = str(key).trim();
      try {
        java.math.BigDecimal d = new java.math.BigDecimal(text);
        if (d.abs().compareTo(java.math.BigDecimal.TEN.pow(30)) > 0) {
          throw new ConfigException(key, str(key), expected);
        }
        return d.toBigIntegerExact();
      } catch (NumberFormatException | ArithmeticException e) {
        throw new ConfigException(key, str(key), expected);
      }
    }

    /** A list of exact integers ({@code [256, 128]}); a single integer is a list of one. */
    int[] integers(String key) {
      ConfigValue v = c.getValue(key);
      if (v.valueType() == com.typesafe.config.ConfigValueType.STRING) return integersOf(key, str(key));
      if (v.valueType() != com.typesafe.config.ConfigValueType.LIST) return new int[] {integer(key)};
      List<? extends ConfigValue> list = c.getList(key);
      int[] out = new int[list.size()];
      for (int k = 0; k < out.length; k++) {
        Object x = list.get(k).unwrapped();
        if (!(x instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
            || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
          throw new ConfigException(key, v.render(ConfigRenderOptions.concise()), "a list of integers like [128]");
        }
        out[k] = n.intValue();
      }
      return out;
    }

    /** A list written as text, as {@code --set model.hidden=[256, 128]} gives it: {@code [a, b, ...]} or {@code a}. */
    private static int[] integersOf(String key, String text) {
      String t = text.trim();
      if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1).trim();
      if (t.isEmpty()) return new int[0];
      String[] parts = t.split(",");
      int[] out = new int[parts.length];
      for (int k = 0; k < out.length; k++) {
        try {
          out[k] = Integer.parseInt(parts[k].trim());
        } catch (NumberFormatException e) {
          throw new ConfigException(key, text, "a list of integers like [128]");
        }
      }
      return out;
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
