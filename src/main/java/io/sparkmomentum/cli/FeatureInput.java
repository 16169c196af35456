package io.sparkmomentum.cli;

import io.sparkmomentum.config.ConfigFactoryView;
import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.data.ReaderOptions;
import io.sparkmomentum.data.TrainingFeatures;
import io.sparkmomentum.data.source.FeatureChunk;
import io.sparkmomentum.data.source.LabelKind;
import io.sparkmomentum.eval.Evaluation;
import io.sparkmomentum.io.FeatureModelFile;
import io.sparkmomentum.model.BinaryMetrics;
import io.sparkmomentum.model.ClassMetrics;
import io.sparkmomentum.model.ClassScorer;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.Losses;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.RealScorer;
import io.sparkmomentum.model.RegressionMetrics;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Labelled feature rows ({@code libsvm}, {@code idx}) read for a saved feature model, as {@code evaluate} and
 * {@code predict} read them: on the executors, with the model's number of features (a wider row is bad input) and,
 * for evaluation, labels of the model's kind.
 *
 * @param format {@code libsvm} or {@code idx}
 * @param path   the rows (IDX: the images)
 * @param labels IDX: the label file of {@code path}; else empty
 */
record FeatureInput(FeatureModelFile model, String format, String path, String labels) {

  /**
   * The input of {@code --input}, read as {@code --format} says or else as the model's training data was.
   *
   * @throws Main.UserError when the format holds no feature rows, or IDX images come without {@code --labels}
   */
  static FeatureInput of(FeatureModelFile m, String input, String formatFlag, String labelsFlag) {
    ConfigFactoryView trained = ConfigFactoryView.of(String.valueOf(m.meta().get("config")));
    String format = formatFlag != null ? formatFlag.trim() : trained.str("data.format", "libsvm");
    if (!format.equals("libsvm") && !format.equals("idx")) {
      throw new Main.UserError("--format " + format + ": expected libsvm or idx for a model of type " + m.type(),
          Main.EXIT_CONFIG);
    }
    String labels = labelsFlag == null ? "" : labelsFlag.trim();
    if (format.equals("idx") && labels.isEmpty()) {
      throw new Main.UserError("--labels: expected the IDX label file (idx1-ubyte) of the images in --input",
          Main.EXIT_CONFIG);
    }
    return new FeatureInput(m, format, input, labels);
  }

  private DataConfig config() {
    return new DataConfig(path, "", format, "userId", "movieId", "rating", 0, ReaderOptions.DEFAULT_MIN_RATING,
        ReaderOptions.DEFAULT_MAX_RATING, "fail", ",", labels, "", model.numFeatures(), "keep", 0, 0, 0);
  }

  private int numClasses() {
    return model.model() instanceof ClassScorer c ? c.numClasses() : 0;
  }

  /** The model's metrics on the rows, blocked as a run with {@code partitions} partitions blocks its test set. */
  Map<String, Double> evaluate(SparkSession spark, int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    TrainingFeatures.Held held = TrainingFeatures.against(spark, config(), path, labels, model.labels(),
        numClasses(), model.numFeatures(), partitions);
    try {
      return Evaluation.evaluate(sc, model.metrics(), model.weights(), held.blocks().rdd());
    } finally {
      held.blocks().unpersist();
    }
  }

  /**
   * One prediction line per row, in input order, scored on the executors: a regression value (clamped as in
   * training), the probability of class 1, or the predicted class followed by every class's probability
   * (tab-separated). Bad input has failed before the first line is returned.
   */
  Iterator<String> predict(SparkSession spark, int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<FeatureChunk> rows = TrainingFeatures.rows(spark, config(), path, labels, LabelKind.REAL, 0,
        model.numFeatures(), partitions);
    Broadcast<double[]> w = sc.broadcast(model.weights());
    Model<FeatureRows> m = model.model();
    LabelKind kind = model.labels();
    double[] clamp = model.clamp();
    return rows.flatMap(ch -> lines(m, kind, clamp, w.value(), ch).iterator()).toLocalIterator();
  }

  /** What each prediction line holds, for the console. */
  String describeLines() {
    return switch (model.labels()) {
      case REAL -> "the predicted value" + (model.clamp() == null ? "" : " (clamped to the training labels' range)");
      case BINARY -> "the probability of class 1";
      case CLASS -> "the predicted class, then the probability of each class (tab-separated)";
    };
  }

  static List<String> lines(Model<FeatureRows> m, LabelKind kind, double[] clamp, double[] w, FeatureChunk ch) {
    FeatureRows x = rowsOf(ch);
    List<String> out = new ArrayList<>(x.size());
    double[] p = m instanceof ClassScorer c ? new double[c.numClasses()] : null;
    for (int r = 0; r < x.size(); r++) {
      switch (kind) {
        case REAL -> out.add(Double.toString(RegressionMetrics.predict((RealScorer) m, clamp, w, x, r)));
        case BINARY -> out.add(Double.toString(BinaryMetrics.probability((RealScorer) m, w, x, r)));
        case CLASS -> {
          ((ClassScorer) m).logits(w, x, r, p);
          int predicted = ClassMetrics.argMax(p, p.length);
          Losses.softmaxInPlace(p, 0, p.length);
          StringBuilder sb = new StringBuilder().append(predicted);
          for (double v : p) sb.append('\t').append(v);
          out.add(sb.toString());
        }
      }
    }
    return out;
  }

  /** A chunk's rows as the models read them (doubles). */
  static FeatureRows rowsOf(FeatureChunk c) {
    return new FeatureRows(c.dim(), c.rowPtr(), c.indices(), widen(c.values()), widen(c.labels()), c.weights());
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int k = 0; k < f.length; k++) d[k] = f[k];
    return d;
  }
}
