package io.sparkmomentum.bench;

import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.data.SyntheticRatings;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.GradientAggregator;
import io.sparkmomentum.train.MiniBatchPlan;
import io.sparkmomentum.train.PartitionBlock;
import io.sparkmomentum.train.TreeAggregation;
import io.sparkmomentum.train.Weights;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What the driver receives per aggregation round (issue 9, item 4): Spark's {@code RDD.treeAggregate} at depth 2
 * (before) against {@link TreeAggregation}'s levels cut from the summation tree (after), on MovieLens-100K-sized
 * synthetic ratings (943 users, 1682 items, 100,000 ratings), matrix factorization of rank 32, at 16 and 64
 * partitions, batch 10,000 and full batch. Per round it prints the pieces the driver merges, their bytes (values,
 * row indices, next rows) and the bytes of every task result the driver received (Spark's
 * {@code TaskMetrics.resultSize}, result tasks and all tasks). That both give the same bits is
 * {@code TreeLevelsMergeTest}'s.
 *
 * <p>Run: {@code java -cp target/classes:$(deps) io.sparkmomentum.bench.TreeLevelsBench [rounds]}.
 */
public final class TreeLevelsBench {
  private TreeLevelsBench() {}

  public static void main(String[] args) throws java.util.concurrent.TimeoutException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("tree-levels-bench")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrator", "io.sparkmomentum.train.KryoRegistration");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      AtomicLong resultBytes = new AtomicLong();
      AtomicLong resultTaskBytes = new AtomicLong();
      sc.sc().addSparkListener(new SparkListener() {
        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
          if (end.taskMetrics() == null) return;
          resultBytes.addAndGet(end.taskMetrics().resultSize());
          if ("ResultTask".equals(end.taskType())) resultTaskBytes.addAndGet(end.taskMetrics().resultSize());
        }
      });
      RatingColumns data = SyntheticRatings.generate(943, 1682, 8, 100_000, 0.3, 1, 5, 11).ratings();
      MatrixFactorization mf = new MatrixFactorization(943, 1682, 32, data.mean(), 0.05, 0.01);
      Broadcast<double[]> w = sc.broadcast(mf.initialParameters(0.1, 3));
      System.out.printf(Locale.ROOT, "%-4s %-6s %-5s %-7s %6s %12s %14s %14s %9s%n", "P", "batch", "round", "path",
          "pieces", "piece bytes", "result tasks B", "all tasks B", "ms");
      for (int partitions : new int[] {16, 64}) {
        JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, data, partitions, "bench");
        long[] sizes = new long[partitions];
        for (PartitionBlock<RatingColumns> b : blocks.collect()) sizes[b.partition()] = b.data().size();
        for (long batch : new long[] {10_000, 0}) {
          MiniBatchPlan plan = new MiniBatchPlan(sizes, batch, 5);
          for (int r = 0; r < rounds + 1; r++) { // round 0 warms up
            long round = r % plan.roundsPerEpoch();
            String label = r == 0 ? "warmup" : Integer.toString(r);
            // before: RDD.treeAggregate; the driver's merges are the combOp calls outside any task
            long[] before = new long[2];
            long b0 = resultBytes.get();
            long t0 = resultTaskBytes.get();
            long s0 = System.nanoTime();
            GradientAggregator<RatingColumns> spark = blocks.treeAggregate(zero(mf, w, plan, round),
                GradientAggregator::add, (a, b) -> {
                  if (TaskContext.get() == null) {
                    before[0] += b.pieceCount();
                    before[1] += b.wireBytes();
                  }
                  return a.merge(b);
                }, 2);
            double ms = (System.nanoTime() - s0) / 1e6;
            sc.sc().listenerBus().waitUntilEmpty();
            print(partitions, batch, label, "before", before[0], before[1], resultTaskBytes.get() - t0,
                resultBytes.get() - b0, ms);
            b0 = resultBytes.get();
            t0 = resultTaskBytes.get();
            s0 = System.nanoTime();
            var ours = TreeAggregation.aggregate(blocks, zero(mf, w, plan, round), 2);
            ms = (System.nanoTime() - s0) / 1e6;
            sc.sc().listenerBus().waitUntilEmpty();
            print(partitions, batch, label, "after", ours.driverPieces(), ours.driverBytes(),
                resultTaskBytes.get() - t0, resultBytes.get() - b0, ms);
            spark.result(); // complete: one piece over [0, P)
            ours.total().result();
          }
        }
        blocks.unpersist();
      }
      w.destroy();
    }
  }

  private static GradientAggregator<RatingColumns> zero(MatrixFactorization mf, Broadcast<double[]> w,
      MiniBatchPlan plan, long round) {
    return new GradientAggregator<>(mf, Weights.of(w), plan, 0, round);
  }

  private static void print(int p, long batch, String round, String path, long pieces, long pieceBytes,
      long resultTaskBytes, long allBytes, double ms) {
    System.out.printf(Locale.ROOT, "%-4d %-6s %-5s %-7s %6d %12d %14d %14d %9.1f%n", p, batch == 0 ? "full" : batch,
        round, path, pieces, pieceBytes, resultTaskBytes, allBytes, ms);
  }

}
