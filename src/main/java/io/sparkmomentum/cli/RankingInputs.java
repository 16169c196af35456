package io.sparkmomentum.cli;

import io.sparkmomentum.config.ConfigFactoryView;
import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.data.ReaderOptions;
import io.sparkmomentum.data.TrainingRatings;
import io.sparkmomentum.io.SavedModel;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.rank.Positives;
import io.sparkmomentum.train.PartitionBlock;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/**
 * Ratings read on the executors against a saved model's ids, for top-K and ranking metrics: the run's training
 * data ({@code data.train}, a relative path taken relative to the directory the run was started in) or a given
 * file, optionally reduced to positives. Holds what it cached until {@link #close}.
 */
final class RankingInputs implements AutoCloseable {
  private final SparkSession spark;
  private final SavedModel model;
  private final ReaderOptions options;
  private final List<TrainingRatings.Held> held = new ArrayList<>();

  RankingInputs(SparkSession spark, SavedModel model, ReaderOptions options) {
    this.spark = spark;
    this.model = model;
    this.options = options;
  }

  /** The run's {@code data.train}, resolved as {@code recommend} resolves it. */
  static String trainPath(SavedModel m, String modelDir, Configuration conf) {
    String path = ConfigFactoryView.of(String.valueOf(m.meta().get("config"))).str("data.train", null);
    if (path == null || path.isBlank()) {
      throw new Main.UserError("no training data path in the model's config (data.train)", Main.EXIT_CONFIG);
    }
    return TrainedPaths.resolve(path, modelDir, conf);
  }

  /** The threshold the run used ({@code data.positive_threshold}), or null when it recorded none. */
  static Double trainedThreshold(SavedModel m) {
    String t = ConfigFactoryView.of(String.valueOf(m.meta().get("config"))).str("data.positive_threshold", null);
    if (t == null || t.isBlank()) return null;
    try {
      double v = Double.parseDouble(t.trim());
      return Double.isNaN(v) || v <= 0 ? null : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The ratings at {@code path} against the model's ids; with a threshold, only those rated at least that. */
  JavaRDD<PartitionBlock<RatingColumns>> read(String path, Double threshold, int partitions) {
    DataConfig data = new DataConfig(path, "", options.format().id(), options.userCol(), options.itemCol(),
        options.ratingCol(), 0, options.minRating(), options.maxRating(),
        options.onBadRecord().name().toLowerCase(java.util.Locale.ROOT), String.valueOf(options.delimiter()));
    TrainingRatings.Held h = TrainingRatings.against(spark, data, path, model.users(), model.items(), partitions);
    held.add(h);
    JavaRDD<PartitionBlock<RatingColumns>> rdd = h.blocks().rdd();
    return threshold == null ? rdd : Positives.atLeast(rdd, threshold);
  }

  @Override
  public void close() {
    for (TrainingRatings.Held h : held) h.blocks().unpersist();
  }
}
