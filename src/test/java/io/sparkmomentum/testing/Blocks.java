package io.sparkmomentum.testing;

import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/** Driver-side example blocks spread over Spark partitions for tests. */
public final class Blocks {
  private Blocks() {}

  /**
   * {@code all} ({@link RatingColumns} or {@link FeatureRows}) cut into {@code partitions} contiguous, nearly equal
   * blocks (partition p: rows {@code [p·n/P, (p+1)·n/P)}), cached without lineage.
   */
  @SuppressWarnings("unchecked")
  public static <D> JavaRDD<PartitionBlock<D>> distribute(JavaSparkContext sc, D all, int partitions, String name) {
    if (all instanceof RatingColumns r) {
      return (JavaRDD<PartitionBlock<D>>) (JavaRDD<?>) RatingBlocks.distribute(sc, r, partitions, name);
    }
    FeatureRows x = (FeatureRows) all;
    List<PartitionBlock<D>> blocks = new ArrayList<>();
    long n = x.size();
    for (int p = 0; p < partitions; p++) {
      blocks.add(new PartitionBlock<>(p, (D) x.slice((int) (p * n / partitions), (int) ((p + 1) * n / partitions))));
    }
    JavaRDD<PartitionBlock<D>> rdd = sc.parallelize(blocks, partitions).setName(name);
    RatingBlocks.cache(sc, rdd);
    return rdd;
  }
}
