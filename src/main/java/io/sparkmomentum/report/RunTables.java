package io.sparkmomentum.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The tables of the report: an overview of the runs, the time spent per phase, the events, the summaries and the
 * configs (side by side when there are several runs, with the config keys that differ first).
 */
final class RunTables {
  private final List<RunCharts.Entry> entries;

  RunTables(List<RunCharts.Entry> entries) {
    this.entries = entries;
  }

  /** A row per run and candidate: status, rounds, final loss, events and the last value of every metric. */
  String overview(List<String> evalKeys) {
    List<String> header = new ArrayList<>(List.of("run", "directory", "status", "stop reason", "rounds", "epochs",
        "final loss", "events"));
    evalKeys.forEach(k -> header.add(k + " (last)"));
    List<List<String>> rows = new ArrayList<>();
    for (RunCharts.Entry e : entries) {
      RunRecord r = e.run();
      Map<String, String> s = r.summary();
      List<MetricsHistory.Round> kept = r.history().rounds().stream().filter(x -> !x.superseded()).toList();
      List<String> row = new ArrayList<>();
      row.add(e.name());
      row.add(r.location());
      row.add(s.getOrDefault("status", "no summary.json (running, or stopped before it ended)"));
      row.add(s.get("stop_reason"));
      row.add(s.getOrDefault("rounds", kept.size() + " recorded"));
      row.add(s.get("epochs"));
      row.add(s.containsKey("final_loss") ? number(s.get("final_loss")) : last(kept, "loss"));
      row.add(eventCounts(r.history()));
      for (String k : evalKeys) row.add(last(kept, k));
      rows.add(row);
    }
    return Table.html("overview", header, rows);
  }

  /** Seconds per phase over every round record (rounds a rollback undid included), and their shares. */
  String timingTotals() {
    Set<String> keys = new LinkedHashSet<>();
    for (RunCharts.Entry e : entries) {
      for (String k : e.run().history().keys()) if (k.endsWith(RunCharts.TIMING_SUFFIX)) keys.add(k);
    }
    List<String> header = new ArrayList<>(List.of("run", "round records"));
    keys.forEach(k -> header.add(k.substring(0, k.length() - RunCharts.TIMING_SUFFIX.length()) + " s (share)"));
    header.add("total s");
    List<List<String>> rows = new ArrayList<>();
    for (RunCharts.Entry e : entries) {
      Map<String, Double> sums = new LinkedHashMap<>();
      double total = 0;
      for (String k : keys) {
        double s = e.run().history().rounds().stream().mapToDouble(r -> r.get(k)).filter(Double::isFinite).sum();
        sums.put(k, s / 1000);
        total += s / 1000;
      }
      List<String> row = new ArrayList<>(List.of(e.name(), Integer.toString(e.run().history().rounds().size())));
      for (double s : sums.values()) {
        row.add(Html.number(s) + (total > 0 ? " (" + Math.round(100 * s / total) + "%)" : ""));
      }
      row.add(Html.number(total));
      rows.add(row);
    }
    return Table.html("numbers", header, rows);
  }

  /** Every event line of every run, in order. */
  String events() {
    List<List<String>> rows = new ArrayList<>();
    for (RunCharts.Entry e : entries) {
      for (MetricsHistory.Event ev : e.run().history().events()) {
        List<String> details = new ArrayList<>();
        ev.details().forEach((k, v) -> details.add(k + ": " + v));
        rows.add(List.of(e.name(), ev.round() == null ? "" : ev.round().toString(), ev.kind(),
            String.join("; ", details)));
      }
    }
    if (rows.isEmpty()) return "<p class=\"note\">No events (no rollback, divergence, resume or stop recorded).</p>";
    return Table.html("events", List.of("run", "round", "event", "details"), rows);
  }

  /** The summaries: one key/value table, or the runs side by side. */
  String summaries() {
    return sideBySide(RunRecord::summary, "summary.json", false);
  }

  /**
   * The configs: one run's by section ({@code data}, {@code model}, ...), or the keys that differ side by side and
   * each config in full, folded.
   */
  String configs() {
    if (entries.size() == 1) return sections(entries.get(0).run().config());
    StringBuilder sb = new StringBuilder("<h3>Keys that differ</h3>")
        .append(sideBySide(RunRecord::config, "config.conf", true));
    for (RunCharts.Entry e : entries) {
      sb.append("<details><summary>").append(Html.text(e.name() + ": every key")).append("</summary>")
          .append(sections(e.run().config())).append("</details>");
    }
    return sb.toString();
  }

  /** A key/value table per first key segment, side by side. */
  private static String sections(Map<String, String> config) {
    if (config.isEmpty()) return keyValues(config, "config.conf");
    Map<String, Map<String, String>> groups = new LinkedHashMap<>();
    config.forEach((k, v) -> {
      int dot = k.indexOf('.');
      groups.computeIfAbsent(dot > 0 ? k.substring(0, dot) : "", g -> new LinkedHashMap<>())
          .put(dot > 0 ? k.substring(dot + 1) : k, v);
    });
    StringBuilder sb = new StringBuilder("<div class=\"groups\">");
    groups.forEach((g, m) -> sb.append("<div><h3>").append(Html.text(g)).append("</h3>")
        .append(keyValues(m, "config.conf")).append("</div>"));
    return sb.append("</div>").toString();
  }

  private String sideBySide(Function<RunRecord, Map<String, String>> part, String file, boolean differingOnly) {
    if (entries.size() == 1) return keyValues(part.apply(entries.get(0).run()), file);
    Set<String> keys = new LinkedHashSet<>();
    for (RunCharts.Entry e : entries) keys.addAll(part.apply(e.run()).keySet());
    List<String> header = new ArrayList<>(List.of("key"));
    entries.forEach(e -> header.add(e.name()));
    List<List<String>> rows = new ArrayList<>();
    for (String k : keys) {
      List<String> row = new ArrayList<>(List.of(k));
      for (RunCharts.Entry e : entries) row.add(part.apply(e.run()).get(k));
      if (!differingOnly || row.stream().skip(1).distinct().count() > 1) rows.add(row);
    }
    if (rows.isEmpty()) return "<p class=\"note\">" + (differingOnly ? "All runs have the same " + file + "."
        : "No " + file + " in any run.") + "</p>";
    return Table.html("compare", header, rows);
  }

  private static String keyValues(Map<String, String> m, String file) {
    if (m.isEmpty()) return "<p class=\"note\">No " + Html.text(file) + " in this run.</p>";
    List<List<String>> rows = new ArrayList<>();
    m.forEach((k, v) -> rows.add(List.of(k, v)));
    return Table.html("kv", List.of("key", "value"), rows);
  }

  /** e.g. {@code "2 rollback, 1 diverged"}. */
  private static String eventCounts(MetricsHistory h) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (MetricsHistory.Event ev : h.events()) {
      if (!ev.kind().equals("stop")) counts.merge(ev.kind(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((k, n) -> parts.add(n + " " + k));
    return String.join(", ", parts);
  }

  /** The last value of {@code key} among the kept rounds, or null. */
  private static String last(List<MetricsHistory.Round> kept, String key) {
    for (int i = kept.size() - 1; i >= 0; i--) {
      if (kept.get(i).values().containsKey(key)) return Html.number(kept.get(i).get(key));
    }
    return null;
  }

  private static String number(String s) {
    try {
      return Html.number(Double.parseDouble(Objects.requireNonNull(s)));
    } catch (NumberFormatException e) {
      return s;
    }
  }
}
