package io.sparkmomentum.bench;

import io.sparkmomentum.data.Splits;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The accuracy/time benchmark: for every data set and fold, the baselines' grids (selected on the test fold: their
 * best case), our trainer's configuration (selected on a validation slice of the first fold's TRAINING data, never on
 * a test fold), then {@code repeats} timed fits of every system, alternating, in one SparkSession.
 */
final class Suite {
  /** Seed of the validation slice held out of the training data for our hyperparameter search. */
  static final long VALIDATION_SEED = 7;
  static final double VALIDATION_FRACTION = 0.1;
  /**
   * The "fast" row: the candidate whose VALIDATION curve (evaluated at every epoch end) first comes within this of
   * the best final validation RMSE in the fewest training seconds. A rule applied on validation, like the main
   * selection; it stands for time-to-target, which asks how soon a run gets close to the best, not how good it ends.
   */
  static final double FAST_MARGIN = 0.005;

  /** A data set: its folds (name, train path, test path), our base config and the data overrides it needs. */
  record DatasetSpec(String name, File baseConf, List<String[]> folds, List<String> dataOverrides) {}

  /** What to run. */
  record Settings(String mode, int repeats, List<AlsSystem.Params> alsGrid, List<FmSystem.Params> fmGrid,
      List<OursSystem.Candidate> candidates, boolean gridsEveryFold) {}

  private final SparkSession spark;
  private final JavaSparkContext sc;
  private final Settings settings;
  private final PrintStream log;

  Suite(SparkSession spark, Settings settings, PrintStream log) {
    this.spark = spark;
    this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.settings = settings;
    this.log = log;
  }

  Results run(List<DatasetSpec> specs) {
    long t0 = System.nanoTime();
    Results res = new Results();
    res.meta.put("mode", settings.mode());
    res.meta.put("repeats", settings.repeats());
    res.meta.put("master", sc.master());
    res.meta.put("default_parallelism", sc.defaultParallelism());
    res.meta.put("spark_version", sc.version());
    res.meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    res.meta.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1 << 20));
    res.meta.put("available_processors", Runtime.getRuntime().availableProcessors());
    res.meta.put("started", java.time.Instant.now().toString());
    res.meta.put("rmse", "over ALL test rows; predictions clamped to the training rating range for every system; "
        + "cold start: unknown user/item -> mu + known bias (ours, bias baseline), ALS NaN -> mu, FM: absent one-hot "
        + "columns");
    res.meta.put("baseline_selection", "ALS, FM and bias-baseline hyperparameters are chosen on the TEST fold "
        + "(their best case); ours on a validation slice of the training data");
    res.meta.put("grids", settings.gridsEveryFold() ? "full ALS and FM grids on every fold"
        : "full ALS and FM grids on the first fold of each data set; on the other folds ALS tries every regParam at "
            + "the first fold's best rank and maxIter, FM uses the first fold's best point");
    res.meta.put("timing", "fit wall time only (data read, cached and distributed before); median of repeats; "
        + "systems alternate within each repeat; ours: evaluation time subtracted");
    for (DatasetSpec spec : specs) res.datasets.add(runDataset(spec));
    res.meta.put("seconds_total", (System.nanoTime() - t0) / 1e9);
    return res;
  }

  private Results.DatasetResult runDataset(DatasetSpec spec) {
    Results.DatasetResult dr = new Results.DatasetResult(spec.name());
    firstAls = null;
    firstFm = null;
    List<BenchSplit> splits = new ArrayList<>();
    for (String[] f : spec.folds()) {
      List<String> o = new ArrayList<>(spec.dataOverrides());
      o.add("data.train=" + f[1]);
      o.add("data.test=" + f[2]);
      splits.add(BenchSplit.load(spec.name(), f[0], spec.baseConf(), o));
      dr.folds.add(f[0]);
    }
    OursSystem.Candidate[] chosen = select(splits.get(0), dr);
    for (int k = 0; k < splits.size(); k++) {
      runFold(splits.get(k), chosen[0], chosen[1], dr, k == 0 || settings.gridsEveryFold());
    }
    return dr;
  }

  /**
   * Our configuration, chosen on a validation slice of {@code split}'s training data (never its test set): the best
   * validation RMSE, and the "fast" one ({@link #FAST_MARGIN}; null when it is the best itself).
   */
  private OursSystem.Candidate[] select(BenchSplit split, Results.DatasetResult dr) {
    Splits.Split s = Splits.random(split.train(), VALIDATION_FRACTION, VALIDATION_SEED);
    dr.selection.put("on", VALIDATION_FRACTION * 100 + "% of " + split.fold() + " training ratings held out "
        + "(Splits.random, seed " + VALIDATION_SEED + "): " + s.train().size + " train / " + s.test().size
        + " validation");
    dr.selection.put("base_config", split.conf().getPath());
    List<Map<String, Object>> tried = new ArrayList<>();
    OursSystem.Candidate best = null;
    double bestRmse = Double.POSITIVE_INFINITY;
    List<List<OursSystem.EpochPoint>> curves = new ArrayList<>();
    for (OursSystem.Candidate c : settings.candidates()) {
      var cfg = OursSystem.config(split.conf(), split.dataOverrides(), c, s.train().size, 1);
      long b = cfg.trainer().batchSize();
      long rounds = cfg.trainer().epochs() * (b <= 0 || b >= s.train().size ? 1 : (s.train().size + b - 1) / b);
      OursSystem.Fit f = OursSystem.fit(sc, cfg, s.train(), s.test(), split.numUsers(), split.numItems(), Double.NaN);
      log.printf("  [select %s] %-44s validation RMSE %.4f  (%.1f s)%n", split.dataset(), c.name(), f.rmse(),
          f.wallSeconds());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("overrides", c.overrides());
      m.put("validation_rmse", f.rmse());
      m.put("seconds", f.trainSeconds());
      m.put("stop_reason", f.stopReason());
      m.put("rounds", rounds);
      tried.add(m);
      curves.add(f.curve());
      if (f.rmse() < bestRmse) {
        bestRmse = f.rmse();
        best = c;
      }
    }
    if (best == null) throw new IllegalStateException("no candidate configuration");
    OursSystem.Candidate fast = null;
    double fastSeconds = Double.POSITIVE_INFINITY;
    for (int k = 0; k < curves.size(); k++) {
      double near = Double.NaN;
      for (OursSystem.EpochPoint e : curves.get(k)) {
        if (e.rmse() <= bestRmse + FAST_MARGIN) {
          near = e.trainSeconds();
          break;
        }
      }
      tried.get(k).put("seconds_to_within_margin", Double.isNaN(near) ? null : near);
      if (near < fastSeconds) {
        fastSeconds = near;
        fast = settings.candidates().get(k);
      }
    }
    if (fast == best) fast = null;
    dr.selection.put("candidates", tried);
    dr.selection.put("chosen", best.name());
    dr.selection.put("chosen_overrides", best.overrides());
    dr.selection.put("chosen_validation_rmse", bestRmse);
    dr.selection.put("fast_rule", "fewest training seconds until the validation curve (every epoch) is within "
        + FAST_MARGIN + " of the best final validation RMSE");
    dr.selection.put("fast", fast == null ? null : fast.name());
    log.printf("  [select %s] chosen: %s %s; fast: %s%n", split.dataset(), best.name(), best.overrides(),
        fast == null ? "(same)" : fast.name());
    return new OursSystem.Candidate[] {best, fast};
  }

  /** The first fold's best ALS and FM parameters, which narrow the grids of the other folds. */
  private AlsSystem.Params firstAls;
  private boolean als10Warm;
  private FmSystem.Params firstFm;

  /**
   * The ALS grid of a fold: the full grid on the first fold (or every fold with {@code gridsEveryFold}); on the
   * other folds every regParam of the grid at the first fold's best rank and maxIter.
   */
  private List<AlsSystem.Params> alsGrid(boolean full) {
    if (full || firstAls == null) return settings.alsGrid();
    return settings.alsGrid().stream()
        .filter(p -> p.rank() == firstAls.rank() && p.maxIter() == firstAls.maxIter()).toList();
  }

  /** The FM grid of a fold: the full grid on the first fold, else the first fold's best point. */
  private List<FmSystem.Params> fmGrid(boolean full) {
    if (full || firstFm == null) return settings.fmGrid();
    return List.of(firstFm);
  }

  private void runFold(BenchSplit split, OursSystem.Candidate chosen, OursSystem.Candidate fast,
      Results.DatasetResult dr, boolean fullGrids) {
    String fold = split.fold();
    log.printf("%s: %d train, %d test (%d cold), %d users, %d items%n", split.label(), split.train().size,
        split.test().size, split.test().countUnknown(), split.numUsers(), split.numItems());
    List<Map<String, Object>> grid = new ArrayList<>();
    dr.grids.put(fold, grid);

    // Bias baseline: λ on the test fold.
    BiasBaseline.Choice biasChoice = BiasBaseline.bestOnTest(split);
    for (int j = 0; j < BiasBaseline.LAMBDAS.length; j++) {
      grid.add(point(Results.BIAS, "lambda " + BiasBaseline.LAMBDAS[j], biasChoice.rmses()[j], Double.NaN));
    }
    double bestBias = biasChoice.rmse();
    double bestLambda = biasChoice.lambda();
    Results.FoldResult bias = dr.fold(Results.BIAS, fold);
    bias.config = "lambda " + bestLambda;
    bias.rmse = bestBias;
    bias.rmseWarm = split.rmse(BiasBaseline.fit(split.train(), split.numUsers(), split.numItems(), bestLambda)
        .predict(split.test()), true);

    // ALS grid (numBlocks 2), chosen on the test fold.
    Dataset<Row> alsTrain = SparkFrames.ratings(spark, split.train());
    AlsSystem.Fit bestAls = null;
    for (AlsSystem.Params p : alsGrid(fullGrids)) {
      AlsSystem.Fit f = AlsSystem.fit(spark, split, alsTrain, p, 2);
      grid.add(point("ALS", p.describe(), f.rmse(), f.seconds()));
      log.printf("  [ALS grid %s] %-40s RMSE %.4f  %.1f s%n", fold, p.describe(), f.rmse(), f.seconds());
      if (bestAls == null || f.rmse() < bestAls.rmse()) bestAls = f;
    }
    if (fullGrids) firstAls = bestAls.params();
    double target = bestAls.rmse();
    dr.targets.put(fold, target);

    // FM grid, chosen on the test fold.
    Dataset<Row> fmTrain = SparkFrames.oneHot(spark, split.train(), split.numUsers(), split.numItems());
    FmSystem.Fit bestFm = null;
    for (FmSystem.Params p : fmGrid(fullGrids)) {
      FmSystem.Fit f = FmSystem.fit(spark, split, fmTrain, p);
      grid.add(point("FM", p.describe(), f.rmse(), f.seconds()));
      log.printf("  [FM grid %s] %-60s RMSE %.4f  %.1f s%n", fold, p.describe(), f.rmse(), f.seconds());
      if (bestFm == null || f.rmse() < bestFm.rmse()) bestFm = f;
    }

    if (fullGrids) firstFm = bestFm.params();
    Results.FoldResult ours = dr.fold(Results.OURS, fold);
    ours.config = chosen.name();
    Results.FoldResult oursFast = fast == null ? null : dr.fold(Results.OURS_FAST, fold);
    if (oursFast != null) oursFast.config = fast.name();
    var oursCfg = OursSystem.config(split.conf(), split.dataOverrides(), chosen, split.train().size, 1);
    var fastCfg = fast == null ? null : OursSystem.config(split.conf(), split.dataOverrides(), fast,
        split.train().size, 1);
    Results.FoldResult als2 = dr.fold(Results.ALS2, fold);
    Results.FoldResult als10 = dr.fold(Results.ALS10, fold);
    Results.FoldResult fm = dr.fold(Results.FM, fold);
    als2.config = als10.config = bestAls.params().describe();
    fm.config = bestFm.params().describe();
    fm.rmse = bestFm.rmse();

    final AlsSystem.Params alsP = bestAls.params();
    final FmSystem.Params fmP = bestFm.params();
    final double lambda = bestLambda;
    List<Runnable> order = new ArrayList<>(List.of(
        () -> {
          AlsSystem.Fit f = AlsSystem.fit(spark, split, alsTrain, alsP, 10);
          record(als10, f.seconds(), f.rmse(), f.rmseWarm());
        },
        () -> {
          AlsSystem.Fit f = AlsSystem.fit(spark, split, alsTrain, alsP, 2);
          record(als2, f.seconds(), f.rmse(), f.rmseWarm());
        },
        () -> {
          FmSystem.Fit f = FmSystem.fit(spark, split, fmTrain, fmP);
          record(fm, f.seconds(), f.rmse(), f.rmseWarm());
        },
        () -> runOurs(ours, oursCfg, split, target),
        () -> {
          long b0 = System.nanoTime();
          BiasBaseline m = BiasBaseline.fit(split.train(), split.numUsers(), split.numItems(), lambda);
          double sec = (System.nanoTime() - b0) / 1e9;
          double[] p = m.predict(split.test());
          record(bias, sec, split.rmse(p), split.rmse(p, true));
        }));
    if (oursFast != null) order.add(4, () -> runOurs(oursFast, fastCfg, split, target));
    if (settings.repeats() > 1 && !als10Warm) {
      // Untimed: the grids run with 2 blocks only, so warm up the 10-block code paths once before timing them.
      AlsSystem.fit(spark, split, alsTrain, alsP, 10);
      als10Warm = true;
    }
    for (int rep = 0; rep < settings.repeats(); rep++) {
      log.printf("  [%s repeat %d/%d]%n", fold, rep + 1, settings.repeats());
      for (int k = 0; k < order.size(); k++) order.get((rep + k) % order.size()).run();
    }
    alsTrain.unpersist();
    fmTrain.unpersist();
  }

  private void record(Results.FoldResult fr, double seconds, double rmse, double rmseWarm) {
    fr.fitSeconds.add(seconds);
    fr.rmse = rmse;
    fr.rmseWarm = rmseWarm;
    fr.loadAverage.add(BenchSplit.loadAverage());
    if (seconds > 0.01) log.printf("    %-22s %7.2f s  RMSE %.4f  (%s)%n", fr.system, seconds, rmse, fr.config);
  }

  private void runOurs(Results.FoldResult fr, io.sparkmomentum.config.RunConfig cfg, BenchSplit split,
      double target) {
    OursSystem.Fit f = OursSystem.fit(sc, cfg, split.train(), split.test(), split.numUsers(), split.numItems(),
        target);
    fr.fitSecondsRaw.add(f.wallSeconds());
    fr.timeToTarget.add(f.timeToTarget());
    fr.timeToTargetRaw.add(f.timeToTargetRaw());
    fr.epochToTarget = f.epochToTarget();
    List<Map<String, Object>> curve = new ArrayList<>();
    for (OursSystem.EpochPoint e : f.curve()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("epoch", e.epoch());
      m.put("train_seconds", e.trainSeconds());
      m.put("test_rmse", e.rmse());
      curve.add(m);
    }
    fr.extra.put("curve", curve);
    fr.extra.put("rounds", f.rounds());
    fr.extra.put("stop_reason", f.stopReason());
    double[] t = f.medianTimingsMs();
    Map<String, Object> rt = new LinkedHashMap<>();
    rt.put("total", f.trainSeconds() * 1000 / Math.max(1, f.rounds()));
    rt.put("broadcast", t[0]);
    rt.put("compute", t[1]);
    rt.put("aggregate", t[2]);
    rt.put("update", t[3]);
    fr.extra.put("median_round_ms", rt);
    record(fr, f.trainSeconds(), split.rmse(f.predictions()), split.rmse(f.predictions(), true));
    log.printf("      (eval %.1f s; target %.4f reached %s)%n", f.evalSeconds(), target,
        Double.isNaN(f.timeToTarget()) ? "never"
            : String.format("at epoch %d, %.2f s", f.epochToTarget(), f.timeToTarget()));
  }

  private static Map<String, Object> point(String system, String config, double rmse, double seconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("system", system);
    m.put("config", config);
    m.put("test_rmse", rmse);
    if (!Double.isNaN(seconds)) m.put("seconds", seconds);
    return m;
  }
}
