package io.sparkmomentum.bench;

import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.data.RatingData;
import io.sparkmomentum.data.Ratings;
import java.io.File;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * One train/test split of a data set, read once through the project's readers ({@link RatingData}) and shared by
 * every system, so that all of them see exactly the same rows. Ids are the dense training indices; a test rating
 * whose user or item is not in the training file has index {@code -1} (cold start).
 *
 * @param dataset the data set's name (e.g. {@code ml-100k})
 * @param fold the split's name (e.g. {@code u1})
 * @param conf the base config file of our trainer
 * @param dataOverrides the {@code data.*} overrides that point the config at this split
 */
record BenchSplit(String dataset, String fold, File conf, List<String> dataOverrides, RatingData data) {

  static BenchSplit load(String dataset, String fold, File conf, List<String> dataOverrides) {
    RunConfig cfg = ConfigLoader.load(conf, dataOverrides);
    RatingData d = RatingData.load(cfg.data(), cfg.trainer().seed(), new Configuration());
    if (d.test() == null) throw new IllegalArgumentException(dataset + "/" + fold + ": no test set");
    return new BenchSplit(dataset, fold, conf, List.copyOf(dataOverrides), d);
  }

  Ratings train() {
    return data.train();
  }

  Ratings test() {
    return data.test();
  }

  int numUsers() {
    return data.users().size();
  }

  int numItems() {
    return data.items().size();
  }

  /** The training mean μ, the fallback of every system for cold-start pairs. */
  double mean() {
    return data.train().mean();
  }

  /** Predictions are clamped to the training ratings' range, for every system. */
  double[] clamp() {
    return new double[] {data.train().min(), data.train().max()};
  }

  String label() {
    return dataset + "/" + fold;
  }

  /** RMSE of {@code predictions} (one per test row) over ALL test rows, clamped to the training range. */
  double rmse(double[] predictions) {
    return rmse(predictions, false);
  }

  /**
   * RMSE over all test rows, or ({@code warmOnly}) over the rows whose user and item are both in the training data;
   * predictions clamped to the training range.
   */
  double rmse(double[] predictions, boolean warmOnly) {
    Ratings t = test();
    if (predictions.length != t.size) throw new IllegalArgumentException("prediction count " + predictions.length);
    double[] c = clamp();
    double sse = 0;
    long n = 0;
    for (int k = 0; k < t.size; k++) {
      if (warmOnly && (t.users[k] < 0 || t.items[k] < 0)) continue;
      double p = Math.min(c[1], Math.max(c[0], predictions[k]));
      double e = p - t.ratings[k];
      sse += e * e;
      n++;
    }
    return Math.sqrt(sse / n);
  }

  /** The 1-minute load average of the machine ({@code /proc/loadavg}), NaN when unavailable. */
  static double loadAverage() {
    try {
      return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim()
          .split("\\s+")[0]);
    } catch (java.io.IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
