package io.sparkmomentum.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.io.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a run directory into a {@link RunRecord}: {@code metrics.jsonl} (required), {@code config.conf} and
 * {@code summary.json} (optional), and every {@code tuning/NAME/} subdirectory that holds a {@code metrics.jsonl}
 * (a tuning candidate, with the same optional files). Bad input fails with one {@link BadInputException} naming
 * the file (and the line, where there is one).
 */
public final class RunReader {
  /** The subdirectory whose run directories are shown as tuning candidates. */
  public static final String TUNING = "tuning";
  static final String METRICS = "metrics.jsonl";

  private RunReader() {}

  /** Reads {@code dir}, labelled {@code label}. */
  public static RunRecord read(RunFiles dir, String label) throws IOException {
    if (!dir.exists()) {
      throw new BadInputException(dir.location(), 0, "no such run directory; expected a directory written by "
          + "train (holding metrics.jsonl)", null);
    }
    List<RunRecord> candidates = new ArrayList<>();
    for (String name : dir.directories(TUNING)) {
      RunFiles c = dir.resolve(TUNING + "/" + name);
      if (c.read(METRICS).isPresent()) candidates.add(readOne(c, name, List.of()));
    }
    return readOne(dir, label, candidates);
  }

  private static RunRecord readOne(RunFiles dir, String label, List<RunRecord> candidates) throws IOException {
    String metricsFile = dir.describe(METRICS);
    String metrics = dir.read(METRICS).orElseThrow(() -> new BadInputException(metricsFile, 0,
        "not found; expected the metrics log that train writes into its run directory", null));
    MetricsHistory history = MetricsHistory.parse(metricsFile, metrics);
    Map<String, String> config = dir.read("config.conf").map(t -> config(dir.describe("config.conf"), t))
        .orElse(Map.of());
    Map<String, String> summary = summary(dir.describe("summary.json"), dir.read("summary.json"));
    return new RunRecord(label, dir.location(), history, config, summary, List.copyOf(candidates));
  }

  /** A HOCON (or JSON) config flattened to {@code a.b.c = value}, sorted by key. */
  static Map<String, String> config(String file, String text) {
    Config c;
    try {
      c = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(file));
    } catch (ConfigException e) {
      throw new BadInputException(file, 0, "not a readable config (" + e.getMessage() + ")", null);
    }
    Map<String, String> flat = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      ConfigValue v = e.getValue();
      flat.put(e.getKey(), v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped()
          : v.render(ConfigRenderOptions.concise()));
    }
    return Collections.unmodifiableMap(flat);
  }

  /** A summary flattened to dotted keys, in file order; lists are shown as JSON. */
  static Map<String, String> summary(String file, Optional<String> text) {
    if (text.isEmpty()) return Map.of();
    Map<String, Object> m;
    try {
      m = Json.readMap(text.get());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file, 0, "not a JSON object (" + e.getMessage() + "); expected the summary that "
          + "train writes", text.get());
    }
    Map<String, String> flat = new LinkedHashMap<>();
    flatten("", m, flat);
    return Collections.unmodifiableMap(flat);
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> m, Map<String, String> into) {
    m.forEach((k, v) -> {
      if (v instanceof Map<?, ?> sub && !sub.isEmpty()) {
        flatten(prefix + k + ".", (Map<String, Object>) sub, into);
      } else {
        into.put(prefix + k, v instanceof String s ? s : Json.write(v));
      }
    });
  }
}
