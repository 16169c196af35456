package io.sparkmomentum.rank;

import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import org.apache.spark.api.java.JavaRDD;

/** Explicit ratings turned into implicit positives: the rows rated at least a threshold, in their blocks. */
public final class Positives {
  private Positives() {}

  public static JavaRDD<PartitionBlock<RatingColumns>> atLeast(JavaRDD<PartitionBlock<RatingColumns>> ratings,
      double threshold) {
    return ratings.map(b -> new PartitionBlock<>(b.partition(), atLeast(b.data(), threshold)));
  }

  /** The rows of {@code d} whose rating is at least {@code threshold}, in their order. */
  public static RatingColumns atLeast(RatingColumns d, double threshold) {
    int n = 0;
    for (float r : d.ratings()) if (r >= threshold) n++;
    int[] users = new int[n];
    int[] items = new int[n];
    float[] ratings = new float[n];
    float[] weights = d.weights() == null ? null : new float[n];
    for (int x = 0, at = 0; x < d.size(); x++) {
      if (d.ratings()[x] < threshold) continue;
      users[at] = d.users()[x];
      items[at] = d.items()[x];
      ratings[at] = d.ratings()[x];
      if (weights != null) weights[at] = d.weights()[x];
      at++;
    }
    return new RatingColumns(users, items, ratings, weights);
  }
}
