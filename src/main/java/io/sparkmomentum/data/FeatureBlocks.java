package io.sparkmomentum.data;

import io.sparkmomentum.data.source.SourceErrors;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Builds cached {@link FeatureRows} blocks (CSR) from cached rating blocks on the executors, block for block
 * ({@link RowFeaturizer}): a row's place is its rating's place, so the feature blocks are as deterministic as the
 * rating blocks ({@link RatingExamples}: the same bits for the same multiset of ratings).
 */
final class FeatureBlocks {
  private FeatureBlocks() {}

  /** Counts and label statistics of built blocks, summed in partition order. */
  record Stats(long count, long nonZeros, double labelSum, double minLabel, double maxLabel, long coldUsers,
      long coldItems) implements Serializable {
    Stats plus(Stats o) {
      return new Stats(count + o.count, nonZeros + o.nonZeros, labelSum + o.labelSum, Math.min(minLabel, o.minLabel),
          Math.max(maxLabel, o.maxLabel), coldUsers + o.coldUsers, coldItems + o.coldItems);
    }

    static Stats empty() {
      return new Stats(0, 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0);
    }

    double meanLabel() {
      return count == 0 ? Double.NaN : labelSum / count;
    }
  }

  /** Built blocks with their statistics. */
  record Blocks(JavaRDD<PartitionBlock<FeatureRows>> rdd, Stats stats) {
    void unpersist() {
      rdd.unpersist(false);
    }
  }

  /** One partition's block and statistics. */
  record Built(PartitionBlock<FeatureRows> block, Stats stats) implements Serializable {
    Built withoutBlock() {
      return new Built(new PartitionBlock<>(block.partition(), null), stats);
    }
  }

  /**
   * @param implicit {@code (partition, (u, N(u)))} from {@link ImplicitItems#perBlock} in the blocks' partitioning,
   *                 or null when the implicit group is off
   */
  static Blocks build(JavaSparkContext sc, JavaRDD<PartitionBlock<RatingColumns>> ratings,
      Broadcast<RowFeaturizer> featurizer, JavaPairRDD<Integer, Tuple2<Integer, int[]>> implicit, String name) {
    JavaRDD<Built> built = (implicit == null ? ratings.map(new Alone(featurizer))
        : ratings.zipPartitions(implicit, new WithImplicit(featurizer))).persist(StorageLevel.MEMORY_AND_DISK());
    List<Built> parts = SourceErrors.unwrap(() -> built.map(Built::withoutBlock).collect());
    Stats stats = Stats.empty();
    for (Built b : parts.stream().sorted(Comparator.comparingInt(b -> b.block().partition())).toList()) {
      stats = stats.plus(b.stats());
    }
    JavaRDD<PartitionBlock<FeatureRows>> blocks = built.map(Built::block).setName(name + " (" + stats.count()
        + " rows in " + ratings.getNumPartitions() + " blocks)");
    RatingBlocks.cache(sc, blocks);
    built.unpersist(false);
    return new Blocks(blocks, stats);
  }

  /** The blocks with their values scaled by {@code factors} ({@link FeatureScale#apply}), cached anew. */
  static Blocks scaled(JavaSparkContext sc, Blocks b, Broadcast<double[]> factors, String name) {
    JavaRDD<PartitionBlock<FeatureRows>> blocks = b.rdd().map(p -> new PartitionBlock<>(p.partition(),
        FeatureScale.apply(p.data(), factors.value()))).setName(name + " (" + b.stats().count() + " rows, scaled)");
    RatingBlocks.cache(sc, blocks);
    b.unpersist();
    return new Blocks(blocks, b.stats());
  }

  private static Built built(PartitionBlock<RatingColumns> b, RowFeaturizer f, RowFeaturizer.ImplicitSets sets) {
    RowFeaturizer.Rows r = f.featurize(b.data(), sets);
    FeatureRows x = r.rows();
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double l : x.labels()) {
      sum += l;
      min = Math.min(min, l);
      max = Math.max(max, l);
    }
    return new Built(new PartitionBlock<>(b.partition(), x), new Stats(x.size(), x.values().length, sum, min, max,
        r.coldUsers(), r.coldItems()));
  }

  private record Alone(Broadcast<RowFeaturizer> featurizer) implements Function<PartitionBlock<RatingColumns>,
      Built> {
    @Override
    public Built call(PartitionBlock<RatingColumns> b) {
      return built(b, featurizer.value(), RowFeaturizer.ImplicitSets.none());
    }
  }

  /** A block with the sets of its users (they arrive in any order: sorted by user here). */
  private record WithImplicit(Broadcast<RowFeaturizer> featurizer) implements FlatMapFunction2<
      Iterator<PartitionBlock<RatingColumns>>, Iterator<Tuple2<Integer, Tuple2<Integer, int[]>>>, Built> {
    @Override
    public Iterator<Built> call(Iterator<PartitionBlock<RatingColumns>> blocks,
        Iterator<Tuple2<Integer, Tuple2<Integer, int[]>>> sets) {
      List<Tuple2<Integer, int[]>> mine = new ArrayList<>();
      while (sets.hasNext()) mine.add(sets.next()._2());
      mine.sort(Comparator.comparingInt(Tuple2::_1));
      int[] users = new int[mine.size()];
      int[][] items = new int[mine.size()][];
      for (int k = 0; k < users.length; k++) {
        users[k] = mine.get(k)._1();
        items[k] = mine.get(k)._2();
      }
      RowFeaturizer.ImplicitSets s = new RowFeaturizer.ImplicitSets(users, items);
      List<Built> out = new ArrayList<>();
      while (blocks.hasNext()) out.add(built(blocks.next(), featurizer.value(), s));
      return out.iterator();
    }
  }
}
