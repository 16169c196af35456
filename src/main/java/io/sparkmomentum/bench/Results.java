package io.sparkmomentum.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a benchmark run measured, before rendering ({@link Report}). Mutable containers filled by {@link Suite}. */
final class Results {
  /** System ids, in table order. */
  static final String OURS = "spark-momentum";
  /** Our fastest candidate within the fast rule of {@link Suite#FAST_MARGIN} (absent if the same). */
  static final String OURS_FAST = "spark-momentum (fast)";
  static final String ALS10 = "ALS (numBlocks 10)";
  static final String ALS2 = "ALS (numBlocks 2)";
  static final String FM = "FMRegressor (adamW)";
  static final String BIAS = "bias baseline";
  static final List<String> SYSTEMS = List.of(OURS, OURS_FAST, ALS2, ALS10, FM, BIAS);
  /** Ours' rows: they carry time-to-target. */
  static boolean ours(String system) {
    return system.equals(OURS) || system.equals(OURS_FAST);
  }

  final Map<String, Object> meta = new LinkedHashMap<>();
  final List<DatasetResult> datasets = new ArrayList<>();

  /** One data set (one or more folds). */
  static final class DatasetResult {
    final String name;
    final List<String> folds = new ArrayList<>();
    /** Per fold: ALS's best test RMSE over the grid (the time-to-target target). */
    final Map<String, Double> targets = new LinkedHashMap<>();
    /** How our hyperparameters were chosen. */
    final Map<String, Object> selection = new LinkedHashMap<>();
    /** system → fold → result. */
    final Map<String, Map<String, FoldResult>> systems = new LinkedHashMap<>();
    /** Per fold: every grid point tried (system, config, test RMSE, seconds). */
    final Map<String, List<Map<String, Object>>> grids = new LinkedHashMap<>();

    DatasetResult(String name) {
      this.name = name;
      for (String s : SYSTEMS) systems.put(s, new LinkedHashMap<>());
    }

    FoldResult fold(String system, String fold) {
      return systems.get(system).computeIfAbsent(fold, f -> new FoldResult(system));
    }
  }

  /** One system on one fold. */
  static final class FoldResult {
    final String system;
    String config = "";
    double rmse = Double.NaN;
    /** RMSE over the test rows whose user and item are both known (no cold start). */
    double rmseWarm = Double.NaN;
    /** The machine's 1-minute load average after each timed fit (contention from other processes). */
    final List<Double> loadAverage = new ArrayList<>();
    /** Fit seconds of every repeat (ours: training time, evaluation excluded). */
    final List<Double> fitSeconds = new ArrayList<>();
    /** Ours only: fit seconds with the per-epoch evaluations included. */
    final List<Double> fitSecondsRaw = new ArrayList<>();
    /** Ours only: time-to-target of every repeat, evaluation excluded (NaN: not reached). */
    final List<Double> timeToTarget = new ArrayList<>();
    final List<Double> timeToTargetRaw = new ArrayList<>();
    long epochToTarget = -1;
    /** Anything else worth keeping (ours: learning curve, per-round timings). */
    final Map<String, Object> extra = new LinkedHashMap<>();

    FoldResult(String system) {
      this.system = system;
    }

    double medianFit() {
      return Stats.median(fitSeconds);
    }

    /** Median time-to-target; NaN unless every repeat reached the target. */
    double medianTimeToTarget() {
      if (timeToTarget.isEmpty() || timeToTarget.stream().anyMatch(x -> x.isNaN())) return Double.NaN;
      return Stats.median(timeToTarget);
    }
  }
}
