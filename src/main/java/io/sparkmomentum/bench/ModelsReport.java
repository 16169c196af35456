package io.sparkmomentum.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --models} benchmark's tables. Per data set and configuration: the median over repeats of each test
 * metric and of the fit seconds (for ML-100K, the mean over folds of those medians). The target of a data set is
 * MLlib's best configuration by median test metric (per fold); for each of ours, the time to target is the median
 * over repeats of the training seconds at the first evaluation reaching it, and the ratio divides it by that MLlib
 * configuration's median fit seconds (for ML-100K: the median of the per-fold ratios).
 */
final class ModelsReport {
  private ModelsReport() {}

  static final List<String> METRICS = List.of("accuracy", "log_loss", "auc", "rmse", "mae");

  /** One row of a table: a configuration's medians on one fold. */
  record Row(String system, String settings, Map<String, Double> metrics, double seconds, double timeToTarget,
      double ratio, int reached, int repeats) {
    boolean ours() {
      return system.startsWith("ours");
    }
  }

  static String markdown(List<ModelsBench.Case> cases, List<ModelsBench.Run> runs, Map<String, Object> meta) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "## Models benchmark (%s repeats, %s, Spark %s)%n%n", meta.get("repeats"),
        meta.get("master"), meta.get("spark_version")));
    Set<String> datasets = new LinkedHashSet<>();
    for (ModelsBench.Case c : cases) datasets.add(c.dataset());
    for (String d : datasets) {
      List<ModelsBench.Case> folds = cases.stream().filter(c -> c.dataset().equals(d)).toList();
      String metric = folds.get(0).metric();
      boolean higher = folds.get(0).higherIsBetter();
      List<List<Row>> perFold = new ArrayList<>();
      for (ModelsBench.Case c : folds) perFold.add(rows(runs, c, metric, higher));
      List<Row> rows = mergeFolds(perFold);
      b.append("### ").append(d).append(folds.size() > 1 ? " (mean over folds " + String.join(", ",
          folds.stream().map(ModelsBench.Case::fold).toList()) + ")" : "").append("\n\n");
      List<String> cols = new ArrayList<>();
      for (String m : METRICS) if (rows.stream().anyMatch(r -> r.metrics().containsKey(m))) cols.add(m);
      b.append("| system | settings |");
      for (String m : cols) b.append(" test ").append(m.replace('_', '-')).append(" |");
      b.append(" fit s | time to MLlib's best ").append(metric).append(" s | ratio to that fit |\n|---|---|");
      b.append("---:|".repeat(cols.size())).append("---:|---:|---:|\n");
      for (Row r : rows) {
        b.append("| ").append(r.system()).append(" | ").append(r.settings()).append(" |");
        for (String m : cols) b.append(' ').append(fmt(r.metrics().get(m), 4)).append(" |");
        b.append(' ').append(fmt(r.seconds(), 1)).append(" |");
        if (r.ours()) {
          b.append(' ').append(fmt(r.timeToTarget(), 1)).append(r.reached() < r.repeats() ? " (" + r.reached() + "/"
              + r.repeats() + " reached)" : "").append(" | ").append(fmt(r.ratio(), 2)).append("× |\n");
        } else {
          b.append(" | |\n");
        }
      }
      b.append('\n');
    }
    b.append(String.format(Locale.ROOT, "Medians over the repeats, ours and MLlib alternating, same Spark session, "
        + "same cached rows. Fit s: wall time of the fit (ours: per-epoch test evaluations subtracted). Time to "
        + "MLlib's best: our training seconds until the test metric, evaluated at every epoch end, first reaches the "
        + "best median of MLlib's grid; ratio: that time over the best MLlib configuration's median fit s (\"-\": "
        + "not reached). Total benchmark time %.0f s.%n", ((Number) meta.get("seconds_total")).doubleValue()));
    return b.toString();
  }

  /** Medians per configuration on one case, with the time to MLlib's best for ours. */
  static List<Row> rows(List<ModelsBench.Run> runs, ModelsBench.Case c, String metric, boolean higher) {
    Map<String, List<ModelsBench.Run>> by = new LinkedHashMap<>();
    for (ModelsBench.Run r : runs) {
      if (r.dataset().equals(c.dataset()) && r.fold().equals(c.fold())) {
        by.computeIfAbsent(r.system() + "\u0000" + r.settings(), k -> new ArrayList<>()).add(r);
      }
    }
    double target = Double.NaN;
    double targetSeconds = Double.NaN;
    for (List<ModelsBench.Run> rs : by.values()) {
      if (rs.get(0).system().startsWith("ours")) continue;
      double v = median(rs, metric);
      if (Double.isNaN(target) || (higher ? v > target : v < target)) {
        target = v;
        targetSeconds = Stats.median(rs.stream().map(ModelsBench.Run::seconds).toList());
      }
    }
    List<Row> out = new ArrayList<>();
    for (List<ModelsBench.Run> rs : by.values()) {
      Map<String, Double> m = new LinkedHashMap<>();
      for (String k : METRICS) if (rs.get(0).metrics().containsKey(k)) m.put(k, median(rs, k));
      double seconds = Stats.median(rs.stream().map(ModelsBench.Run::seconds).toList());
      List<Double> ttt = new ArrayList<>();
      if (!Double.isNaN(target)) {
        for (ModelsBench.Run r : rs) {
          for (double[] p : r.curve()) {
            if (higher ? p[1] >= target : p[1] <= target) {
              ttt.add(p[0]);
              break;
            }
          }
        }
      }
      double t = ttt.size() * 2 > rs.size() ? Stats.median(padded(ttt, rs.size())) : Double.NaN;
      out.add(new Row(rs.get(0).system(), rs.get(0).settings(), m, seconds, t, t / targetSeconds, ttt.size(),
          rs.size()));
    }
    return out;
  }

  /** Runs that never reached the target count as +∞ in the median. */
  private static List<Double> padded(List<Double> ttt, int n) {
    List<Double> p = new ArrayList<>(ttt);
    while (p.size() < n) p.add(Double.POSITIVE_INFINITY);
    return p;
  }

  /** Several folds: mean of the metrics and seconds, median of the times and ratios (NaN when any fold is NaN). */
  static List<Row> mergeFolds(List<List<Row>> folds) {
    if (folds.size() == 1) return folds.get(0);
    List<Row> out = new ArrayList<>();
    for (Row first : folds.get(0)) {
      List<Row> same = new ArrayList<>();
      for (List<Row> f : folds) {
        for (Row r : f) if (r.system().equals(first.system()) && r.settings().equals(first.settings())) same.add(r);
      }
      Map<String, Double> m = new LinkedHashMap<>();
      for (String k : first.metrics().keySet()) {
        m.put(k, same.stream().mapToDouble(r -> r.metrics().getOrDefault(k, Double.NaN)).average().orElse(Double.NaN));
      }
      double seconds = same.stream().mapToDouble(Row::seconds).average().orElse(Double.NaN);
      boolean all = same.stream().noneMatch(r -> Double.isNaN(r.timeToTarget()));
      double t = all ? Stats.median(same.stream().map(Row::timeToTarget).toList()) : Double.NaN;
      double ratio = all ? Stats.median(same.stream().map(Row::ratio).toList()) : Double.NaN;
      out.add(new Row(first.system(), first.settings(), m, seconds, t, ratio,
          same.stream().mapToInt(Row::reached).sum(), same.stream().mapToInt(Row::repeats).sum()));
    }
    return out;
  }

  static double median(List<ModelsBench.Run> rs, String metric) {
    return Stats.median(rs.stream().map(r -> r.metrics().getOrDefault(metric, Double.NaN)).toList());
  }

  static String fmt(Double v, int digits) {
    if (v == null || v.isNaN() || v.isInfinite()) return "-";
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  static Map<String, Object> json(List<ModelsBench.Run> runs, Map<String, Object> meta) {
    Map<String, Object> j = new LinkedHashMap<>(meta);
    List<Object> rs = new ArrayList<>();
    for (ModelsBench.Run r : runs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dataset", r.dataset());
      m.put("fold", r.fold());
      m.put("system", r.system());
      m.put("settings", r.settings());
      m.put("repeat", r.repeat());
      m.put("seconds", r.seconds());
      m.put("metrics", r.metrics());
      m.put("curve", r.curve().stream().map(p -> List.of(p[0], p[1])).toList());
      rs.add(m);
    }
    j.put("runs", rs);
    return j;
  }
}
