package io.sparkmomentum.bench;

import io.sparkmomentum.cli.Main;
import io.sparkmomentum.io.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Issue 15's zero-config benchmark ({@code jobs/bench.sh --zero-config}): does a run with only {@code data.train},
 * {@code data.test} and {@code data.format} beat Spark ALS and the damped bias baseline, without diverging, in at
 * most 3× the fit time of ALS's single best configuration?
 *
 * <p>Per data set, in one {@code local[2]} session: Spark ALS, best of a grid chosen <em>on the test set</em> (a
 * favour to the baseline: rank {10, 32, 64} × regParam {0.01, 0.05, 0.1, 0.2}, 10 iterations, 2 blocks); the damped
 * bias baseline, its λ also chosen on test ({@link BiasBaseline#bestOnTest}); and ours exactly as a user runs it:
 * {@code Main.run("train", "--output", FRESH_DIR, "--set", "data.train=..", "--set", "data.test=..", "--set",
 * "data.format=tsv")}, no other key, its test RMSE read from the run's {@code summary.json}. Then the timed fits
 * alternate over the repeats (ALS's best config, the bias baseline, ours), and the medians are reported. Our wall
 * time is the whole command: reading and indexing the files, the self-tuning's search on its validation slice, and
 * the final fit; ALS's is {@code ALS.fit} on a cached DataFrame.
 *
 * <p>Data sets: ML-100K u1, ml-latest-small split-42, and generated sets ({@link ScaleBench#generated}:
 * {@code generate}'s realistic Zipf-like defaults, 50 ratings per user, 250 per item) of 1k and 100k ratings, the
 * 100k set also mapped linearly onto the scales 0–10 ({@code 2.5·(r − 1)}) and 1–100 ({@code 1 + 24.75·(r − 1)}),
 * and (optional, {@code --datasets ...,synth-5M}) 5M.
 *
 * <pre>
 *   Benchmark --zero-config [--datasets ml-100k,ml-latest-small,synth-1k,synth-100k,synth-100k-0-10,...]
 *                           [--repeats 1] [--out target/bench] [--data ../shared/data] [--data-dir DIR]
 * </pre>
 */
final class ZeroConfigBench {
  private ZeroConfigBench() {}

  static final double MARGIN = -0.01;
  static final double TIME_RATIO = 3.0;
  static final List<String> DEFAULT_SETS = List.of("ml-100k", "ml-latest-small", "synth-1k", "synth-100k",
      "synth-100k-0-10", "synth-100k-1-100");

  /** One data set: its training and test TSV files, and whether the issue sets an accuracy target on it. */
  record DataSet(String name, Path train, Path test, boolean accuracyTarget) {
    List<String> overrides() {
      return List.of("data.train=" + train, "data.test=" + test, "data.format=tsv");
    }
  }

  /** What runs: repeats of the alternating fits, the ALS grid, where our run directories go. */
  record Settings(int repeats, List<AlsSystem.Params> alsGrid, Path runsDir) {}

  /** rank {10, 32, 64} × regParam {0.01, 0.05, 0.1, 0.2}, 10 iterations. */
  static List<AlsSystem.Params> alsGrid() {
    return AlsSystem.grid(new int[] {10, 32, 64}, new double[] {0.01, 0.05, 0.1, 0.2}, new int[] {10});
  }

  static int run(List<String> a) throws IOException {
    int repeats = Integer.parseInt(Benchmark.value(a, "--repeats", "1"));
    Path out = Path.of(Benchmark.value(a, "--out", "target/bench"));
    Path shared = Path.of(Benchmark.value(a, "--data", "../shared/data"));
    Path dataDir = Path.of(Benchmark.value(a, "--data-dir",
        Path.of(System.getProperty("java.io.tmpdir"), "spark-momentum-zero-config").toString()));
    List<String> names = Benchmark.list(Benchmark.value(a, "--datasets", String.join(",", DEFAULT_SETS)));
    if (!a.isEmpty()) throw new IllegalArgumentException("unknown arguments " + a + "\n" + Benchmark.usage());
    if (repeats < 1) throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);

    List<DataSet> data = new ArrayList<>();
    for (String n : names) {
      DataSet d = dataSet(n, shared, dataDir);
      if (d != null) data.add(d);
    }
    if (data.isEmpty()) throw new IllegalArgumentException("--datasets selects nothing that exists");
    Settings settings = new Settings(repeats, alsGrid(), out.resolve("zero-config-runs").toAbsolutePath());
    SparkSession spark = BenchSpark.start(out.resolve("checkpoints").toAbsolutePath().toString());
    try {
      write(run(spark, settings, data, System.err, partial -> writeFiles(partial, out)), out, System.out);
    } finally {
      spark.stop();
    }
    return 0;
  }

  /**
   * The data set named {@code name} ({@code ml-100k}, {@code ml-latest-small}, {@code synth-N} with N like
   * {@code 1k}, {@code 100k}, {@code 5M}, optionally followed by {@code -0-10} or {@code -1-100}); null (with a
   * message) when MovieLens is absent.
   */
  static DataSet dataSet(String name, Path shared, Path dataDir) {
    switch (name) {
      case "ml-100k" -> {
        return existing(name, shared.resolve("ml-100k/u1.base"), shared.resolve("ml-100k/u1.test"));
      }
      case "ml-latest-small" -> {
        return existing(name, shared.resolve("ml-latest-small/split-42/train.tsv"),
            shared.resolve("ml-latest-small/split-42/test.tsv"));
      }
      default -> {
        var m = java.util.regex.Pattern.compile("synth-(\\d+)([kM]?)(-0-10|-1-100)?").matcher(name);
        if (!m.matches()) {
          throw new IllegalArgumentException("unknown data set " + name + " (ml-100k, ml-latest-small, synth-N[k|M], "
              + "synth-N[k|M]-0-10, synth-N[k|M]-1-100)");
        }
        long n = Long.parseLong(m.group(1)) * switch (m.group(2)) {
          case "k" -> 1_000L;
          case "M" -> 1_000_000L;
          default -> 1L;
        };
        ScaleBench.DataSet g = ScaleBench.generated(dataDir, n, name);
        DataSet base = new DataSet(name, g.train(), g.test(), false);
        if (m.group(3) == null) return base;
        DoubleUnaryOperator map = m.group(3).equals("-0-10") ? r -> 2.5 * (r - 1) : r -> 1 + 24.75 * (r - 1);
        Path d = dataDir.resolve("synth-zipf-" + n + m.group(3));
        mapLabels(base.train(), d.resolve("train.tsv"), map);
        mapLabels(base.test(), d.resolve("test.tsv"), map);
        return new DataSet(name, d.resolve("train.tsv"), d.resolve("test.tsv"), false);
      }
    }
  }

  private static DataSet existing(String name, Path train, Path test) {
    if (Files.exists(train) && Files.exists(test)) return new DataSet(name, train, test, true);
    System.err.println("skipping " + name + ": " + train + " or " + test + " not found (MovieLens is not in the "
        + "repository: point --data at the shared data, see jobs/BENCH.md)");
    return null;
  }

  /** Writes {@code from}'s {@code user item rating [ts]} lines to {@code to} with the rating mapped; made once. */
  static void mapLabels(Path from, Path to, DoubleUnaryOperator map) {
    if (Files.exists(to)) return;
    try {
      Files.createDirectories(to.getParent());
      Path tmp = to.resolveSibling("." + to.getFileName() + ".tmp");
      try (BufferedReader in = Files.newBufferedReader(from, StandardCharsets.UTF_8);
          BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.isBlank()) continue;
          String[] f = line.split("\t");
          f[2] = Double.toString(map.applyAsDouble(Double.parseDouble(f[2])));
          w.write(String.join("\t", f));
          w.newLine();
        }
      }
      Files.move(tmp, to, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("mapping the ratings of " + from + " into " + to + ": " + e.getMessage(), e);
    }
  }

  /** Runs every data set; {@code afterEach} gets the result so far after each data set. */
  static Map<String, Object> run(SparkSession spark, Settings s, List<DataSet> data, PrintStream log,
      Consumer<Map<String, Object>> afterEach) {
    List<Object> results = new ArrayList<>();
    long t0 = System.nanoTime();
    Map<String, Object> m = null;
    for (DataSet d : data) {
      results.add(runOne(spark, s, d, log));
      m = new LinkedHashMap<>();
      m.put("master", spark.sparkContext().master());
      m.put("cores", Runtime.getRuntime().availableProcessors());
      m.put("repeats", s.repeats());
      m.put("als_grid", s.alsGrid().stream().map(AlsSystem.Params::describe).toList());
      m.put("load_average_end", BenchSplit.loadAverage());
      m.put("seconds_total", (System.nanoTime() - t0) / 1e9);
      m.put("datasets", List.copyOf(results));
      afterEach.accept(m);
    }
    return m;
  }

  /** One zero-config run of ours: the exit code, the wall seconds, the run's summary. */
  record OursRun(int exitCode, double seconds, Map<String, Object> summary) {}

  /** {@code train} with only the data keys, in this JVM and session, into the fresh directory {@code runDir}. */
  static OursRun ours(DataSet d, Path runDir, PrintStream log) {
    List<String> args = new ArrayList<>(List.of("train", "--output", runDir.toString()));
    for (String o : d.overrides()) args.addAll(List.of("--set", o));
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    Map<String, Object> summary;
    long t0 = System.nanoTime();
    int code;
    try {
      Files.createDirectories(runDir.getParent());
      try (PrintStream runLog = new PrintStream(Files.newOutputStream(runDir.resolveSibling(runDir.getFileName()
          + ".log")), true, StandardCharsets.UTF_8)) {
        System.setOut(runLog); // the summary line and the progress go to DIR.log, not into the benchmark's table
        System.setErr(runLog);
        code = Main.run(args.toArray(String[]::new));
      } finally {
        System.setOut(stdout);
        System.setErr(stderr);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Path sj = runDir.resolve("summary.json");
      summary = Files.exists(sj) ? Json.readMap(Files.readString(sj)) : Map.of();
      log.printf(Locale.ROOT, "  [ours] %s: exit %d, %.1f s, test RMSE %s%n", runDir, code, seconds,
          summary.get("test_rmse"));
      return new OursRun(code, seconds, summary);
    } catch (IOException e) {
      throw new UncheckedIOException("zero-config run into " + runDir + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> runOne(SparkSession spark, Settings s, DataSet d, PrintStream log) {
    BenchSplit split = BenchSplit.load(d.name(), "test", null, d.overrides());
    long n = split.train().size;
    log.printf(Locale.ROOT, "%s: %,d train, %,d test, %,d users, %,d items, ratings %s..%s%n", d.name(), n,
        split.test().size, split.numUsers(), split.numItems(), split.train().min(), split.train().max());
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
    AlsSystem.Params alsP = bestAls.params();

    List<Double> alsSec = new ArrayList<>();
    List<Double> biasSec = new ArrayList<>();
    List<OursRun> runs = new ArrayList<>();
    double[] biasRmse = new double[1];
    int[] rep = new int[1];
    List<Runnable> order = List.of(
        () -> alsSec.add(AlsSystem.fit(spark, split, alsTrain, alsP, 2).seconds()),
        () -> {
          long b0 = System.nanoTime();
          BiasBaseline m = BiasBaseline.fit(split.train(), split.numUsers(), split.numItems(), bias.lambda());
          biasSec.add((System.nanoTime() - b0) / 1e9);
          biasRmse[0] = split.rmse(m.predict(split.test()));
        },
        () -> runs.add(ours(d, s.runsDir().resolve(d.name() + "-" + rep[0]), log)));
    for (rep[0] = 0; rep[0] < s.repeats(); rep[0]++) {
      for (int k = 0; k < order.size(); k++) order.get((rep[0] + k) % order.size()).run();
    }
    alsTrain.unpersist();

    OursRun last = runs.get(runs.size() - 1);
    Map<String, Object> sum = last.summary();
    boolean diverged = runs.stream().anyMatch(r -> r.exitCode() == Main.EXIT_DIVERGED
        || !"ok".equals(r.summary().get("status")));
    Map<String, Object> tuning = (Map<String, Object>) sum.getOrDefault("tuning", Map.of());
    List<Map<String, Object>> cands = (List<Map<String, Object>>) tuning.getOrDefault("candidates", List.of());
    long candDiverged = cands.stream().filter(c -> Boolean.TRUE.equals(c.get("diverged"))).count();
    double oursRmse = sum.get("test_rmse") instanceof Number x ? x.doubleValue() : Double.NaN;
    double alsFit = Stats.median(alsSec);
    double oursSec = Stats.median(runs.stream().map(OursRun::seconds).toList());

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", d.name());
    r.put("train", n);
    r.put("test", split.test().size);
    r.put("users", split.numUsers());
    r.put("items", split.numItems());
    r.put("rating_min", split.train().min());
    r.put("rating_max", split.train().max());
    r.put("accuracy_target", d.accuracyTarget());
    r.put("als_grid", grid);
    r.put("als_best", alsP.describe());
    r.put("als_rmse", bestAls.rmse());
    r.put("als_fit_seconds", alsSec);
    r.put("bias_lambda", bias.lambda());
    r.put("bias_rmse", biasRmse[0]);
    r.put("bias_fit_seconds", biasSec);
    r.put("ours_command", String.join(" ", List.of("train", "--output", "RUN_DIR")) + " --set "
        + String.join(" --set ", d.overrides()));
    r.put("ours_exit_codes", runs.stream().map(OursRun::exitCode).toList());
    r.put("ours_rmse", oursRmse);
    r.put("ours_seconds", runs.stream().map(OursRun::seconds).toList());
    r.put("ours_tuning_seconds", tuning.get("seconds"));
    r.put("ours_chosen", tuning.get("chosen"));
    r.put("ours_chosen_settings", tuning.get("chosen_settings"));
    r.put("ours_candidates", cands.size());
    r.put("ours_candidates_diverged", candDiverged);
    r.put("ours_budget_exhausted", tuning.get("budget_exhausted"));
    r.put("diverged", diverged);
    r.put("margin_als", oursRmse - bestAls.rmse());
    r.put("margin_bias", oursRmse - biasRmse[0]);
    r.put("time_ratio", oursSec / alsFit);
    r.put("load_average", BenchSplit.loadAverage());
    log.printf(Locale.ROOT, "  %s: ALS %.4f (%.1f s), bias %.4f, ours %.4f (%.1f s, %.2fx), diverged %s%n", d.name(),
        bestAls.rmse(), alsFit, biasRmse[0], oursRmse, oursSec, oursSec / alsFit, diverged ? "yes" : "no");
    return r;
  }

  /** Prints the Markdown to {@code md} and writes {@code zero-config.md} and {@code zero-config.json} into out. */
  static void write(Map<String, Object> result, Path out, PrintStream md) {
    ReportFiles.write(result, markdown(result), out, "zero-config", md);
  }

  static void writeFiles(Map<String, Object> result, Path out) {
    ReportFiles.writeFiles(result, markdown(result), out, "zero-config");
  }

  static final String HEAD = "| data | train | ALS best of grid (on test) | ALS RMSE | bias RMSE | ours RMSE "
      + "| ours − ALS | ours − bias | ours wall s | ALS best fit s | × ALS fit | diverged | accuracy target "
      + "| time target |";

  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> result) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "## Zero-config (%s, %d repeats; medians; load average at the end %.1f)%n%n", result.get("master"),
        ((Number) result.get("repeats")).intValue(), ((Number) result.get("load_average_end")).doubleValue()));
    b.append(HEAD).append('\n').append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
    for (Object o : (List<Object>) result.get("datasets")) {
      Map<String, Object> r = (Map<String, Object>) o;
      double mAls = num(r, "margin_als");
      double mBias = num(r, "margin_bias");
      double ratio = num(r, "time_ratio");
      boolean diverged = Boolean.TRUE.equals(r.get("diverged"));
      String acc = Boolean.TRUE.equals(r.get("accuracy_target"))
          ? (mAls <= MARGIN && mBias <= MARGIN ? "met" : "not met")
          : "(none; beats both: " + (mAls < 0 && mBias < 0 ? "yes" : "no") + ")";
      b.append(String.format(Locale.ROOT,
          "| %s | %,d | %s | %.4f | %.4f | %.4f | %+.4f | %+.4f | %.1f | %.1f | %.2f | %s | %s | %s |%n",
          r.get("name"), ((Number) r.get("train")).longValue(), r.get("als_best"), num(r, "als_rmse"),
          num(r, "bias_rmse"), num(r, "ours_rmse"), mAls, mBias,
          Stats.median((List<Number>) r.get("ours_seconds")), Stats.median((List<Number>) r.get("als_fit_seconds")),
          ratio, diverged ? "yes" : "no (" + r.get("ours_candidates_diverged") + " of " + r.get("ours_candidates")
              + " candidates)", acc, Double.isNaN(num(r, "ours_rmse")) ? "— (no model)"
              : ratio <= TIME_RATIO ? "met" : "not met"));
    }
    b.append("\nOurs: `train --output RUN_DIR --set data.train=… --set data.test=… --set data.format=tsv`, nothing "
        + "else; wall time of the whole command (reading, self-tuning on the validation slice, refit). ALS: best of "
        + ((List<Object>) result.get("als_grid")).size() + " configs (`als_grid` in the JSON) by test RMSE; its fit "
        + "time is the best config's `ALS.fit` on a cached DataFrame. Bias: damped μ + b_u + b_i, λ chosen on test. "
        + "Targets: ours − ALS ≤ −0.01 and ours − bias ≤ −0.01 (ML-100K, ml-latest-small); no divergence; wall ≤ 3× "
        + "ALS's best-config fit.\n");
    return b.toString();
  }

  private static double num(Map<String, Object> m, String k) {
    return m.get(k) instanceof Number x ? x.doubleValue() : Double.NaN;
  }
}
