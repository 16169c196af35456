package io.sparkmomentum.data;

import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Spreads driver-side rating columns over Spark partitions as cached {@link PartitionBlock}s: one block of
 * primitive arrays per partition, no per-rating objects.
 *
 * <p>The lineage is then cut: with a local master the blocks are locally checkpointed (kept in the block manager);
 * on a cluster, where an executor may be lost, they are reliably checkpointed to the SparkContext's checkpoint
 * directory. Either way later tasks carry only a partition index, not the data.
 */
public final class RatingBlocks {
  private RatingBlocks() {}

  /** Contiguous, nearly equal slices of {@code all}: partition p holds rows {@code [p·n/P, (p+1)·n/P)}. */
  public static List<PartitionBlock<RatingColumns>> split(RatingColumns all, int partitions) {
    if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1");
    List<PartitionBlock<RatingColumns>> out = new ArrayList<>(partitions);
    long n = all.size();
    for (int p = 0; p < partitions; p++) {
      out.add(new PartitionBlock<>(p, all.slice((int) (p * n / partitions), (int) ((p + 1) * n / partitions))));
    }
    return out;
  }

  /** The blocks as a cached, lineage-free RDD named {@code name} (shown in the Spark UI). */
  public static JavaRDD<PartitionBlock<RatingColumns>> distribute(JavaSparkContext sc, RatingColumns all,
      int partitions, String name) {
    List<PartitionBlock<RatingColumns>> blocks = split(all, partitions);
    JavaRDD<PartitionBlock<RatingColumns>> rdd = sc.parallelize(blocks, partitions).setName(name);
    cache(sc, rdd);
    return rdd;
  }

  /**
   * Persists {@code rdd} and cuts its lineage (see the class comment), then materialises it: later tasks carry only
   * a partition index.
   */
  public static <T> void cache(JavaSparkContext sc, JavaRDD<T> rdd) {
    rdd.persist(StorageLevel.MEMORY_AND_DISK());
    if (sc.master().startsWith("local") || !sc.getCheckpointDir().isPresent()) {
      rdd.rdd().localCheckpoint();
    } else {
      rdd.checkpoint();
    }
    rdd.count();
  }
}
