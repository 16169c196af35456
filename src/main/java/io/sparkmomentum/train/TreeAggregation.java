package io.sparkmomentum.train;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Runs one round's {@code treeAggregate} of {@link GradientAggregator}s over the training blocks.
 *
 * <p>Spark's {@code RDD.treeAggregate(zero, add, merge, depth)} adds intermediate levels on the executors only when
 * the partitions outnumber {@code scale + ⌈P/scale⌉} with {@code scale = max(⌈P^(1/depth)⌉, 2)}. Below that (up to
 * 5 partitions at depth 2, any count at depth 1) it is one job whose tasks each fold their partition into a copy of
 * the zero value and whose results the driver merges. That one-level case is what we run ourselves, as a single
 * {@code SparkContext.runJob} with a named (non-lambda) task function: the computation and the result are the same
 * (the merge order cannot change a bit, see {@link GradientAggregator}), but {@code treeAggregate} passes five
 * closures through Spark's {@code ClosureCleaner}, which re-reads and parses class files with ASM on every call —
 * about half of the driver's time per round on MovieLens-100K in {@code local[2]}. With more partitions,
 * {@code RDD.treeAggregate} itself runs, with its executor-side levels.
 */
final class TreeAggregation {
  private static final Logger LOG = LoggerFactory.getLogger(TreeAggregation.class);

  private TreeAggregation() {}

  /** Whether Spark's {@code treeAggregate} at this depth would add executor-side levels for {@code partitions}. */
  static boolean hasIntermediateLevels(int partitions, int depth) {
    int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
    return partitions > scale + (int) Math.ceil((double) partitions / scale);
  }

  /** Logs which way rounds will be aggregated. */
  static void describe(int partitions, int depth) {
    if (hasIntermediateLevels(partitions, depth)) {
      LOG.info("aggregation: RDD.treeAggregate depth {} over {} partitions (executor-side levels)", depth, partitions);
    } else {
      LOG.info("aggregation: one level ({} partitions at depth {}): a single job, partial sums merged on the driver",
          partitions, depth);
    }
  }

  /** The round's total: every partition's {@link GradientAggregator#add} merged in the fixed tree. */
  static <D> GradientAggregator<D> run(JavaRDD<PartitionBlock<D>> blocks, GradientAggregator<D> zero, int depth) {
    int partitions = blocks.getNumPartitions();
    if (hasIntermediateLevels(partitions, depth)) {
      return blocks.treeAggregate(zero, GradientAggregator::add, GradientAggregator::merge, depth);
    }
    ClassTag<GradientAggregator<D>> tag = tag();
    RDD<PartitionBlock<D>> rdd = blocks.rdd();
    Object results = blocks.context().runJob(rdd, new AddPartition<>(zero), tag);
    GradientAggregator<D> total = zero;
    for (Object partial : (Object[]) results) {
      @SuppressWarnings("unchecked")
      GradientAggregator<D> a = (GradientAggregator<D>) partial;
      total = total.merge(a);
    }
    return total;
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
      return acc;
    }
  }
}
