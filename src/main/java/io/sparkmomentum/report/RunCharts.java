package io.sparkmomentum.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The charts of the report, every run and tuning candidate overlaid as its own series (one colour each): the
 * per-round loss, gradient norm and learning rate; every {@code test_*} and {@code validation_*} metric over the
 * evaluations; each run's time per round stacked by phase (every {@code *_ms} key of its rounds).
 */
final class RunCharts {
  /** The per-round keys charted, with their titles. */
  static final Map<String, String> ROUND_KEYS = roundKeys();
  static final String[] EVAL_PREFIXES = {"validation_", "test_"};
  static final String TIMING_SUFFIX = "_ms";

  private static Map<String, String> roundKeys() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("loss", "Training loss (mean over the round's mini-batch, before the step)");
    m.put("grad_norm", "Gradient norm (of the averaged gradient, before clipping)");
    m.put("lr", "Learning rate of the step");
    return Collections.unmodifiableMap(m);
  }

  /** A run or candidate as charted: its series name and colour. */
  record Entry(RunRecord run, String name, int colour, boolean candidate) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();

  RunCharts(List<RunRecord> runs) {
    for (RunRecord r : runs) {
      entries.add(new Entry(r, r.label(), entries.size(), false));
      for (RunRecord c : r.candidates()) {
        entries.add(new Entry(c, runs.size() == 1 ? c.label() : r.label() + ": " + c.label(), entries.size(), true));
      }
    }
  }

  List<Entry> entries() {
    return entries;
  }

  /** Loss, gradient norm and learning rate per round. */
  String perRound() {
    StringBuilder sb = new StringBuilder();
    ROUND_KEYS.forEach((key, title) -> sb.append(chart(key, title, key)));
    return sb.toString();
  }

  /** The evaluation metrics' keys, in order of first appearance. */
  List<String> evaluationKeys() {
    Set<String> keys = new LinkedHashSet<>();
    for (Entry e : entries) {
      for (String k : e.run().history().keys()) {
        for (String p : EVAL_PREFIXES) if (k.startsWith(p)) keys.add(k);
      }
    }
    return new ArrayList<>(keys);
  }

  /** A chart per evaluation metric; metrics that never change (counts) in one table. */
  String evaluations() {
    StringBuilder sb = new StringBuilder();
    List<List<String>> constant = new ArrayList<>();
    for (String key : evaluationKeys()) {
      double[] values = allValues(key);
      if (values.length >= 2 && java.util.Arrays.stream(values).allMatch(v -> Double.compare(v, values[0]) == 0)) {
        constant.add(List.of(key, Html.number(values[0]), Integer.toString(values.length)));
      } else {
        sb.append(chart(key, key + " per evaluation", key));
      }
    }
    if (sb.length() == 0 && constant.isEmpty()) {
      return "<p class=\"note\">No evaluation recorded (no test_* or validation_* values in metrics.jsonl).</p>";
    }
    if (!constant.isEmpty()) {
      sb.append("<h3>Unchanged over every evaluation</h3>")
          .append(Table.html("kv", List.of("metric", "value", "evaluations"), constant));
    }
    return sb.toString();
  }

  /** Each run's time per round, stacked by phase (the run's own series only, not its candidates'). */
  String timings() {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      if (e.candidate()) continue;
      List<String> keys = new ArrayList<>();
      for (String k : e.run().history().keys()) if (k.endsWith(TIMING_SUFFIX)) keys.add(k);
      List<MetricsHistory.Round> kept = e.run().history().rounds().stream().filter(r -> !r.superseded()).toList();
      double[] x = kept.stream().mapToDouble(MetricsHistory.Round::round).toArray();
      double[][] v = new double[keys.size()][kept.size()];
      for (int c = 0; c < keys.size(); c++) {
        for (int i = 0; i < kept.size(); i++) v[c][i] = kept.get(i).get(keys.get(c));
      }
      List<String> names = keys.stream().map(k -> k.substring(0, k.length() - TIMING_SUFFIX.length())).toList();
      sb.append(StackedBarChart.figure(id("time-" + e.name()), "Time per round: " + e.name(), "round", "ms", x,
          names, v));
    }
    return sb.toString();
  }

  /** One line chart of {@code key} over all entries. */
  private String chart(String key, String title, String yLabel) {
    List<Series> series = new ArrayList<>();
    for (Entry e : entries) {
      for (boolean faded : new boolean[] {false, true}) {
        List<MetricsHistory.Round> rs = e.run().history().rounds().stream()
            .filter(r -> r.superseded() == faded && r.values().containsKey(key)).toList();
        if (rs.isEmpty()) continue;
        series.add(new Series(e.name(), e.colour(), faded, rs.stream().mapToDouble(MetricsHistory.Round::round)
            .toArray(), rs.stream().mapToDouble(r -> r.get(key)).toArray()));
      }
    }
    return LineChart.figure(id(key), title, "round", yLabel, series, markers());
  }

  /** The events of every entry that have a round, except the ordinary end ({@code stop}: max_epochs). */
  List<Marker> markers() {
    List<Marker> markers = new ArrayList<>();
    for (Entry e : entries) {
      for (MetricsHistory.Event ev : e.run().history().events()) {
        if (ev.round() == null) continue;
        String reason = ev.details().getOrDefault("reason", "");
        if (ev.kind().equals("stop") && (reason.equals("max_epochs") || reason.equals("diverged"))) continue;
        StringBuilder label = new StringBuilder();
        if (entries.size() > 1) label.append(e.name()).append(": ");
        label.append(ev.kind()).append(" at round ").append(ev.round());
        ev.details().forEach((k, v) -> label.append("\n").append(k).append(": ").append(v));
        markers.add(new Marker(ev.round(), ev.kind(), label.toString()));
      }
    }
    return markers;
  }

  private double[] allValues(String key) {
    return entries.stream().flatMap(e -> e.run().history().rounds().stream())
        .filter(r -> r.values().containsKey(key)).mapToDouble(r -> r.get(key)).toArray();
  }

  /** A unique svg id {@code chart-...} for {@code name}. */
  private String id(String name) {
    String base = "chart-" + Html.id(name);
    String id = base;
    for (int k = 2; !ids.add(id); k++) id = base + "-" + k;
    return id;
  }
}
