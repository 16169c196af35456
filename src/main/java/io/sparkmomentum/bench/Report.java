package io.sparkmomentum.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders {@link Results} as Markdown tables (stdout) and as a JSON-ready map. */
final class Report {
  private Report() {}

  /** Column headers of the summary table before the per-fold RMSE columns. */
  static final String SUMMARY_HEAD = "| system | test RMSE mean |";
  /** Column headers of the summary table after the per-fold RMSE columns. */
  static final String SUMMARY_TAIL =
      " median fit s | time-to-target s | fit / ALS-2 fit | time-to-target / ALS-2 fit |";

  static String markdown(Results r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "## Benchmark (%s mode, %s repeats, %s, Spark %s)%n%n", r.meta.get("mode"),
        r.meta.get("repeats"), r.meta.get("master"), r.meta.get("spark_version")));
    for (Results.DatasetResult d : r.datasets) datasetMarkdown(b, d);
    b.append("RMSE over all test rows, predictions clamped to the training range; cold start falls back to μ (+ known "
        + "bias). Fit s: wall time of the fit call only, median of the repeats (ours: per-epoch evaluation time "
        + "subtracted). Time-to-target: our training seconds until the test RMSE (evaluated at every epoch end) first "
        + "reaches ALS's best grid RMSE on that fold. Ratios: against ALS with numBlocks 2 on the same fold, same run; "
        + "the data set row gives the median over folds. ALS, FM and bias hyperparameters are chosen on the test fold "
        + "(their best case); ours on a validation slice of the training data.");
    if (r.meta.get("grids") != null) b.append(" Grids: ").append(r.meta.get("grids")).append('.');
    b.append(String.format(Locale.ROOT, " Total benchmark time %.0f s.%n", ((Number) r.meta.getOrDefault(
        "seconds_total", Double.NaN)).doubleValue()));
    return b.toString();
  }

  private static void datasetMarkdown(StringBuilder b, Results.DatasetResult d) {
    b.append("### ").append(d.name).append(" (").append(d.folds.size() == 1 ? "split " : "folds ")
        .append(String.join(", ", d.folds)).append(")\n\n");
    StringBuilder head = new StringBuilder(SUMMARY_HEAD);
    StringBuilder rule = new StringBuilder("|---|---:|");
    if (d.folds.size() > 1) {
      for (String f : d.folds) {
        head.append(' ').append(f).append(" |");
        rule.append("---:|");
      }
    }
    head.append(SUMMARY_TAIL);
    rule.append("---:|---:|---:|---:|");
    b.append(head).append('\n').append(rule).append('\n');
    for (String s : Results.SYSTEMS) {
      Map<String, Results.FoldResult> folds = d.systems.get(s);
      if (folds.isEmpty()) continue;
      List<Double> rmses = new ArrayList<>();
      List<Double> fits = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      List<Double> ttts = new ArrayList<>();
      List<Double> tttRatios = new ArrayList<>();
      int reached = 0;
      for (String f : d.folds) {
        Results.FoldResult fr = folds.get(f);
        rmses.add(fr.rmse);
        fits.add(fr.medianFit());
        double als2 = d.systems.get(Results.ALS2).get(f).medianFit();
        ratios.add(fr.medianFit() / als2);
        if (Results.ours(s)) {
          double t = fr.medianTimeToTarget();
          if (!Double.isNaN(t)) {
            reached++;
            ttts.add(t);
            tttRatios.add(t / als2);
          }
        }
      }
      b.append("| ").append(s).append(" | ").append(f4(Stats.mean(rmses))).append(" |");
      if (d.folds.size() > 1) for (Double x : rmses) b.append(' ').append(f4(x)).append(" |");
      b.append(' ').append(sec(Stats.median(fits))).append(" | ");
      if (Results.ours(s)) {
        b.append(reached == 0 ? "not reached" : sec(Stats.median(ttts))
            + (reached < d.folds.size() ? " (" + reached + "/" + d.folds.size() + " folds)" : ""));
      } else {
        b.append("—");
      }
      b.append(" | ").append(ratio(Stats.median(ratios))).append(" | ")
          .append(Results.ours(s) && reached > 0 ? ratio(Stats.median(tttRatios)) : "—").append(" |\n");
    }
    b.append('\n');

    // Per fold.
    b.append("| fold | system | test RMSE | warm-only RMSE | fit s median [min, max] (n) | time-to-target s "
        + "| fit / ALS-2 | config |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    for (String f : d.folds) {
      double als2 = d.systems.get(Results.ALS2).get(f).medianFit();
      for (String s : Results.SYSTEMS) {
        Results.FoldResult fr = d.systems.get(s).get(f);
        if (fr == null) continue;
        String ttt = "—";
        if (Results.ours(s)) {
          double t = fr.medianTimeToTarget();
          ttt = Double.isNaN(t) ? "not reached (target " + f4(d.targets.get(f)) + ")"
              : sec(t) + " (epoch " + fr.epochToTarget + ", target " + f4(d.targets.get(f)) + ")";
        }
        b.append("| ").append(f).append(" | ").append(s).append(" | ").append(f4(fr.rmse)).append(" | ")
            .append(f4(fr.rmseWarm)).append(" | ").append(sec(fr.medianFit())).append(" [").append(sec(Stats.min(fr.fitSeconds))).append(", ")
            .append(sec(Stats.max(fr.fitSeconds))).append("] (").append(fr.fitSeconds.size()).append(") | ")
            .append(ttt).append(" | ").append(ratio(fr.medianFit() / als2)).append(" | ").append(fr.config)
            .append(" |\n");
      }
    }
    List<Double> load = new ArrayList<>();
    for (Map<String, Results.FoldResult> m : d.systems.values()) {
      for (Results.FoldResult fr : m.values()) load.addAll(fr.loadAverage);
    }
    b.append(String.format(Locale.ROOT, "%nMachine 1-minute load average after the timed fits: median %.1f, range "
        + "[%.1f, %.1f] (%d cores); warm-only RMSE: test rows whose user and item both occur in training.%n%n",
        Stats.median(load), Stats.min(load), Stats.max(load), Runtime.getRuntime().availableProcessors()));

    // Our selection.
    if (!d.selection.isEmpty()) {
      b.append("Our configuration, chosen on ").append(d.selection.get("on")).append(" (base ")
          .append(d.selection.get("base_config")).append("):\n\n");
      b.append("| candidate | overrides | rounds | validation RMSE | seconds | chosen |\n|---|---|---:|---:|---:|---|\n");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> cands = (List<Map<String, Object>>) d.selection.get("candidates");
      for (Map<String, Object> c : cands) {
        b.append("| ").append(c.get("name")).append(" | `").append(String.join(" ", asStrings(c.get("overrides"))))
            .append("` | ").append(c.get("rounds")).append(" | ").append(f4((Double) c.get("validation_rmse")))
            .append(" | ").append(sec((Double) c.get("seconds"))).append(" | ")
            .append(c.get("name").equals(d.selection.get("chosen")) ? "**yes**"
                : c.get("name").equals(d.selection.get("fast")) ? "fast" : "").append(" |\n");
      }
      b.append("\nchosen: best validation RMSE; fast: ").append(d.selection.get("fast_rule")).append(".\n\n");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> asStrings(Object o) {
    return (List<String>) o;
  }

  /** Everything, as plain maps and lists for {@code io.Json}. */
  static Map<String, Object> json(Results r) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("meta", r.meta);
    List<Object> ds = new ArrayList<>();
    for (Results.DatasetResult d : r.datasets) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", d.name);
      m.put("folds", d.folds);
      m.put("als_best_rmse", d.targets);
      m.put("our_selection", d.selection);
      List<Object> systems = new ArrayList<>();
      for (String s : Results.SYSTEMS) {
        Map<String, Results.FoldResult> folds = d.systems.get(s);
        if (folds.isEmpty()) continue;
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("system", s);
        List<Double> rm = new ArrayList<>();
        List<Double> fits = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        Map<String, Object> per = new LinkedHashMap<>();
        for (String f : d.folds) {
          Results.FoldResult fr = folds.get(f);
          double als2 = d.systems.get(Results.ALS2).get(f).medianFit();
          rm.add(fr.rmse);
          fits.add(fr.medianFit());
          ratios.add(fr.medianFit() / als2);
          Map<String, Object> fm = new LinkedHashMap<>();
          fm.put("config", fr.config);
          fm.put("test_rmse", fr.rmse);
          fm.put("test_rmse_warm_only", fr.rmseWarm);
          fm.put("load_average_1min", fr.loadAverage);
          fm.put("fit_seconds", fr.fitSeconds);
          fm.put("fit_seconds_median", fr.medianFit());
          fm.put("fit_ratio_vs_als2", fr.medianFit() / als2);
          if (Results.ours(s)) {
            fm.put("fit_seconds_including_eval", fr.fitSecondsRaw);
            fm.put("time_to_target_seconds", fr.timeToTarget);
            fm.put("time_to_target_seconds_including_eval", fr.timeToTargetRaw);
            fm.put("time_to_target_median", fr.medianTimeToTarget());
            fm.put("time_to_target_ratio_vs_als2", fr.medianTimeToTarget() / als2);
            fm.put("epoch_to_target", fr.epochToTarget);
            fm.put("target_rmse", d.targets.get(f));
          }
          fm.putAll(fr.extra);
          per.put(f, fm);
        }
        sm.put("test_rmse_mean", Stats.mean(rm));
        sm.put("fit_seconds_median_of_folds", Stats.median(fits));
        sm.put("fit_ratio_vs_als2_median_of_folds", Stats.median(ratios));
        sm.put("folds", per);
        systems.add(sm);
      }
      m.put("systems", systems);
      m.put("grids", d.grids);
      ds.add(m);
    }
    root.put("datasets", ds);
    return root;
  }

  static String f4(Double x) {
    return x == null || x.isNaN() ? "—" : String.format(Locale.ROOT, "%.4f", x);
  }

  static String sec(Double x) {
    if (x == null || x.isNaN()) return "—";
    if (x < 0.01) return String.format(Locale.ROOT, "%.4f", x);
    return String.format(Locale.ROOT, x < 10 ? "%.2f" : "%.1f", x);
  }

  static String ratio(double x) {
    if (Double.isNaN(x)) return "—";
    if (x < 0.01) return String.format(Locale.ROOT, "%.4f×", x);
    return String.format(Locale.ROOT, "%.2f×", x);
  }
}
