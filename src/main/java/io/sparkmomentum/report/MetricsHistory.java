package io.sparkmomentum.report;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.io.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's {@code metrics.jsonl} as the report needs it: the round records (one per round: {@code loss},
 * {@code grad_norm}, {@code lr}, the {@code *_ms} timings, and {@code test_*}/{@code validation_*} metrics when the
 * round was evaluated) and the events ({@code {"event": "rollback" | "diverged" | "stop" | "resume" | ...}}).
 *
 * <p>Every key is optional: a number (or the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, which is
 * how the trainer writes non-finite values) becomes a value; anything else is kept out of the charts. A record
 * without {@code round} takes the round after the previous one. A rollback returns to an earlier round, so the log
 * then holds some rounds twice: a record is <em>superseded</em> when a later record has the same or an earlier round
 * (it belongs to a trajectory that was abandoned).
 *
 * <p>A line that is not a JSON object is an error naming the file and the line, except a last line without its
 * terminating newline (a run cut off while writing it, see {@code MetricsLog}), which is skipped with a warning.
 */
public record MetricsHistory(List<Round> rounds, List<Event> events, List<String> warnings) {

  /** One round record. @param values the numeric keys in the order of the line (NaN and infinities included) */
  public record Round(long round, boolean superseded, Map<String, Double> values) {
    /** The value of {@code key}, or NaN when the record lacks it. */
    public double get(String key) {
      Double v = values.get(key);
      return v == null ? Double.NaN : v;
    }
  }

  /**
   * One event line. @param round its round, or null when the line has none
   * @param details the other keys of the line, as text
   */
  public record Event(String kind, Long round, Map<String, String> details) {}

  /** Parses the text of {@code file} (named in error messages). */
  public static MetricsHistory parse(String file, String text) {
    List<Long> roundNumbers = new ArrayList<>();
    List<Map<String, Double>> roundValues = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    long next = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) continue;
      Map<String, Object> m;
      try {
        m = Json.readMap(line);
      } catch (IllegalArgumentException e) {
        if (i == lines.length - 1) { // no newline after it: the line being written when the run stopped
          warnings.add(file + ":" + (i + 1) + ": an incomplete last line (the run was cut off while writing it) "
              + "was skipped");
          continue;
        }
        throw new BadInputException(file, i + 1, "not a JSON object (" + e.getMessage()
            + "); expected one JSON object per line, as train writes", line);
      }
      Long round = round(file, i + 1, line, m.get("round"));
      Object kind = m.get("event");
      if (kind != null) {
        Map<String, String> details = new LinkedHashMap<>();
        m.forEach((k, v) -> {
          if (!k.equals("event") && !k.equals("round")) details.put(k, v instanceof String s ? s : Json.write(v));
        });
        events.add(new Event(String.valueOf(kind), round, Collections.unmodifiableMap(details)));
        continue;
      }
      long r = round != null ? round : next;
      next = r + 1;
      Map<String, Double> values = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        double d = number(v);
        if (!k.equals("round") && (!Double.isNaN(d) || isNaN(v))) values.put(k, d);
      });
      roundNumbers.add(r);
      roundValues.add(Collections.unmodifiableMap(values));
    }
    List<Round> rounds = new ArrayList<>(roundNumbers.size());
    long laterMin = Long.MAX_VALUE; // the least round of the records after this one
    boolean[] superseded = new boolean[roundNumbers.size()];
    for (int k = roundNumbers.size() - 1; k >= 0; k--) {
      superseded[k] = laterMin <= roundNumbers.get(k);
      laterMin = Math.min(laterMin, roundNumbers.get(k));
    }
    for (int k = 0; k < roundNumbers.size(); k++) {
      rounds.add(new Round(roundNumbers.get(k), superseded[k], roundValues.get(k)));
    }
    return new MetricsHistory(List.copyOf(rounds), List.copyOf(events), List.copyOf(warnings));
  }

  /** The numeric keys of the round records, in order of first appearance. */
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    for (Round r : rounds) keys.addAll(r.values().keySet());
    return keys;
  }

  private static Long round(String file, int line, String text, Object v) {
    if (v == null) return null;
    if (v instanceof Long l) return l;
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Double.isFinite(n.doubleValue())) {
      return (long) n.doubleValue();
    }
    throw new BadInputException(file, line, "\"round\" is " + Json.write(v) + "; expected a whole number", text);
  }

  /** A JSON number or one of the trainer's non-finite strings as a double, else NaN. */
  private static double number(Object v) {
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s) {
      switch (s) {
        case "Infinity": return Double.POSITIVE_INFINITY;
        case "-Infinity": return Double.NEGATIVE_INFINITY;
        default: return Double.NaN;
      }
    }
    return Double.NaN;
  }

  private static boolean isNaN(Object v) {
    return "NaN".equals(v) || v instanceof Double d && d.isNaN();
  }
}
