package io.sparkmomentum.cli;

import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.data.DataFingerprint;
import io.sparkmomentum.data.RatingFeatures;
import io.sparkmomentum.data.RunData;
import io.sparkmomentum.data.TrainingData;
import io.sparkmomentum.data.TrainingRatings;
import io.sparkmomentum.eval.Evaluation;
import io.sparkmomentum.model.BlockMetrics;
import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.model.MatrixFactorizationSpec;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ModelRegistry;
import io.sparkmomentum.model.ModelSpec;
import io.sparkmomentum.io.CheckpointStore;
import io.sparkmomentum.io.FeatureModelFile;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.MetricsLog;
import io.sparkmomentum.io.SavedModel;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.LatentFactors;
import io.sparkmomentum.eval.RankingEvaluation;
import io.sparkmomentum.model.MetricValues;
import io.sparkmomentum.train.ConsoleProgress;
import io.sparkmomentum.train.MetricsListener;
import io.sparkmomentum.train.MiniBatchPlan;
import io.sparkmomentum.train.PartitionBlock;
import io.sparkmomentum.train.StoreCheckpointer;
import io.sparkmomentum.train.Trainer;
import io.sparkmomentum.train.TrainerState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One {@code train} invocation, composed from the parts: config → the run directory (marker, lock, relaunch) →
 * Spark → the data the spec trains on, read on the executors into cached blocks ({@link RunData}) → the model from
 * its {@link ModelSpec} → {@link Trainer} with its listeners → model files and summary. Config, path and master
 * problems fail before Spark starts; bad data (and a model that does not fit the data or the heap) fails before the
 * run directory is touched.
 */
final class TrainingRun {
  private RunConfig cfg;
  /** The self-tuning search of this run, or null. */
  private io.sparkmomentum.tune.SelfTuning.Outcome tuned;
  private final String output;
  private final String master;
  private final boolean overwrite;
  private boolean resume;
  /** The run directory's old contents are to be replaced (set when {@code --resume} starts from scratch). */
  private boolean fresh;
  private GracefulStop stop;
  private boolean report;

  TrainingRun(RunConfig cfg, String output, String master, boolean overwrite, boolean resume) {
    this.cfg = cfg;
    this.output = output;
    this.master = master;
    this.overwrite = overwrite;
    this.resume = resume;
  }

  /** Also write {@code RUN_DIR/report.html} when the run ends (ok, diverged or interrupted). */
  TrainingRun withReport(boolean report) {
    this.report = report;
    return this;
  }

  int run() throws IOException {
    long t0 = System.nanoTime();
    Configuration hadoop = new Configuration();
    try (GracefulStop stop = GracefulStop.install();
        RunDirectory rd = RunDirectory.claim(output, hadoop, overwrite, resume)) {
      this.stop = stop;
      try {
        Integer finished = Relaunch.decide(this, rd, hadoop);
        if (finished != null) return finished;
        return run(rd, hadoop, t0);
      } catch (Throwable t) {
        rd.failed();
        if (stop.requested()) { // whatever failed, it failed because the JVM is shutting down
          // print now: the JVM exits as soon as the shutdown hook is released
          System.err.println("error: interrupted (SIGINT/SIGTERM) before training started; nothing was kept");
          System.err.flush();
          return Main.EXIT_INTERRUPTED;
        }
        throw RunFailures.explain(t, output);
      }
    }
  }

  /** Continues as a fresh run: {@code --resume} found nothing to resume (see {@link Relaunch}). */
  void startFromScratch() {
    this.resume = false;
    this.fresh = true;
  }

  boolean resuming() {
    return resume;
  }

  RunConfig config() {
    return cfg;
  }

  String output() {
    return output;
  }

  private int run(RunDirectory rd, Configuration hadoop, long t0) throws IOException {
    String resolvedMaster = SparkSessions.resolvedMaster(master, cfg.spark());
    SparkMasters.check(master != null && !master.isBlank() ? "--master" : "spark.master", resolvedMaster);
    PathCheck.data("data.train", cfg.data().train(), hadoop);
    PathCheck.data("data.test", cfg.data().test(), hadoop);
    ModelSpec<?> spec = ModelRegistry.spec(cfg.model().type());
    RunData.Source source = RunData.source(spec, cfg);
    stop.checkNotRequested("before Spark started");

    try (SparkSessions.Started spark = SparkSessions.start("spark-momentum train", master, cfg.spark())) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.session().sparkContext());
      stop.checkNotRequested("while Spark started");
      Path sparkCheckpoints = null;
      if (!sc.master().startsWith("local") && !sc.getCheckpointDir().isPresent()) {
        sparkCheckpoints = new Path(rd.path(), RunDirectory.SPARK_CHECKPOINTS); // data blocks, for lost executors
        sc.setCheckpointDir(sparkCheckpoints.toString());
      }
      try {
        int partitions = cfg.trainer().partitions() > 0 ? cfg.trainer().partitions() : sc.defaultParallelism();
        return readAndTrain(spec, source, spark.session(), sc, partitions, rd, hadoop, resolvedMaster, t0);
      } finally {
        if (sparkCheckpoints != null) rd.fs().delete(sparkCheckpoints, true); // a copy of the data, only for this run
      }
    }
  }

  /**
   * Reads the data, builds the model (its hyperparameters checked against the data, its size against the heap),
   * then, with nothing left to refuse, prepares the run directory and trains.
   */
  private <D> int readAndTrain(ModelSpec<D> spec, RunData.Source source, SparkSession session, JavaSparkContext sc,
      int partitions, RunDirectory rd, Configuration hadoop, String resolvedMaster, long t0) throws IOException {
    TrainingData<D> read = RunData.load(spec, source, session, cfg, partitions);
    TrainingData<D> data = read;
    try {
      if (resume) refuseChangedData(data, partitions, hadoop);
      DataSchema schema = data.schema();
      Model<D> model = spec.build(cfg.model(), schema);
      checkMemory(data, model, MemoryEstimate.localThreads(resolvedMaster));
      System.err.println("read " + data.describe());
      stop.checkNotRequested("while reading the data");
      rd.prepare(fresh || overwrite);
      FileSystem fs = rd.fs();
      fs.mkdirs(rd.path());
      if (cfg.tuning().enabled() && data instanceof TrainingRatings r) {
        data = selfTune(sc, r, new Path(rd.path(), "tuning").toString(), hadoop);
        model = spec.build(cfg.model(), data.schema());
      }
      writeText(fs, new Path(rd.path(), "config.conf"), configHeader() + cfg.rendered());
      if (data instanceof TrainingRatings r) r.writeIds(session, new Path(rd.path(), "ids").toString());
      if (data instanceof RatingFeatures f) f.write(session, new Path(rd.path(), "features").toString());
      return train(sc, spec, model, data, partitions, fs, rd.path(), hadoop, t0);
    } finally {
      if (data != read) data.unpersist();
      read.unpersist();
    }
  }

  /** For a self-tuned run: what was chosen and why, as comments above the config. */
  private String configHeader() {
    if (tuned == null) return "";
    StringBuilder b = new StringBuilder("# optimizer.lr = auto: self-tuning (successive halving on the validation "
        + "slice) chose " + tuned.best().name() + ":\n#   " + String.join(" ", tuned.best().overrides()) + "\n"
        + "# candidates (validation RMSE at the best of their evaluations, epochs trained):\n");
    for (io.sparkmomentum.tune.SelfTuning.Score s : tuned.scores()) {
      b.append("#   ").append(s.candidate().name()).append(" @").append(s.epochs()).append(": ")
          .append(s.diverged() ? "diverged" : s.validationRmse() + " (epoch " + s.bestEpoch() + ")").append('\n');
    }
    return b.append("# (also in summary.json \"tuning\" and tuning/search.json)\n").toString();
  }

  /**
   * Zero-config ({@code optimizer.lr = auto}): searches the unset settings on the validation slice
   * ({@link io.sparkmomentum.tune.SelfTuning}), or, resuming, takes the settings the search chose; then the run
   * trains with them, on the training and validation slices together when {@code trainer.tune_refit} holds.
   */
  @SuppressWarnings("unchecked")
  private <D> TrainingData<D> selfTune(JavaSparkContext sc, TrainingRatings r, String tuningDir, Configuration hadoop)
      throws IOException {
    boolean refit = cfg.tuning().refit();
    java.util.List<String> chosen = resume ? io.sparkmomentum.tune.SelfTuning.chosenSettings(tuningDir, hadoop) : null;
    if (chosen != null) {
      System.err.println("resuming with the settings self-tuning chose: " + chosen);
      cfg = io.sparkmomentum.config.ConfigLoader.withOverrides(cfg, chosen);
    } else {
      System.err.println("self-tuning: optimizer.lr = auto, searching on " + r.validation().stats().count()
          + " validation ratings (trainer.tune_budget " + cfg.tuning().budgetSeconds() + " s)");
      tuned = io.sparkmomentum.tune.SelfTuning.search(sc, cfg, r, tuningDir, hadoop);
      cfg = tuned.chosen();
      System.err.println("self-tuning chose " + tuned.best().name() + " in " + String.format("%.1f", tuned.seconds())
          + " s: " + tuned.best().overrides() + (refit ? "; refitting on training + validation" : ""));
    }
    return (TrainingData<D>) (refit ? r.withValidationFolded(sc) : r);
  }

  /** Refuses a model that cannot fit in the driver's heap ({@link MemoryEstimate}). */
  private void checkMemory(TrainingData<?> data, Model<?> model, int localThreads) {
    long heap = Runtime.getRuntime().maxMemory();
    if (data instanceof TrainingRatings r) {
      MemoryEstimate.check(r.users().size(), r.items().size(), cfg.model().rank(), localThreads, heap);
    } else {
      MemoryEstimate.check(model.layout().size(), "model.type " + cfg.model().type() + " with "
          + data.schema().numFeatures() + " features", localThreads, heap);
    }
  }

  private <D> int train(JavaSparkContext sc, ModelSpec<D> spec, Model<D> model, TrainingData<D> data,
      int partitions, FileSystem fs, Path runDir, Configuration hadoop, long t0) throws IOException {
    JavaRDD<PartitionBlock<D>> blocks = data.trainBlocks();
    JavaRDD<PartitionBlock<D>> test = data.testBlocks();
    var mc = cfg.model();
    DataSchema schema = data.schema();

    CheckpointStore store = new CheckpointStore(output, hadoop, cfg.trainer().keepCheckpoints());
    Map<String, Object> runMeta = new LinkedHashMap<>();
    runMeta.put("data_fingerprint", data.fingerprint().toMeta());
    runMeta.put("partitions", partitions);
    StoreCheckpointer checkpointer = new StoreCheckpointer(store, cfg.rendered(), runMeta);
    TrainerState start = Trainer.initialState(spec.initialParameters(model, mc, schema, cfg.trainer().seed()));
    if (resume) {
      start = checkpointer.latest().orElseThrow(() -> new Main.UserError("--resume: no complete checkpoint in "
          + store.directory(), Main.EXIT_CONFIG));
      System.err.println("resuming from round " + start.round());
    }
    long rpe = new MiniBatchPlan(blocks.map(b -> (long) model.numExamples(b.data())).collect().stream()
        .mapToLong(Long::longValue).toArray(), cfg.trainer().batchSize(), cfg.trainer().seed()).roundsPerEpoch();
    String metricsPath = new Path(runDir, "metrics.jsonl").toString();
    if (resume) keepMetricsBefore(fs, new Path(metricsPath), hadoop, start.round());
    Trainer.Result result;
    try (MetricsLog metrics = MetricsLog.create(metricsPath, hadoop, resume)) {
      if (resume) metrics.write(Map.of("event", "resume", "round", start.round()));
      Trainer<D> trainer = new Trainer<>(sc, model, cfg.optimizer(), cfg.trainer())
          .listener(new MetricsListener(metrics))
          .listener(new ConsoleProgress(System.err, rpe, cfg.trainer().epochs(), cfg.trainer().logEvery(),
              start.round()));
      BlockMetrics<D> testMetrics = spec.metrics(model, mc, schema);
      if (test != null) trainer.evaluator(w -> Evaluation.evaluate(sc, testMetrics, w, test));
      JavaRDD<PartitionBlock<D>> validation = data.validationBlocks();
      if (validation != null) trainer.validator(w -> Evaluation.evaluate(sc, testMetrics, w, validation));
      trainer.earlyStopping(cfg.earlyStopping(), cfg.earlyStopping().metric());
      if (cfg.trainer().checkpointEvery() > 0) trainer.checkpointer(checkpointer);
      stop.watch(trainer);
      result = trainer.fit(blocks, start);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", result.stopReason() == io.sparkmomentum.train.StopReason.DIVERGED ? "diverged" : "ok");
    summary.put("stop_reason", result.stopReason().name().toLowerCase());
    summary.put("model_type", spec.type());
    if (result.lastRound() != null) {
      summary.putAll(MetricValues.forJson(result.lastRound().evaluation(), "test_"));
      summary.putAll(MetricValues.forJson(result.lastRound().validation(), "validation_"));
      summary.put("final_loss", result.lastRound().loss());
    }
    RunSummary.putEarlyStopping(summary, result.state().early(), rpe);
    if (tuned != null) summary.put("tuning", tuned.toSummary());
    if (result.stopReason() != io.sparkmomentum.train.StopReason.MAX_EPOCHS) summary.put("message", result.message());
    putRanking(summary, sc, model, data, result.state().weights());
    RunSummary.putParameters(summary, model.layout(), result.state().weights());
    summary.put("rounds", result.state().round());
    RunSummary.putEpochs(summary, result.state().round(), rpe, cfg.trainer().epochs());
    summary.put("seconds", seconds);
    summary.put("ms_per_round", result.lastRound() == null ? null
        : 1000 * result.lastRound().seconds() / Math.max(1, result.state().round() - (resume ? start.round() : 0)));
    summary.putAll(data.summary());
    if (data instanceof TrainingRatings || data instanceof RatingFeatures) {
      summary.put("duplicates_policy", cfg.data().duplicates());
    }
    summary.put("run_dir", output);
    if (result.stopReason() == io.sparkmomentum.train.StopReason.INTERRUPTED) {
      summary.put("status", "interrupted");
      summary.put("message", result.message() + (cfg.trainer().checkpointEvery() > 0
          ? "; checkpoint written: continue with --resume" : "; no checkpoints (trainer.checkpoint_every = 0)"));
      writeSummary(fs, runDir, hadoop, summary);
      System.out.println(Json.write(summary));
      System.err.println("interrupted: " + summary.get("message"));
      return Main.EXIT_INTERRUPTED;
    }
    if (result.stopReason() == io.sparkmomentum.train.StopReason.DIVERGED) {
      summary.put("message", result.message() + "; " + RunSummary.lastGoodCheckpoint(store,
          cfg.trainer().checkpointEvery()));
      writeSummary(fs, runDir, hadoop, summary);
      System.out.println(Json.write(summary));
      System.err.println("error: " + summary.get("message"));
      return Main.EXIT_DIVERGED;
    }
    String modelDir = new Path(runDir, "model").toString();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("config", cfg.rendered());
    meta.put("rounds", result.state().round());
    meta.put("partitions", blocks.getNumPartitions());
    saveModel(modelDir, hadoop, spec, model, data, meta, result.state().weights());
    summary.put("model", modelDir);
    writeSummary(fs, runDir, hadoop, summary);
    System.out.println(Json.write(summary));
    return 0;
  }

  /**
   * Writes {@code summary.json}, then, with {@code --report}, the report: a report that cannot be written costs a
   * warning, never the run.
   */
  private void writeSummary(FileSystem fs, Path runDir, Configuration hadoop, Map<String, Object> summary)
      throws IOException {
    writeText(fs, new Path(runDir, "summary.json"), Json.write(summary));
    if (!report) return;
    try {
      System.err.println("wrote the report " + ReportCommand.writeFor(output, hadoop));
    } catch (IOException | RuntimeException e) {
      System.err.println("warning: could not write the report " + new Path(output, ReportCommand.FILE) + ": "
          + RunDirectory.oneLine(e.getMessage() != null ? e.getMessage() : e.toString()));
    }
  }

  /**
   * The ranking metrics at 10 of the issue's protocol ({@link RankingEvaluation}: all items but the user's training
   * positives, relevant = the test positives) as {@code test_ndcg_at_10}, ..., for a factor model on implicit data
   * (an implicit model, or {@code data.positive_threshold} set).
   */
  private <D> void putRanking(Map<String, Object> summary, JavaSparkContext sc, Model<D> model, TrainingData<D> data,
      double[] weights) {
    if (!(data instanceof TrainingRatings r) || r.testBlocks() == null || !(model instanceof LatentFactors lf)) return;
    if (model instanceof MatrixFactorization && !cfg.data().positivesOnly()) return;
    summary.putAll(MetricValues.forJson(RankingEvaluation.evaluate(sc, lf, weights, r.trainBlocks(), r.testBlocks(),
        10), "test_"));
  }

  /**
   * Writes the model files: an {@code mf} model with its ids and clamp range ({@link SavedModel}), any other (an
   * implicit factor model: its ids are in the run's {@code ids}) with its spec's metadata ({@link FeatureModelFile}).
   */
  private <D> void saveModel(String dir, Configuration hadoop, ModelSpec<D> spec, Model<D> model,
      TrainingData<D> data, Map<String, Object> meta, double[] weights) throws IOException {
    var mc = cfg.model();
    DataSchema schema = data.schema();
    if (data instanceof TrainingRatings r && model instanceof MatrixFactorization) {
      new SavedModel((MatrixFactorization) model, weights, r.users(), r.items(),
          MatrixFactorizationSpec.clamp(mc, schema), meta).save(dir, hadoop, true);
    } else {
      if (data instanceof RatingFeatures f) meta.put("features", f.metadata()); // the index space of the rows
      FeatureModelFile.save(dir, hadoop, true, spec.metadata(model, mc, schema), meta, weights);
    }
  }

  /**
   * Refuses to resume over other data than the checkpoint's: another partition count, or input files, example count or
   * indexed ids that differ (the message names the first file that changed).
   */
  private void refuseChangedData(TrainingData<?> data, int partitions, Configuration hadoop) throws IOException {
    var latest = new CheckpointStore(output, hadoop, cfg.trainer().keepCheckpoints()).loadLatest();
    if (latest.isEmpty()) return; // nothing to compare with: Relaunch has started from scratch
    Map<String, Object> meta = latest.get().bundle().meta();
    Object p = meta.get("partitions");
    if (p instanceof Number n && n.intValue() != partitions) {
      throw new Main.UserError("--resume refused: the checkpoint was trained on " + n.intValue() + " partitions, this "
          + "run has " + partitions + " (set trainer.partitions = " + n.intValue() + ")", Main.EXIT_CONFIG);
    }
    DataFingerprint before = DataFingerprint.fromMeta(meta.get("data_fingerprint"));
    if (before == null) return; // a checkpoint from before fingerprints
    String diff = before.differenceFrom(data.fingerprint());
    if (diff != null) {
      throw new Main.UserError("--resume refused: " + diff + "; the checkpoint's weights belong to the data it was "
          + "trained on (start a new run, or restore the data)", Main.EXIT_DATA);
    }
  }

  /** Fails before any work when {@code dir} cannot be created: an existing ancestor is not a directory. */
  static void checkCreatable(FileSystem fs, Path dir) throws IOException {
    for (Path p = dir.getParent(); p != null; p = p.getParent()) {
      if (fs.exists(p)) {
        if (!fs.getFileStatus(p).isDirectory()) {
          throw new Main.UserError("cannot create the run directory " + dir + ": " + p + " is a regular file",
              Main.EXIT_CONFIG);
        }
        return;
      }
    }
  }

  /**
   * On resume, rounds after the checkpoint are trained again: drop their lines (written before the interruption)
   * so that metrics.jsonl holds each round once.
   */
  static void keepMetricsBefore(FileSystem fs, Path metrics, Configuration hadoop, long round) throws IOException {
    if (!fs.exists(metrics)) return;
    StringBuilder kept = new StringBuilder();
    for (Map<String, Object> line : MetricsLog.read(metrics.toString(), hadoop)) {
      Object r = line.get("round");
      boolean before = r instanceof Number n && (line.containsKey("event") ? n.longValue() <= round
          : n.longValue() < round);
      if (before) kept.append(Json.write(line)).append('\n');
    }
    writeText(fs, metrics, kept.toString());
  }

  static void writeText(FileSystem fs, Path p, String text) throws IOException {
    Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
    try (OutputStream o = fs.create(tmp, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
    if (fs.exists(p)) fs.delete(p, false);
    if (!fs.rename(tmp, p)) throw new IOException("could not rename " + tmp + " to " + p);
  }
}
