package io.sparkmomentum.data;

import io.sparkmomentum.data.source.RatingChunk;
import io.sparkmomentum.data.source.ReadReport;
import io.sparkmomentum.data.source.SourceErrors;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Turns (user, item, label) records read on the executors into the trainer's cached partition blocks; the driver
 * sees only counts and the id lists, never a record.
 *
 * <ol>
 *   <li><b>Hold out</b> (with {@code data.test_fraction}): a record is held out when a hash of (seed, raw user, raw
 *       item, label) falls below the fraction — a function of the record, so the split does not depend on the input's
 *       format or splitting.</li>
 *   <li><b>Index</b> the ids of the training part only (ids seen only in held-out data stay unknown, hence cold):
 *       distinct raw ids with Spark, numbered in {@link IdOrder}.</li>
 *   <li><b>Assign</b> each record to partition {@link ExampleHash#partition}(user, item) and shuffle columnar
 *       {@link RatingPiece}s there.</li>
 *   <li><b>Build</b> each partition's block sorted by (user, item, label, weight), duplicates handled per
 *       {@link Duplicates} ({@link RatingBlockBuilder}).</li>
 * </ol>
 * Every step depends only on the multiset of records, so the blocks — and every bit trained from them — are the same
 * for the same ratings as TSV, as one Parquet file or as many, on any master, for a fixed {@code trainer.partitions}.
 */
public final class RatingExamples {
  private RatingExamples() {}

  /** Counts and statistics of a built data set, summed in partition order (the same bits every run). */
  public record Stats(long count, long duplicates, double labelSum, float minLabel, float maxLabel)
      implements Serializable {
    public double meanLabel() {
      return count == 0 ? Double.NaN : labelSum / count;
    }

    Stats plus(Stats o) {
      return new Stats(count + o.count, duplicates + o.duplicates, labelSum + o.labelSum,
          Math.min(minLabel, o.minLabel), Math.max(maxLabel, o.maxLabel));
    }

    static Stats empty() {
      return new Stats(0, 0, 0, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    }
  }

  /** A set of built blocks with its statistics. */
  public record Blocks(JavaRDD<PartitionBlock<RatingColumns>> rdd, Stats stats,
      List<JavaRDD<PartitionBlock<RatingColumns>>> alsoCached) {
    public Blocks(JavaRDD<PartitionBlock<RatingColumns>> rdd, Stats stats) {
      this(rdd, stats, List.of());
    }

    public void unpersist() {
      rdd.unpersist(false);
      for (JavaRDD<?> r : alsoCached) r.unpersist(false);
    }

    /**
     * Both sets of blocks, this one's partitions first and {@code o}'s renumbered after them (a block's number is
     * its place in the aggregation tree and its random stream), so the union trains as deterministically as either.
     * The renumbered copy of {@code o} is cached; unpersisting the union unpersists it, not this set or {@code o}.
     */
    public Blocks plus(JavaSparkContext sc, Blocks o) {
      Stats a = stats;
      Stats b = o.stats;
      int shift = rdd.getNumPartitions();
      JavaRDD<PartitionBlock<RatingColumns>> moved = o.rdd.map(x -> new PartitionBlock<>(x.partition() + shift,
          x.data()));
      RatingBlocks.cache(sc, moved);
      return new Blocks(rdd.union(moved), new Stats(a.count() + b.count(), a.duplicates() + b.duplicates(),
          a.labelSum() + b.labelSum(), Math.min(a.minLabel(), b.minLabel()), Math.max(a.maxLabel(), b.maxLabel())),
          List.of(moved));
    }

    /**
     * Both sets of blocks as one block per partition: block k of this set and block k of {@code o} merged in
     * storage order ({@code RatingBlockBuilder.merge}), so the union trains in as many tasks, and aggregates as many
     * partial gradients, as either set; {@link #plus} when the partition counts differ. Deterministic: block k
     * depends only on the two blocks k. The merged blocks are cached; unpersisting them leaves both sets cached.
     */
    public Blocks merged(JavaSparkContext sc, Blocks o) {
      if (rdd.getNumPartitions() != o.rdd.getNumPartitions()) return plus(sc, o);
      JavaRDD<PartitionBlock<RatingColumns>> m = rdd.zipPartitions(o.rdd, RatingExamples::mergeBlocks);
      RatingBlocks.cache(sc, m);
      return new Blocks(m, stats.plus(o.stats));
    }
  }

  private static java.util.Iterator<PartitionBlock<RatingColumns>> mergeBlocks(
      java.util.Iterator<PartitionBlock<RatingColumns>> a, java.util.Iterator<PartitionBlock<RatingColumns>> b) {
    List<PartitionBlock<RatingColumns>> as = new java.util.ArrayList<>();
    a.forEachRemaining(as::add);
    b.forEachRemaining(as::add);
    if (as.size() != 2) return as.iterator(); // an empty side: the other block as it is
    PartitionBlock<RatingColumns> first = as.get(0);
    return List.of(new PartitionBlock<>(first.partition(), RatingBlockBuilder.merge(first.data(), as.get(1).data())))
        .iterator();
  }

  /** The training examples of each user and each item. */
  public record RowCounts(int[] users, int[] items) implements Serializable {
    /** Counted over {@code blocks} (ids in {@code [0, users)} and {@code [0, items)}), summed in a tree. */
    static RowCounts of(JavaRDD<PartitionBlock<RatingColumns>> blocks, int users, int items) {
      int[][] c = blocks.treeAggregate(new int[][] {new int[users], new int[items]}, (acc, b) -> {
        RatingColumns d = b.data();
        for (int x = 0; x < d.size(); x++) {
          acc[0][d.users()[x]]++;
          acc[1][d.items()[x]]++;
        }
        return acc;
      }, RowCounts::plus, 2); // plain arrays on the wire: Kryo cannot build records
      return new RowCounts(c[0], c[1]);
    }

    private static int[][] plus(int[][] a, int[][] b) {
      for (int k = 0; k < 2; k++) for (int r = 0; r < a[k].length; r++) a[k][r] += b[k][r];
      return a;
    }
  }

  /** Whether a record is in the test slice held out with {@code fraction} and {@code seed}. */
  static boolean heldOut(String user, String item, float label, double fraction, long seed) {
    return new Holdout(fraction, 0, seed).slice(user, item, label) == Holdout.Slice.TEST;
  }

  static boolean takes(Holdout.Part part, RatingChunk c, int k, Holdout holdout) {
    return holdout.takes(part, c.userIds()[c.users()[k]], c.itemIds()[c.items()[k]], c.labels()[k]);
  }

  /** The merged reports of every chunk (an action: bad input surfaces here, as the reader's own exception). */
  public static ReadReport report(JavaRDD<RatingChunk> chunks) {
    return ReadReport.mergeAll(SourceErrors.unwrap(() -> chunks.map(RatingChunk::report).collect())).orThrow();
  }

  /** The index of the ids (users when {@code users}, else items) of the records {@code part} takes. */
  static IdIndex index(JavaRDD<RatingChunk> chunks, boolean users, Holdout.Part part, Holdout holdout) {
    List<String> ids = new ArrayList<>(SourceErrors.unwrap(() -> chunks
        .flatMap(new UsedIds(users, part, holdout)).distinct().collect()));
    ids.sort(IdOrder.INSTANCE);
    return IdIndex.of(ids);
  }

  /**
   * The blocks of the records {@code part} takes, with ids from the broadcast indices ({@code grow = false}: ids
   * unknown to them become {@code -1}).
   */
  static Blocks build(JavaSparkContext sc, JavaRDD<RatingChunk> chunks, Broadcast<IdIndex> users,
      Broadcast<IdIndex> items, int partitions, Holdout.Part part, Holdout holdout, Duplicates policy, String what,
      String name) {
    JavaRDD<Built> built = chunks
        .mapPartitionsToPair(new ToPieces(users, items, partitions, part, holdout, policy == Duplicates.LAST))
        .partitionBy(new ByIndex(partitions))
        .mapPartitionsWithIndex(new BuildBlock(users, items, policy, what), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<Built> parts = SourceErrors.unwrap(() -> built.map(Built::withoutBlock).collect());
    Stats stats = Stats.empty();
    for (Built b : parts.stream().sorted((a, b) -> Integer.compare(a.partition, b.partition)).toList()) {
      if (b.error != null) {
        built.unpersist(false);
        throw b.error; // the lowest partition's, whichever task finished first
      }
      stats = stats.plus(b.stats);
    }
    JavaRDD<PartitionBlock<RatingColumns>> blocks = built.map(Built::block).setName(name + " (" + stats.count()
        + " in " + partitions + " blocks)");
    RatingBlocks.cache(sc, blocks);
    built.unpersist(false);
    return new Blocks(blocks, stats);
  }

  /** One partition's block and statistics, or the bad input that stopped it. */
  public record Built(int partition, PartitionBlock<RatingColumns> block, Stats stats, BadInputException error)
      implements Serializable {
    Built withoutBlock() {
      return new Built(partition, null, stats, error);
    }
  }

  /** The distinct ids of a chunk's records that a part takes. */
  private record UsedIds(boolean users, Holdout.Part part, Holdout holdout)
      implements FlatMapFunction<RatingChunk, String> {
    @Override
    public Iterator<String> call(RatingChunk c) {
      String[] dict = users ? c.userIds() : c.itemIds();
      int[] col = users ? c.users() : c.items();
      if (part == Holdout.Part.ALL) return Arrays.asList(dict).iterator();
      Set<String> used = new HashSet<>();
      for (int k = 0; k < c.size(); k++) if (takes(part, c, k, holdout)) used.add(dict[col[k]]);
      return used.iterator();
    }
  }

  /** Maps a split's records to dense ids and cuts them into one piece per target partition. */
  private record ToPieces(Broadcast<IdIndex> users, Broadcast<IdIndex> items, int partitions,
      Holdout.Part part, Holdout holdout, boolean withOrder) implements PairFlatMapFunction<Iterator<RatingChunk>, Integer,
      RatingPiece> {
    @Override
    public Iterator<Tuple2<Integer, RatingPiece>> call(Iterator<RatingChunk> it) {
      List<Tuple2<Integer, RatingPiece>> out = new ArrayList<>();
      IdIndex ui = users.value();
      IdIndex ii = items.value();
      while (it.hasNext()) {
        RatingChunk c = it.next();
        int[] uOf = lookupAll(ui, c.userIds());
        int[] iOf = lookupAll(ii, c.itemIds());
        int n = c.size();
        int[] target = new int[n];
        int[] counts = new int[partitions];
        for (int k = 0; k < n; k++) {
          if (!takes(part, c, k, holdout)) {
            target[k] = -1;
            continue;
          }
          target[k] = ExampleHash.partition(uOf[c.users()[k]], iOf[c.items()[k]], partitions);
          counts[target[k]]++;
        }
        int[][] us = new int[partitions][];
        int[][] is = new int[partitions][];
        float[][] ls = new float[partitions][];
        float[][] ws = new float[partitions][];
        long[][] os = new long[partitions][];
        for (int p = 0; p < partitions; p++) {
          us[p] = new int[counts[p]];
          is[p] = new int[counts[p]];
          ls[p] = new float[counts[p]];
          ws[p] = c.weights() == null ? null : new float[counts[p]];
          os[p] = withOrder ? new long[counts[p]] : null;
        }
        int[] fill = new int[partitions];
        long split = c.report().split();
        for (int k = 0; k < n; k++) {
          int p = target[k];
          if (p < 0) continue;
          int j = fill[p]++;
          us[p][j] = uOf[c.users()[k]];
          is[p][j] = iOf[c.items()[k]];
          ls[p][j] = c.labels()[k];
          if (ws[p] != null) ws[p][j] = c.weights()[k];
          if (os[p] != null) os[p][j] = split << 32 | k;
        }
        for (int p = 0; p < partitions; p++) {
          if (counts[p] > 0) out.add(new Tuple2<>(p, new RatingPiece(us[p], is[p], ls[p], ws[p], os[p])));
        }
      }
      return out.iterator();
    }

    private static int[] lookupAll(IdIndex index, String[] raw) {
      int[] out = new int[raw.length];
      for (int k = 0; k < raw.length; k++) out[k] = index.lookup(raw[k]);
      return out;
    }
  }

  /** Builds the block of one partition from its pieces. */
  private record BuildBlock(Broadcast<IdIndex> users, Broadcast<IdIndex> items, Duplicates policy, String what)
      implements Function2<Integer, Iterator<Tuple2<Integer, RatingPiece>>, Iterator<Built>> {
    @Override
    public Iterator<Built> call(Integer partition, Iterator<Tuple2<Integer, RatingPiece>> it) {
      List<RatingPiece> pieces = new ArrayList<>();
      while (it.hasNext()) pieces.add(it.next()._2());
      RatingBlockBuilder.Built b = RatingBlockBuilder.build(pieces, users.value(), items.value(), policy, what);
      if (b.error() != null) return List.of(new Built(partition, null, Stats.empty(), b.error())).iterator();
      Stats s = new Stats(b.block().size(), b.duplicates(), b.labelSum(), b.min(), b.max());
      return List.of(new Built(partition, new PartitionBlock<>(partition, b.block()), s, null)).iterator();
    }
  }

  /** Key {@code p} goes to partition {@code p}. */
  static final class ByIndex extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int n;

    ByIndex(int n) {
      this.n = n;
    }

    @Override
    public int numPartitions() {
      return n;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByIndex b && b.n == n;
    }

    @Override
    public int hashCode() {
      return n;
    }
  }
}
