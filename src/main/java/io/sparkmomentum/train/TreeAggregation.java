package io.sparkmomentum.train;

import java.io.Serializable;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.rdd.ShuffledRDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.collection.Iterator$;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Runs one round's aggregation of {@link GradientAggregator}s over the training blocks: every partition's
 * {@link GradientAggregator#add}, merged in the fixed summation tree.
 *
 * <h2>One job</h2>
 * When {@code RDD.treeAggregate} would add no executor-side level (up to 5 partitions at depth 2, any count at depth
 * 1; see {@link TreeLevels}) the round is a single {@code SparkContext.runJob} with a named (non-lambda) task
 * function: each task folds its partition into its own copy of the zero value and the driver merges the results.
 * That is what {@code treeAggregate} would compute, but {@code treeAggregate} passes five closures through Spark's
 * {@code ClosureCleaner}, which re-reads and parses class files with ASM on every call: about half of the driver's
 * time per round on MovieLens-100K in {@code local[2]}.
 *
 * <h2>Executor-side levels that merge</h2>
 * With more partitions the levels are ours, not {@code treeAggregate}'s: Spark groups partition {@code i} with
 * {@code i mod m}, which never puts two siblings of the summation tree together, so nothing would merge before the
 * driver. Here each level groups the pieces by the node of a cut of the tree that holds them ({@link TreeLevels}):
 * the leaf stage keys each partition's result by its group, a shuffle per level brings each group (a contiguous
 * range of partitions forming a whole subtree) to one task, which merges it into one piece and keys it by its group
 * of the next level; the last level's pieces are collected. The driver receives one piece per group of the last
 * level ({@code ⌊P/⌈√P⌉⌋ ≤ √P} at depth 2) instead of {@code P}. Merging a whole subtree is what the driver would
 * have done with its leaves, so the bits are those of the one-job path. A merged piece is often dense (its rows
 * cover more than half of the parameters) and would then cost up to twice its sparse bytes: every result leaves its
 * task {@link GradientPiece#pack packed}, its zero rows left behind and restored bit for bit. Every function handed to Spark is a named
 * class, so the {@code ClosureCleaner} has nothing to analyse, and the shuffles are plain {@code ShuffledRDD}s with
 * no aggregator (no closure of {@code PairRDDFunctions} to clean).
 */
public final class TreeAggregation {
  private static final Logger LOG = LoggerFactory.getLogger(TreeAggregation.class);

  private TreeAggregation() {}

  /**
   * The round's total and what the driver received for it.
   *
   * @param total every partition's {@link GradientAggregator#add}, merged in the fixed tree
   * @param driverPieces pieces (tree nodes) in the task results the driver merged
   * @param driverBytes bytes of those pieces as they travel ({@link GradientPiece#wireBytes}): values, row indices,
   *     next rows
   * @param executorLevels executor-side levels run before the driver's merge
   */
  public record Aggregated<D>(GradientAggregator<D> total, int driverPieces, long driverBytes, int executorLevels) {}

  /** Whether Spark's {@code treeAggregate} at this depth would add executor-side levels for {@code partitions}. */
  static boolean hasIntermediateLevels(int partitions, int depth) {
    return TreeLevels.sparkLevelSizes(partitions, depth).length > 0;
  }

  /** Logs which way rounds will be aggregated. */
  static void describe(int partitions, int depth) {
    TreeLevels levels = TreeLevels.of(partitions, depth);
    if (levels.count() > 0) {
      int[] groups = new int[levels.count()];
      for (int l = 0; l < groups.length; l++) groups[l] = levels.groups(l);
      LOG.info("aggregation: depth {} over {} partitions: executor-side levels of {} subtrees, then the driver",
          depth, partitions, java.util.Arrays.toString(groups));
    } else {
      LOG.info("aggregation: one level ({} partitions at depth {}): a single job, partial sums merged on the driver",
          partitions, depth);
    }
  }

  /** The round's total: every partition's {@link GradientAggregator#add} merged in the fixed tree. */
  static <D> GradientAggregator<D> run(JavaRDD<PartitionBlock<D>> blocks, GradientAggregator<D> zero, int depth) {
    return aggregate(blocks, zero, depth).total();
  }

  /** {@link #run}, also telling what the driver received. */
  public static <D> Aggregated<D> aggregate(JavaRDD<PartitionBlock<D>> blocks, GradientAggregator<D> zero, int depth) {
    TreeLevels levels = TreeLevels.of(blocks.getNumPartitions(), depth);
    RDD<PartitionBlock<D>> rdd = blocks.rdd();
    SparkContext sc = rdd.context();
    Object results;
    if (levels.count() == 0) {
      results = sc.runJob(rdd, new AddPartition<>(zero), tag());
    } else {
      RDD<Tuple2<Object, GradientAggregator<D>>> keyed =
          rdd.mapPartitions(new AddAndKey<>(zero, levels.starts(0)), false, keyedTag());
      for (int l = 1; l < levels.count(); l++) {
        keyed = byGroup(keyed, levels.groups(l - 1)).mapPartitions(new MergeAndKey<>(levels.starts(l)), false,
            keyedTag());
      }
      results = sc.runJob(byGroup(keyed, levels.groups(levels.count() - 1)), new MergeGroup<>(), tag());
    }
    GradientAggregator<D> total = zero;
    int pieces = 0;
    long bytes = 0;
    for (Object partial : (Object[]) results) {
      if (partial == null) continue; // a group with no partition (only if some partition holds no block)
      @SuppressWarnings("unchecked")
      GradientAggregator<D> a = (GradientAggregator<D>) partial;
      pieces += a.pieceCount();
      bytes += a.wireBytes();
      total = total.merge(a);
    }
    return new Aggregated<>(total, pieces, bytes, levels.count());
  }

  /** A shuffle that brings the results keyed by group {@code g} to task {@code g}. */
  private static <D> RDD<Tuple2<Object, GradientAggregator<D>>> byGroup(RDD<Tuple2<Object, GradientAggregator<D>>> in,
      int groups) {
    ClassTag<GradientAggregator<D>> v = tag();
    ShuffledRDD<Object, GradientAggregator<D>, GradientAggregator<D>> shuffled =
        new ShuffledRDD<>(in, new GroupPartitioner(groups), ClassTag$.MODULE$.apply(Integer.class), v, v);
    @SuppressWarnings("unchecked")
    RDD<Tuple2<Object, GradientAggregator<D>>> out = (RDD<Tuple2<Object, GradientAggregator<D>>>) (RDD<?>) shuffled;
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <D> ClassTag<Tuple2<Object, GradientAggregator<D>>> keyedTag() {
    return (ClassTag<Tuple2<Object, GradientAggregator<D>>>) (ClassTag<?>) ClassTag$.MODULE$.apply(Tuple2.class);
  }

  /** Merges the values of a group's iterator into the first one; null when the group is empty. */
  private static <D> GradientAggregator<D> mergeAll(Iterator<Tuple2<Object, GradientAggregator<D>>> in) {
    GradientAggregator<D> acc = null;
    while (in.hasNext()) {
      GradientAggregator<D> next = in.next()._2();
      acc = acc == null ? next : acc.merge(next);
    }
    return acc;
  }

  /** Keys an aggregator by the group (of the cut given by its {@code starts}) holding its lowest partition. */
  private static <D> Iterator<Tuple2<Object, GradientAggregator<D>>> keyed(GradientAggregator<D> acc, int[] starts) {
    if (acc == null || acc.lowestPartition() < 0) return Iterator$.MODULE$.empty();
    Object key = TreeLevels.groupOf(starts, acc.lowestPartition());
    return Iterator$.MODULE$.single(new Tuple2<>(key, acc.packForTransport()));
  }

  @SuppressWarnings("unchecked")
  private static <D> ClassTag<GradientAggregator<D>> tag() {
    return (ClassTag<GradientAggregator<D>>) (ClassTag<?>) ClassTag$.MODULE$.apply(GradientAggregator.class);
  }

  /**
   * The task: folds its partition into the zero value it was shipped with (each task deserializes its own copy, as
   * {@code treeAggregate}'s tasks do). A named class, so the closure cleaner has nothing to analyse.
   */
  private static final class AddPartition<D>
      implements scala.Function2<TaskContext, Iterator<PartitionBlock<D>>, GradientAggregator<D>>, Serializable {
    private static final long serialVersionUID = 1L;
    private final GradientAggregator<D> zero;

    AddPartition(GradientAggregator<D> zero) {
      this.zero = zero;
    }

    @Override
    public GradientAggregator<D> apply(TaskContext context, Iterator<PartitionBlock<D>> blocks) {
      GradientAggregator<D> acc = zero;
      while (blocks.hasNext()) acc = acc.add(blocks.next());
      return acc.packForTransport();
    }
  }

  /** The leaf stage of a level: folds the partition (as {@link AddPartition}) and keys it by its group. */
  private static final class AddAndKey<D> implements
      scala.Function1<Iterator<PartitionBlock<D>>, Iterator<Tuple2<Object, GradientAggregator<D>>>>, Serializable {
    private static final long serialVersionUID = 1L;
    private final GradientAggregator<D> zero;
    private final int[] starts;

    AddAndKey(GradientAggregator<D> zero, int[] starts) {
      this.zero = zero;
      this.starts = starts;
    }

    @Override
    public Iterator<Tuple2<Object, GradientAggregator<D>>> apply(Iterator<PartitionBlock<D>> blocks) {
      GradientAggregator<D> acc = zero;
      while (blocks.hasNext()) acc = acc.add(blocks.next());
      return keyed(acc, starts);
    }
  }

  /** An inner level's task: merges its group (a whole subtree) and keys the result by its group one level up. */
  private static final class MergeAndKey<D> implements scala.Function1<Iterator<Tuple2<Object, GradientAggregator<D>>>,
      Iterator<Tuple2<Object, GradientAggregator<D>>>>, Serializable {
    private static final long serialVersionUID = 1L;
    private final int[] starts;

    MergeAndKey(int[] starts) {
      this.starts = starts;
    }

    @Override
    public Iterator<Tuple2<Object, GradientAggregator<D>>> apply(Iterator<Tuple2<Object, GradientAggregator<D>>> in) {
      return keyed(mergeAll(in), starts);
    }
  }

  /** The last level's task: merges its group, whose result goes to the driver. */
  private static final class MergeGroup<D> implements
      scala.Function2<TaskContext, Iterator<Tuple2<Object, GradientAggregator<D>>>, GradientAggregator<D>>,
      Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public GradientAggregator<D> apply(TaskContext context, Iterator<Tuple2<Object, GradientAggregator<D>>> in) {
      GradientAggregator<D> acc = mergeAll(in);
      return acc == null ? null : acc.packForTransport();
    }
  }

  /** Sends key {@code g} (a group index) to reduce partition {@code g}. */
  private static final class GroupPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int groups;

    GroupPartitioner(int groups) {
      this.groups = groups;
    }

    @Override
    public int numPartitions() {
      return groups;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GroupPartitioner g && g.groups == groups;
    }

    @Override
    public int hashCode() {
      return groups;
    }
  }
}
