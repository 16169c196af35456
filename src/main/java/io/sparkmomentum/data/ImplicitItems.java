package io.sparkmomentum.data;

import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * The implicit feedback of SVD++ (Koren 2008, "Factorization meets the neighborhood", §4): N(u), the items user
 * {@code u} rated in training, computed with Spark on the executors (grouped by user; never collected to the driver)
 * and joined to the blocks that hold the user's rows. Only the training blocks feed N(u), so a test rating's item
 * never enters its own row (no leakage). A set is a sorted array of distinct item indices: a set union, whatever
 * order Spark merges the pieces in.
 */
final class ImplicitItems {
  private ImplicitItems() {}

  /** {@code (u, N(u))} for every training user, in {@code partitions} hash partitions. */
  static JavaPairRDD<Integer, int[]> sets(JavaRDD<PartitionBlock<RatingColumns>> train, int partitions) {
    return train.flatMapToPair(new UserRuns()).reduceByKey(new HashPartitioner(partitions), new Union());
  }

  /**
   * For each block of {@code blocks}, the sets of the training users ({@code [0, numUsers)}) it holds rows of, as
   * {@code (block partition, (u, N(u)))} in the blocks' partitioning ({@link RatingExamples.ByIndex}): a set travels
   * once to each partition that needs it, not once per rating.
   */
  static JavaPairRDD<Integer, Tuple2<Integer, int[]>> perBlock(JavaRDD<PartitionBlock<RatingColumns>> blocks,
      JavaPairRDD<Integer, int[]> sets, int numUsers, int partitions) {
    return blocks.flatMapToPair(new UsersOfBlock(numUsers)).join(sets)
        .mapToPair(t -> new Tuple2<>(t._2()._1(), new Tuple2<>(t._1(), t._2()._2())))
        .partitionBy(new RatingExamples.ByIndex(partitions));
  }

  /** A block's runs of one user (its rows are sorted by user, then item): {@code (u, its distinct items)}. */
  private record UserRuns() implements PairFlatMapFunction<PartitionBlock<RatingColumns>, Integer, int[]> {
    @Override
    public Iterator<Tuple2<Integer, int[]>> call(PartitionBlock<RatingColumns> b) {
      RatingColumns c = b.data();
      List<Tuple2<Integer, int[]>> out = new ArrayList<>();
      for (int a = 0, n = c.size(); a < n;) {
        int e = a + 1;
        while (e < n && c.users()[e] == c.users()[a]) e++;
        out.add(new Tuple2<>(c.users()[a], Arrays.stream(c.items(), a, e).sorted().distinct().toArray()));
        a = e;
      }
      return out.iterator();
    }
  }

  /** The distinct training users of a block, keyed to the block's partition. */
  private record UsersOfBlock(int numUsers) implements PairFlatMapFunction<PartitionBlock<RatingColumns>, Integer,
      Integer> {
    @Override
    public Iterator<Tuple2<Integer, Integer>> call(PartitionBlock<RatingColumns> b) {
      int[] users = Arrays.stream(b.data().users()).filter(u -> u >= 0 && u < numUsers).sorted().distinct().toArray();
      List<Tuple2<Integer, Integer>> out = new ArrayList<>(users.length);
      for (int u : users) out.add(new Tuple2<>(u, b.partition()));
      return out.iterator();
    }
  }

  /** The union of two sorted distinct arrays, sorted and distinct. */
  record Union() implements Function2<int[], int[], int[]> {
    @Override
    public int[] call(int[] a, int[] b) {
      int[] out = new int[a.length + b.length];
      int i = 0;
      int j = 0;
      int n = 0;
      while (i < a.length || j < b.length) {
        int x = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
        if (n == 0 || out[n - 1] != x) out[n++] = x;
      }
      return Arrays.copyOf(out, n);
    }
  }
}
