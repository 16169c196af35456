package io.sparkmomentum.rank;

import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * Positives, which sit in partitions by a hash of (user, item), regrouped by query on the executors: every block
 * of {@code blockSize} consecutive queries becomes one {@link QueryBlock} (also a block without any positive), its
 * training and test positives sorted. One shuffle of packed {@code long} codes per (partition, block); no
 * per-rating objects.
 */
public final class QueryBlocks {
  private QueryBlocks() {}

  /** The records of top-K and ranking jobs that cross the wire (for Kryo: they travel in Java serialization). */
  public static List<Class<?>> wireClasses() {
    return List.of(QueryBlock.class, io.sparkmomentum.eval.RankingEvaluation.BlockResult.class, TopKJob.Ranked.class,
        TopKJob.Lists.class);
  }

  /**
   * An interaction as one sortable code: query in the high 32 bits, then 1 bit for test (0: training), then the
   * candidate in 31 bits, so codes sort by query, training before test, then candidate.
   */
  public static long code(int query, boolean test, int candidate) {
    return ((long) query << 32) | (test ? 0x80000000L : 0) | candidate;
  }

  /**
   * @param train null when there are no training positives
   * @param test null when there is no test set
   * @param byUser queries are users (candidates items), else queries are items (candidates users)
   */
  public static JavaRDD<QueryBlock> group(JavaSparkContext sc, JavaRDD<PartitionBlock<RatingColumns>> train,
      JavaRDD<PartitionBlock<RatingColumns>> test, boolean byUser, int numQueries, int blockSize, int partitions) {
    int blocks = (numQueries + blockSize - 1) / blockSize;
    List<Tuple2<Integer, long[]>> empty = new ArrayList<>();
    for (int b = 0; b < blocks; b++) empty.add(new Tuple2<>(b, new long[0]));
    JavaPairRDD<Integer, long[]> pieces = sc.parallelizePairs(empty, Math.max(1, Math.min(blocks, partitions)));
    if (train != null) pieces = pieces.union(train.flatMapToPair(new Pieces(false, byUser, blockSize)));
    if (test != null) pieces = pieces.union(test.flatMapToPair(new Pieces(true, byUser, blockSize)));
    return pieces.groupByKey(new HashPartitioner(partitions)).map(t -> {
      int b = t._1();
      int n = 0;
      for (long[] p : t._2()) n += p.length;
      long[] all = new long[n];
      int at = 0;
      for (long[] p : t._2()) {
        System.arraycopy(p, 0, all, at, p.length);
        at += p.length;
      }
      return QueryBlock.of(b, b * blockSize, Math.min(numQueries, (b + 1) * blockSize), all);
    });
  }

  /**
   * A partition's known (user, item) pairs as one code array per query block: the codes sorted, so that each
   * block's codes are one run (the query is the code's high part).
   */
  private record Pieces(boolean test, boolean byUser, int blockSize)
      implements PairFlatMapFunction<PartitionBlock<RatingColumns>, Integer, long[]> {
    @Override
    public Iterator<Tuple2<Integer, long[]>> call(PartitionBlock<RatingColumns> p) {
      RatingColumns d = p.data();
      long[] codes = new long[d.size()];
      int n = 0;
      for (int x = 0; x < d.size(); x++) {
        int u = d.users()[x];
        int i = d.items()[x];
        if (u >= 0 && i >= 0) codes[n++] = byUser ? code(u, test, i) : code(i, test, u); // cold ids: not rankable
      }
      java.util.Arrays.sort(codes, 0, n);
      List<Tuple2<Integer, long[]>> out = new ArrayList<>();
      for (int from = 0; from < n; ) {
        int block = (int) (codes[from] >>> 32) / blockSize;
        int to = from + 1;
        while (to < n && (int) (codes[to] >>> 32) / blockSize == block) to++;
        out.add(new Tuple2<>(block, java.util.Arrays.copyOfRange(codes, from, to)));
        from = to;
      }
      return out.iterator();
    }
  }
}
