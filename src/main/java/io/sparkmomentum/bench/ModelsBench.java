package io.sparkmomentum.bench;

import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.data.RunData;
import io.sparkmomentum.data.TrainingData;
import io.sparkmomentum.eval.Evaluation;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.model.BlockMetrics;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ModelRegistry;
import io.sparkmomentum.model.ModelSpec;
import io.sparkmomentum.train.RoundResult;
import io.sparkmomentum.train.StopReason;
import io.sparkmomentum.train.Trainer;
import io.sparkmomentum.train.TrainerState;
import io.sparkmomentum.train.TrainingListener;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code jobs/bench.sh --models}: our seed models against their MLlib counterparts, in one JVM and one Spark
 * session, on the same cached rows (MLlib reads our blocks as a DataFrame), alternating ours and theirs from one
 * repeat to the next.
 *
 * <ul>
 *   <li>a9a: our {@code logistic} (and {@code fm}, binary) against LogisticRegression (regParam grid) and
 *       FMClassifier;
 *   <li>Fashion-MNIST: our {@code mlp} 784-128-10 (and {@code softmax}) against MultilayerPerceptronClassifier
 *       [784, 128, 10] and multinomial LogisticRegression;
 *   <li>ML-100K u1..u5: our {@code fm} with side and implicit features against FMRegressor on the same features.
 * </ul>
 *
 * <p>Reported: median test metrics and fit seconds over the repeats; for ours also the time to reach MLlib's best
 * median accuracy (or RMSE), from the test metric evaluated at every epoch end with the evaluation time subtracted,
 * and its ratio to that MLlib configuration's median fit time.
 */
final class ModelsBench {
  private ModelsBench() {}

  /** One of our configurations: a config file plus overrides. */
  record Ours(String name, File conf, List<String> overrides) {}

  /** One data set (or fold): how to load our data, our candidates, the anchors. */
  record Case(String dataset, String fold, File baseConf, List<String> dataOverrides, List<Ours> ours,
      List<ModelAnchors.Anchor> anchors, String metric) {
    boolean higherIsBetter() {
      return !metric.equals("rmse");
    }
  }

  /** One fit's record. */
  record Run(String dataset, String fold, String system, String settings, int repeat, double seconds,
      Map<String, Double> metrics, List<double[]> curve) {}

  static int run(List<String> a) throws Exception {
    boolean quick = a.remove("--quick");
    int repeats = Integer.parseInt(Benchmark.value(a, "--repeats", quick ? "1" : "3"));
    Path out = Path.of(Benchmark.value(a, "--out", "target/bench-models"));
    Path data = Path.of(Benchmark.value(a, "--data", "../shared/data"));
    String sets = Benchmark.value(a, "--datasets", "a9a,fashion-mnist,ml-100k");
    String folds = Benchmark.value(a, "--folds", quick ? "u1" : "u1,u2,u3,u4,u5");
    a.remove("--models");
    if (!a.isEmpty()) throw new IllegalArgumentException("unknown arguments " + a);
    List<Case> cases = cases(data, List.of(sets.split(",")), List.of(folds.split(",")), quick);
    for (Case c : cases) {
      for (String o : c.dataOverrides()) {
        String p = o.substring(o.indexOf('=') + 1);
        if ((o.startsWith("data.train=") || o.startsWith("data.test=")) && !Files.exists(Path.of(p))) {
          System.err.println("error: " + p + " not found (point --data at the folder holding a9a/, fashion-mnist/ "
              + "and ml-100k/, see jobs/BENCH.md)");
          return 2;
        }
      }
    }
    Files.createDirectories(out);
    long t0 = System.nanoTime();
    SparkSession spark = BenchSpark.start(out.resolve("checkpoints").toAbsolutePath().toString());
    List<Run> runs = new ArrayList<>();
    List<Case> done = new ArrayList<>();
    try {
      for (Case c : cases) {
        runs.addAll(runCase(spark, c, repeats));
        done.add(c);
        write(out, done, runs, repeats, t0); // after every case, so that a long run keeps what it measured
      }
    } finally {
      spark.stop();
    }
    System.out.print(write(out, done, runs, repeats, t0));
    System.err.println("wrote " + out.resolve("bench-models.md") + " and bench-models.json");
    return 0;
  }

  private static String write(Path out, List<Case> cases, List<Run> runs, int repeats, long t0) throws IOException {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("repeats", repeats);
    meta.put("master", System.getProperty("spark.master", "local[2]"));
    meta.put("spark_version", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    meta.put("seconds_total", (System.nanoTime() - t0) / 1e9);
    String md = ModelsReport.markdown(cases, runs, meta);
    Files.writeString(out.resolve("bench-models.md"), md, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("bench-models.json"), Json.writePretty(ModelsReport.json(runs, meta)) + "\n",
        StandardCharsets.UTF_8);
    return md;
  }

  static List<Case> cases(Path data, List<String> sets, List<String> folds, boolean quick) {
    List<Case> out = new ArrayList<>();
    if (sets.contains("a9a")) {
      List<String> d = List.of("data.train=" + data.resolve("a9a/a9a"), "data.test=" + data.resolve("a9a/a9a.t"));
      out.add(new Case("a9a", "a9a.t", new File("conf/a9a-logistic.conf"), d, List.of(
          new Ours("ours logistic", new File("conf/a9a-logistic.conf"), List.of()),
          new Ours("ours fm (binary)", new File("conf/a9a-fm.conf"), List.of())), ModelAnchors.a9a(quick),
          "accuracy"));
    }
    if (sets.contains("fashion-mnist")) {
      Path f = data.resolve("fashion-mnist");
      List<String> d = List.of("data.train=" + f.resolve("train-images-idx3-ubyte.gz"),
          "data.labels=" + f.resolve("train-labels-idx1-ubyte.gz"),
          "data.test=" + f.resolve("t10k-images-idx3-ubyte.gz"),
          "data.test_labels=" + f.resolve("t10k-labels-idx1-ubyte.gz"), "data.num_classes=10");
      List<String> epochs = quick ? List.of("trainer.epochs=2") : List.of();
      out.add(new Case("fashion-mnist", "t10k", new File("conf/fashion-mnist-mlp.conf"), d, List.of(
          new Ours("ours mlp 784-128-10", new File("conf/fashion-mnist-mlp.conf"), epochs),
          new Ours("ours softmax", new File("conf/fashion-mnist-softmax.conf"), epochs)),
          ModelAnchors.fashion(quick, 784, 10), "accuracy"));
    }
    if (sets.contains("ml-100k")) {
      for (String fold : folds) {
        List<String> d = List.of("data.train=" + data.resolve("ml-100k/" + fold + ".base"),
            "data.test=" + data.resolve("ml-100k/" + fold + ".test"),
            "features.user_file=" + data.resolve("ml-100k/u.user"),
            "features.item_file=" + data.resolve("ml-100k/u.item"));
        out.add(new Case("ml-100k", fold, new File("conf/ml100k-fm.conf"), d, List.of(
            new Ours("ours fm (side + implicit)", new File("conf/ml100k-fm.conf"), quick ? List.of("trainer.epochs=5")
                : List.of())), ModelAnchors.ml100k(quick), "rmse"));
      }
    }
    return out;
  }

  private static List<Run> runCase(SparkSession spark, Case c, int repeats) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    RunConfig base = ConfigLoader.load(c.baseConf(), c.dataOverrides());
    int partitions = base.trainer().partitions() > 0 ? base.trainer().partitions() : sc.defaultParallelism();
    log("%s %s: reading", c.dataset(), c.fold());
    TrainingData<FeatureRows> data = load(spark, base, partitions);
    List<Run> runs = new ArrayList<>();
    try {
      Dataset<Row> train = ModelFrames.of(spark, data.trainBlocks());
      Dataset<Row> test = ModelFrames.of(spark, data.testBlocks());
      try {
        for (int r = 0; r < repeats; r++) {
          boolean oursFirst = r % 2 == 1;
          if (oursFirst) runs.addAll(ours(spark, c, data, partitions, r));
          for (ModelAnchors.Anchor a : c.anchors()) {
            log("%s %s repeat %d: %s %s", c.dataset(), c.fold(), r + 1, a.system(), a.settings());
            ModelAnchors.Fit f = ModelAnchors.fit(a, train, test);
            log("  %.1f s, %s", f.seconds(), f.metrics());
            runs.add(new Run(c.dataset(), c.fold(), a.system(), a.settings(), r, f.seconds(), f.metrics(), List.of()));
          }
          if (!oursFirst) runs.addAll(ours(spark, c, data, partitions, r));
        }
      } finally {
        train.unpersist(false);
        test.unpersist(false);
      }
    } finally {
      data.unpersist();
    }
    return runs;
  }

  @SuppressWarnings("unchecked")
  private static TrainingData<FeatureRows> load(SparkSession spark, RunConfig cfg, int partitions) {
    ModelSpec<FeatureRows> spec = (ModelSpec<FeatureRows>) ModelRegistry.spec(cfg.model().type());
    return RunData.load(spec, RunData.source(spec, cfg), spark, cfg, partitions);
  }

  private static List<Run> ours(SparkSession spark, Case c, TrainingData<FeatureRows> data, int partitions, int r) {
    List<Run> out = new ArrayList<>();
    for (Ours o : c.ours()) {
      if (!o.conf().exists()) {
        log("skipping %s: %s not found", o.name(), o.conf());
        continue;
      }
      List<String> overrides = new ArrayList<>(c.dataOverrides());
      overrides.addAll(o.overrides());
      overrides.add("trainer.eval_every=1"); // the learning curve, for the time to MLlib's best
      RunConfig cfg = ConfigLoader.load(o.conf(), overrides);
      log("%s %s repeat %d: %s (%s)", c.dataset(), c.fold(), r + 1, o.name(), o.conf());
      Run run = fitOurs(JavaSparkContext.fromSparkContext(spark.sparkContext()), cfg, data, c, o.name(), r);
      log("  %.1f s, %s", run.seconds(), run.metrics());
      out.add(run);
    }
    return out;
  }

  /**
   * One fit of ours on the cached blocks, the test metrics evaluated at every {@code trainer.eval_every} epoch end;
   * the curve holds {training seconds (evaluations excluded), metric} per evaluation.
   */
  @SuppressWarnings("unchecked")
  static Run fitOurs(JavaSparkContext sc, RunConfig cfg, TrainingData<FeatureRows> data, Case c, String name,
      int repeat) {
    ModelSpec<FeatureRows> spec = (ModelSpec<FeatureRows>) ModelRegistry.spec(cfg.model().type());
    Model<FeatureRows> model = spec.build(cfg.model(), data.schema());
    BlockMetrics<FeatureRows> metrics = spec.metrics(model, cfg.model(), data.schema());
    TrainerState start = Trainer.initialState(spec.initialParameters(model, cfg.model(), data.schema(), cfg.trainer().seed()));
    Curve rec = new Curve(c.metric());
    Trainer<FeatureRows> trainer = new Trainer<>(sc, model, cfg.optimizer(), cfg.trainer())
        .evaluator(w -> rec.evaluate(() -> Evaluation.evaluate(sc, metrics, w, data.testBlocks())))
        .listener(rec);
    long t0 = System.nanoTime();
    Trainer.Result result = trainer.fit(data.trainBlocks(), start);
    double wall = (System.nanoTime() - t0) / 1e9;
    if (result.stopReason() != StopReason.MAX_EPOCHS) log("warning: stopped: %s %s", result.stopReason(),
        result.message());
    Map<String, Double> fin = Evaluation.evaluate(sc, metrics, result.state().weights(), data.testBlocks());
    Map<String, Double> m = new LinkedHashMap<>();
    for (String k : List.of("accuracy", "log_loss", "auc", "rmse", "mae")) if (fin.containsKey(k)) m.put(k, fin.get(k));
    return new Run(c.dataset(), c.fold(), name, describe(cfg), repeat, wall - rec.evalNanos / 1e9, m, rec.points);
  }

  static String describe(RunConfig cfg) {
    var t = cfg.trainer();
    var o = cfg.optimizer();
    return String.format(Locale.ROOT, "%s, lr %s, momentum %s%s, batch %s, %d epochs", cfg.model().type(), o.lr(),
        o.momentum(), o.nesterov() ? " (Nesterov)" : "", t.batchSize() <= 0 ? "full" : t.batchSize(), t.epochs());
  }

  /** Records {training seconds, metric} at each evaluation, timing the evaluations so they can be subtracted. */
  private static final class Curve implements TrainingListener {
    final String metric;
    long evalNanos;
    long evalNanosBeforeLast;
    final List<double[]> points = new ArrayList<>();

    Curve(String metric) {
      this.metric = metric;
    }

    Map<String, Double> evaluate(Supplier<Map<String, Double>> f) {
      evalNanosBeforeLast = evalNanos;
      long t0 = System.nanoTime();
      Map<String, Double> m = f.get();
      evalNanos += System.nanoTime() - t0;
      return m;
    }

    @Override
    public void onRound(RoundResult r, TrainerState state) {
      Double v = r.evaluation().get(metric);
      if (v != null) points.add(new double[] {r.seconds() - evalNanosBeforeLast / 1e9, v});
    }
  }

  static void log(String fmt, Object... args) {
    System.err.println(String.format(Locale.ROOT, fmt, args));
    System.err.flush();
  }
}
