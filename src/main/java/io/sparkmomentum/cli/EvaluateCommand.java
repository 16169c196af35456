package io.sparkmomentum.cli;

import io.sparkmomentum.config.ConfigFactoryView;
import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.data.ReaderOptions;
import io.sparkmomentum.data.TrainingRatings;
import io.sparkmomentum.eval.RatingMetrics;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.FeatureModelFile;
import io.sparkmomentum.io.ModelFile;
import io.sparkmomentum.io.SavedModel;
import io.sparkmomentum.model.MetricValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evaluate --model DIR --input PATH}: the held-out metrics of a saved model, as a Spark job: RMSE, MAE and
 * cold-start counts of a factorization model on ratings; the metrics of its label kind for a feature model on
 * {@code libsvm} or {@code idx} rows (regression RMSE and MAE; binary accuracy, log-loss and AUC; classes accuracy,
 * log-loss and the confusion matrix). The examples are read on the executors and built into blocks exactly as the
 * training run built its test set (same partitions, same order), so a model evaluated on its run's test file gives
 * the run's {@code test_*} figures to the last bit.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Prints the metrics of a saved model on held-out examples, as one JSON line: RMSE, MAE and "
        + "cold-start counts for mf on ratings; for the feature models (libsvm, idx) those of their labels.",
        "Ratings outside the training run's data.min_rating..data.max_rating are bad input (exit 3), as are labels "
            + "that do not fit the model.",
        "--ranking: P@K, R@K, NDCG@K, MAP@K, MRR, AUC and coverage of a factor model against the run's training "
            + "positives."})
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  ModelInput in;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "held-out ratings")
  String input;

  @Option(names = "--master", description = "Spark master (default: spark-submit's, spark.master, or local[*])")
  String master;

  @Option(names = "--ranking",
      description = "top-K ranking metrics instead of RMSE/MAE (see --k, --positive-threshold)")
  boolean ranking;

  @Option(names = {"-k", "--k"}, defaultValue = "10", description = "--ranking cut-off (default: ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--positive-threshold", paramLabel = "R",
      description = "--ranking: ratings >= R are positives (default: the run's data.positive_threshold)")
  Double positiveThreshold;

  @Override
  public Integer call() throws Exception {
    Configuration conf = new Configuration();
    ModelFile file = in.loadAny(conf);
    if (ranking && file instanceof FeatureModelFile f) {
      throw new Main.UserError("--ranking: model " + in.model + " is a " + f.type() + " model; expected a factor model "
          + "(mf)", Main.EXIT_CONFIG);
    }
    if (file instanceof FeatureModelFile f) return evaluateFeatures(f, conf);
    SavedModel m = (SavedModel) file;
    if (ranking) return RankingEvaluate.run(in, m, input, k, positiveThreshold, master, conf);
    ReaderOptions opts = withTrainedRange(in.options(m), m);
    PathCheck.data("input", input, conf);
    SparkMasters.check("--master", SparkSessions.resolvedMaster(master, Map.of()));
    DataConfig data = new DataConfig(input, "", opts.format().id(), opts.userCol(), opts.itemCol(), opts.ratingCol(),
        0, opts.minRating(), opts.maxRating(), "fail", String.valueOf(opts.delimiter()));
    Map<String, Double> metrics;
    try (SparkSessions.Started spark = SparkSessions.start("spark-momentum evaluate", master, Map.of())) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.session().sparkContext());
      int partitions = trainedPartitions(m, sc);
      TrainingRatings.Held held = TrainingRatings.against(spark.session(), data, input, m.users(), m.items(),
          partitions);
      try {
        metrics = RatingMetrics.evaluate(sc, m.model(), m.weights(), held.blocks().rdd(), m.clamp());
      } finally {
        held.blocks().unpersist();
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("input", input);
    out.put("rmse", metrics.get("rmse"));
    out.put("mae", metrics.get("mae"));
    out.put("count", metrics.get("count").longValue());
    out.put("cold_users", metrics.get("cold_users").longValue());
    out.put("cold_items", metrics.get("cold_items").longValue());
    System.out.println(Json.write(out));
    return 0;
  }

  private int evaluateFeatures(FeatureModelFile m, Configuration conf) throws java.io.IOException {
    FeatureInput rows = in.features(m, input);
    PathCheck.data("input", input, conf);
    if (!rows.labels().isEmpty()) PathCheck.data("labels", rows.labels(), conf);
    SparkMasters.check("--master", SparkSessions.resolvedMaster(master, Map.of()));
    Map<String, Double> metrics;
    try (SparkSessions.Started spark = SparkSessions.start("spark-momentum evaluate", master, Map.of())) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.session().sparkContext());
      metrics = rows.evaluate(spark.session(), trainedPartitions(m, sc));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("input", input);
    out.put("model_type", m.type());
    out.putAll(MetricValues.forJson(metrics, ""));
    System.out.println(Json.write(out));
    return 0;
  }

  /** The partitions the model was trained on (recorded with the model), else the configured or default count. */
  static int trainedPartitions(ModelFile m, JavaSparkContext sc) {
    if (m.meta().get("partitions") instanceof Number n && n.intValue() > 0) return n.intValue();
    ConfigFactoryView trained = ConfigFactoryView.of(String.valueOf(m.meta().get("config")));
    try {
      int p = Integer.parseInt(trained.str("trainer.partitions", "0"));
      return p > 0 ? p : sc.defaultParallelism();
    } catch (NumberFormatException e) {
      return sc.defaultParallelism();
    }
  }

  /**
   * Held-out ratings must be on the training data's scale: outside the run's {@code data.min_rating} and
   * {@code data.max_rating} they are bad input here too (as they were in training), not a silently huge error.
   */
  static ReaderOptions withTrainedRange(ReaderOptions opts, SavedModel m) {
    ConfigFactoryView trained = ConfigFactoryView.of(String.valueOf(m.meta().get("config")));
    try {
      return opts.withRatingRange(Double.parseDouble(trained.str("data.min_rating", "")),
          Double.parseDouble(trained.str("data.max_rating", "")));
    } catch (IllegalArgumentException e) { // no usable range recorded: the reader's wide default
      return opts;
    }
  }
}
