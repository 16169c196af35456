package io.sparkmomentum.bench;

import io.sparkmomentum.cli.Main;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.tune.SelfTuning;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Issue 16's scale benchmark ({@code jobs/bench.sh --scale}): on realistic generated sets (Zipf-like users and items,
 * {@code generate}'s defaults) of several sizes and on the ML-1M subset (the anchors' hash split, seed 42, 80/20),
 * Spark ALS (best of a grid on test, 2 blocks), the damped bias baseline (best λ on test) and our trainer with the
 * self-tuning's row-scaled full-batch settings ({@link SelfTuning#fixedSettings}, lr 1, cosine over the epochs),
 * alternating in one {@code local[2]} session. Our test RMSE is evaluated every epoch, so the table gives our
 * training time (evaluation excluded) to ALS's best test RMSE.
 *
 * <pre>
 *   Benchmark --scale [--sizes 5000000,20000000] [--repeats 1] [--data-dir DIR] [--data ../shared/data]
 *                     [--epochs 100] [--out target/bench] [--datasets ml-1m-subset,5M] [--set key=value]...
 * </pre>
 */
final class ScaleBench {
  private ScaleBench() {}

  static final File CONF = new File("conf/movielens-100k.conf");
  static final String ML1M = "ml-1m-subset";

  /** One data set: a training and a test TSV file. */
  record DataSet(String name, Path train, Path test) {
    List<String> overrides() {
      return List.of("data.train=" + train, "data.test=" + test, "data.format=tsv", "data.min_rating=1",
          "data.max_rating=5");
    }
  }

  /** What runs: repeats of the alternating fits, the ALS grid, our epochs and overrides. */
  record Settings(int repeats, List<AlsSystem.Params> alsGrid, int epochs, List<String> oursOverrides) {
    /** Our candidate: the self-tuning's fixed settings, lr 1, cosine to 0 over the epochs, rank 32, λ 0.1. */
    OursSystem.Candidate ours() {
      List<String> o = new ArrayList<>();
      SelfTuning.fixedSettings(epochs).forEach((k, v) -> o.add(k + "=" + v));
      o.addAll(List.of("optimizer.lr=1.0", "optimizer.schedule.type=cosine", "optimizer.schedule.eta_min=0.0",
          "trainer.partitions=2", "model.rank=32", "model.lambda=0.1"));
      o.addAll(oursOverrides);
      return new OursSystem.Candidate("row-scaled full batch, rank 32, lambda 0.1, " + epochs + " epochs", o);
    }
  }

  /** The brief's grid: rank {16, 32} × regParam {0.05, 0.1}, 10 iterations. */
  static List<AlsSystem.Params> alsGrid() {
    return AlsSystem.grid(new int[] {16, 32}, new double[] {0.05, 0.1}, new int[] {10});
  }

  static int run(List<String> a) throws IOException {
    List<Long> sizes = Benchmark.list(Benchmark.value(a, "--sizes", "5000000,20000000")).stream()
        .map(Long::parseLong).toList();
    int repeats = Integer.parseInt(Benchmark.value(a, "--repeats", "1"));
    Path dataDir = Path.of(Benchmark.value(a, "--data-dir",
        Path.of(System.getProperty("java.io.tmpdir"), "spark-momentum-scale").toString()));
    Path shared = Path.of(Benchmark.value(a, "--data", "../shared/data"));
    Path out = Path.of(Benchmark.value(a, "--out", "target/bench"));
    int epochs = Integer.parseInt(Benchmark.value(a, "--epochs", "100"));
    List<String> only = Benchmark.list(Benchmark.value(a, "--datasets", ""));
    List<String> sets = Benchmark.values(a, "--set");
    if (!a.isEmpty()) throw new IllegalArgumentException("unknown arguments " + a + "\n" + Benchmark.usage());
    if (repeats < 1) throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
    if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);

    List<DataSet> data = new ArrayList<>();
    Path ml1m = shared.resolve("ml-1m-cs100-subset/ratings.dat.gz");
    if (only.isEmpty() || only.contains(ML1M)) {
      if (Files.exists(ml1m)) {
        Path d = dataDir.resolve("ml-1m-subset-split-42");
        RankingBench.hashSplit(ml1m, d, 42, 0.2);
        data.add(new DataSet(ML1M, d.resolve("train.tsv"), d.resolve("test.tsv")));
      } else {
        System.err.println("skipping " + ML1M + ": " + ml1m + " not found (point --data at the shared data)");
      }
    }
    for (long n : sizes) {
      String label = label(n);
      if (!only.isEmpty() && !only.contains(label)) continue;
      data.add(generated(dataDir, n, label));
    }
    if (data.isEmpty()) throw new IllegalArgumentException("--sizes/--datasets select nothing");

    Settings settings = new Settings(repeats, alsGrid(), epochs, sets);
    SparkSession spark = BenchSpark.start(out.resolve("checkpoints").toAbsolutePath().toString());
    try {
      write(run(spark, settings, data, System.err, partial -> writeFiles(partial, out)), out, System.out);
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** {@code 5000000} → {@code 5M}; other counts as they are. */
  static String label(long n) {
    return n % 1_000_000 == 0 ? n / 1_000_000 + "M" : Long.toString(n);
  }

  /**
   * {@code DIR/synth-zipf-N}: {@code generate}'s defaults (Zipf-like, rank 5) with 50 ratings per user and 250 per
   * item on average (5M: 100,000 users × 20,000 items), test fraction 0.1, seed 1; made once.
   */
  static DataSet generated(Path dataDir, long n, String label) {
    Path d = dataDir.resolve("synth-zipf-" + n);
    if (!Files.exists(d.resolve("test.tsv"))) {
      long users = Math.max(100, n / 50);
      long items = Math.max(50, n / 250);
      System.err.printf(Locale.ROOT, "generating %s: %,d ratings, %,d users x %,d items into %s%n", label, n, users,
          items, d);
      int code = Main.run("generate", "--users", Long.toString(users), "--items", Long.toString(items), "--ratings",
          Long.toString(n), "--test-fraction", "0.1", "--seed", "1", "--output", d.toString(), "--overwrite");
      if (code != 0) throw new IllegalStateException("generate " + label + " into " + d + " failed (exit " + code + ")");
    }
    return new DataSet(label, d.resolve("train.tsv"), d.resolve("test.tsv"));
  }

  /**
   * Runs every data set; progress on {@code log}; {@code afterEach} gets the result so far after each data set (the
   * CLI writes it, so a long run that is stopped keeps its finished rows).
   */
  static Map<String, Object> run(SparkSession spark, Settings s, List<DataSet> data, PrintStream log,
      Consumer<Map<String, Object>> afterEach) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Object> results = new ArrayList<>();
    long t0 = System.nanoTime();
    Map<String, Object> m = null;
    for (DataSet d : data) {
      results.add(runOne(spark, sc, s, d, log));
      m = summary(sc, s, results, t0);
      afterEach.accept(m);
    }
    return m;
  }

  private static Map<String, Object> summary(JavaSparkContext sc, Settings s, List<Object> results, long t0) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("master", sc.master());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1 << 20));
    m.put("repeats", s.repeats());
    m.put("ours", s.ours().overrides());
    m.put("load_average_end", BenchSplit.loadAverage());
    m.put("seconds_total", (System.nanoTime() - t0) / 1e9);
    m.put("datasets", List.copyOf(results));
    return m;
  }

  private static Map<String, Object> runOne(SparkSession spark, JavaSparkContext sc, Settings s, DataSet d,
      PrintStream log) {
    BenchSplit split = BenchSplit.load(d.name(), "test", CONF, d.overrides());
    long n = split.train().size;
    log.printf(Locale.ROOT, "%s: %,d train, %,d test, %,d users, %,d items%n", d.name(), n, split.test().size,
        split.numUsers(), split.numItems());
    BiasBaseline.Choice bias = BiasBaseline.bestOnTest(split);

    Dataset<Row> alsTrain = SparkFrames.ratings(spark, split.train());
    List<Map<String, Object>> grid = new ArrayList<>();
    AlsSystem.Fit bestAls = null;
    for (AlsSystem.Params p : s.alsGrid()) {
      AlsSystem.Fit f = AlsSystem.fit(spark, split, alsTrain, p, 2);
      log.printf(Locale.ROOT, "  [ALS grid] %-36s RMSE %.4f  %.1f s%n", p.describe(), f.rmse(), f.seconds());
      grid.add(Map.of("config", p.describe(), "rmse", f.rmse(), "seconds", f.seconds()));
      if (bestAls == null || f.rmse() < bestAls.rmse()) bestAls = f;
    }
    double target = bestAls.rmse();
    AlsSystem.Params alsP = bestAls.params();
    RunConfig ours = OursSystem.config(CONF, d.overrides(), s.ours(), n, 1);

    List<Double> alsSec = new ArrayList<>();
    List<Double> biasSec = new ArrayList<>();
    List<OursSystem.Fit> oursFits = new ArrayList<>();
    double[] biasRmse = new double[1];
    List<Runnable> order = List.of(
        () -> alsSec.add(AlsSystem.fit(spark, split, alsTrain, alsP, 2).seconds()),
        () -> {
          long b0 = System.nanoTime();
          BiasBaseline m = BiasBaseline.fit(split.train(), split.numUsers(), split.numItems(), bias.lambda());
          biasSec.add((System.nanoTime() - b0) / 1e9);
          biasRmse[0] = split.rmse(m.predict(split.test()));
        },
        () -> oursFits.add(OursSystem.fit(sc, ours, split.train(), split.test(), split.numUsers(), split.numItems(),
            target)));
    for (int rep = 0; rep < s.repeats(); rep++) {
      for (int k = 0; k < order.size(); k++) order.get((rep + k) % order.size()).run();
    }
    alsTrain.unpersist();

    double alsFit = Stats.median(alsSec);
    OursSystem.Fit last = oursFits.get(oursFits.size() - 1);
    List<Double> ttt = oursFits.stream().map(OursSystem.Fit::timeToTarget).toList();
    List<Double> epochSec = new ArrayList<>();
    for (OursSystem.Fit f : oursFits) {
      for (int k = 1; k < f.curve().size(); k++) {
        epochSec.add(f.curve().get(k).trainSeconds() - f.curve().get(k - 1).trainSeconds());
      }
    }
    double computeMs = Stats.median(oursFits.stream().map(f -> f.medianTimingsMs()[1]).toList());
    int partitions = ours.trainer().partitions();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", d.name());
    r.put("train", n);
    r.put("test", split.test().size);
    r.put("users", split.numUsers());
    r.put("items", split.numItems());
    r.put("als_grid", grid);
    r.put("als_best", alsP.describe());
    r.put("als_rmse", target);
    r.put("als_fit_seconds", alsSec);
    r.put("bias_lambda", bias.lambda());
    r.put("bias_rmse", biasRmse[0]);
    r.put("bias_fit_seconds", biasSec);
    r.put("ours_rmse", last.rmse());
    r.put("ours_best_epoch_rmse", Stats.min(last.curve().stream().map(OursSystem.EpochPoint::rmse).toList()));
    r.put("ours_fit_seconds", oursFits.stream().map(OursSystem.Fit::trainSeconds).toList());
    r.put("ours_stop_reason", last.stopReason());
    r.put("ours_time_to_als_seconds", ttt);
    r.put("ours_epoch_to_als", last.epochToTarget());
    r.put("ours_time_to_als_ratio", Stats.median(ttt) / alsFit);
    r.put("ours_epoch_seconds_median", Stats.median(epochSec));
    r.put("ours_compute_ms_median", computeMs);
    r.put("partitions", partitions);
    // compute = the slowest partition's time on its n/partitions ratings, one core each
    r.put("ratings_per_second_per_core", n / (double) partitions / (computeMs / 1000));
    r.put("ours_curve", last.curve().stream().map(p -> List.of(p.epoch(), p.trainSeconds(), p.rmse())).toList());
    r.put("peak_rss_mib", Rss.peakMiB());
    r.put("load_average", BenchSplit.loadAverage());
    log.printf(Locale.ROOT, "  %s: ALS %.4f (%.1f s), bias %.4f, ours %.4f; ours to ALS's RMSE %.1f s (%.2fx)%n",
        d.name(), target, alsFit, biasRmse[0], last.rmse(), Stats.median(ttt), Stats.median(ttt) / alsFit);
    return r;
  }

  /** Prints the Markdown to {@code md} and writes {@code scale.md} and {@code scale.json} into {@code out}. */
  static void write(Map<String, Object> result, Path out, PrintStream md) throws IOException {
    ReportFiles.write(result, markdown(result), out, "scale", md);
  }

  /** Writes {@code scale.md} and {@code scale.json} into {@code out}. */
  static void writeFiles(Map<String, Object> result, Path out) {
    ReportFiles.writeFiles(result, markdown(result), out, "scale");
  }

  static final String HEAD = "| data | train ratings | ALS best (grid on test) | ALS RMSE | ALS fit s | bias RMSE "
      + "| ours RMSE | ours fit s | ours to ALS RMSE s (× ALS fit) | epoch s | compute ms/epoch "
      + "| ratings/s/core | peak RSS MiB |";

  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> result) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "## Scale (%s, %d repeats; medians; load average at the end %.1f)%n%n", result.get("master"),
        ((Number) result.get("repeats")).intValue(), ((Number) result.get("load_average_end")).doubleValue()));
    b.append(HEAD).append('\n').append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Object o : (List<Object>) result.get("datasets")) {
      Map<String, Object> r = (Map<String, Object>) o;
      double ttt = Stats.median((List<Number>) r.get("ours_time_to_als_seconds"));
      b.append(String.format(Locale.ROOT,
          "| %s | %,d | %s | %.4f | %.1f | %.4f | %.4f | %.1f | %s | %.2f | %.0f | %.2fM | %.0f |%n", r.get("name"),
          num(r, "train").longValue(), r.get("als_best"), num(r, "als_rmse").doubleValue(),
          Stats.median((List<Number>) r.get("als_fit_seconds")), num(r, "bias_rmse").doubleValue(),
          num(r, "ours_rmse").doubleValue(), Stats.median((List<Number>) r.get("ours_fit_seconds")),
          Double.isNaN(ttt) ? "not reached" : String.format(Locale.ROOT, "%.1f (%.2fx)", ttt,
              num(r, "ours_time_to_als_ratio").doubleValue()),
          num(r, "ours_epoch_seconds_median").doubleValue(), num(r, "ours_compute_ms_median").doubleValue(),
          num(r, "ratings_per_second_per_core").doubleValue() / 1e6, num(r, "peak_rss_mib").doubleValue()));
    }
    b.append("\nOurs: ").append(result.get("ours")).append(". Fit and time-to-target exclude the per-epoch test "
        + "evaluation. ratings/s/core = train ratings / partitions / compute (the slowest partition). Targets: ours to "
        + "ALS's RMSE ≤ 0.3× ALS's fit; a 20M full-batch epoch ≤ 4 s; ≥ 10M ratings/s per core at rank 32. Peak RSS "
        + "is the JVM's high-water mark so far (one JVM for all rows).\n");
    return b.toString();
  }

  private static Number num(Map<String, Object> m, String k) {
    return m.get(k) instanceof Number x ? x : Double.NaN;
  }
}
