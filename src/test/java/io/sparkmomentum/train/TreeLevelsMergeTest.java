package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.data.SyntheticRatings;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.SparkTestSession;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 4: the executor-side levels merge (the driver receives at most ⌈√P⌉ pieces per round at depth 2
 * instead of all P), and the model stays bit-identical to the one-job path.
 */
class TreeLevelsMergeTest {
  private static final RatingColumns DATA = SyntheticRatings.generate(300, 200, 4, 6000, 0.3, 1, 5, 41).ratings();
  private static final MatrixFactorization MF = new MatrixFactorization(300, 200, 4, DATA.mean(), 0.05, 0.01);

  @Test
  void driverReceivesAtMostRootPPiecesAt16Partitions() {
    checkRounds(16, 2, 4);
  }

  @Test
  void driverReceivesAtMostRootPPiecesAt64Partitions() {
    checkRounds(64, 2, 8);
  }

  @Test
  void depth3MergesOnTwoLevelsAt64Partitions() {
    checkRounds(64, 3, 4);
  }

  /**
   * Rounds of a mini-batch plan and a full-batch one, aggregated at {@code depth} and in one job: the driver gets
   * {@code expectedPieces} (≤ ⌈√P⌉ at depth 2) pieces, not P, and the same sum bit for bit.
   */
  private static void checkRounds(int partitions, int depth, int expectedPieces) {
    JavaSparkContext sc = SparkTestSession.sc();
    JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, DATA, partitions, "tree levels test");
    Broadcast<double[]> weights = sc.broadcast(MF.initialParameters(0.1, 5));
    try {
      long[] sizes = blocks.map(b -> (long) b.data().size()).collect().stream().mapToLong(Long::longValue).toArray();
      for (long batch : new long[] {500, 0}) {
        MiniBatchPlan plan = new MiniBatchPlan(sizes, batch, 7);
        for (long round = 0; round < 2 && round < plan.roundsPerEpoch(); round++) {
          var levels = TreeAggregation.aggregate(blocks, zero(weights, plan, round), depth);
          var oneJob = TreeAggregation.aggregate(blocks, zero(weights, plan, round), 1);
          String what = partitions + " partitions, depth " + depth + ", batch " + batch + ", round " + round;
          assertEquals(0, oneJob.executorLevels(), what);
          assertEquals(partitions, oneJob.driverPieces(), what + ": one job sends every partition's piece");
          assertEquals(depth == 3 ? 2 : 1, levels.executorLevels(), what);
          assertEquals(expectedPieces, levels.driverPieces(), what + ": pieces received by the driver");
          assertTrue(levels.driverPieces() <= Math.ceil(Math.pow(partitions, 1.0 / 2)), what);
          assertTrue(levels.driverBytes() < oneJob.driverBytes(), what + ": fewer bytes for the driver");
          assertSameBits(oneJob.total().result(), levels.total().result(), what);
          assertEquals(oneJob.total().leafPayloadBytes(), levels.total().leafPayloadBytes(), what);
        }
      }
    } finally {
      weights.destroy();
      blocks.unpersist();
    }
  }

  /** Training at depth 2 and 3 (executor-side levels) gives the one-job model bit for bit, at 16 and 64 partitions. */
  @Test
  void trainedModelIsBitIdenticalToTheOneJobPath() {
    JavaSparkContext sc = SparkTestSession.sc();
    OptimizerConfig opt = new OptimizerConfig(3.0, 0.9, 0, true, 0, ScheduleConfig.constant(), 0, 1, null, null);
    double[] init = MF.initialParameters(0.1, 3);
    for (int partitions : new int[] {16, 64}) {
      JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, DATA, partitions, "tree levels");
      try {
        for (long batch : new long[] {2000, 0}) {
          double[] oneJob = fit(sc, opt, blocks, init, 1, batch);
          assertFalse(Arrays.equals(init, oneJob), "training moved the weights");
          for (int depth : new int[] {2, 3}) {
            assertTrue(TreeAggregation.hasIntermediateLevels(partitions, depth));
            assertArrayEquals(oneJob, fit(sc, opt, blocks, init, depth, batch), 0.0,
                partitions + " partitions, depth " + depth + ", batch " + batch);
          }
        }
      } finally {
        blocks.unpersist();
      }
    }
  }

  /**
   * Leaf tasks that fail once and are retried, with float32 transfer (narrowed leaves, merged in double on the
   * executors) and without: the executor-side levels still give the one-job model bit for bit.
   */
  @Test
  void retriedLeafTasksAndFloatTransferKeepTheOneJobBits() throws Exception {
    JavaSparkContext sc = SparkTestSession.sc();
    OptimizerConfig opt = new OptimizerConfig(3.0, 0.9, 0, true, 0, ScheduleConfig.constant(), 0, 1, null, null);
    double[] init = MF.initialParameters(0.1, 8);
    JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, DATA, 16, "tree levels faults");
    AtomicInteger failed = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        if (!e.taskInfo().successful()) failed.incrementAndGet();
      }
    };
    try {
      for (TrainerConfig.Precision precision : TrainerConfig.Precision.values()) {
        double[] oneJob = fit(sc, opt, blocks, init, 1, 3000, precision);
        sc.sc().addSparkListener(counter);
        System.setProperty(TaskFaults.FAIL_FIRST_ATTEMPTS, "8");
        double[] levels;
        try {
          levels = fit(sc, opt, blocks, init, 2, 3000, precision);
        } finally {
          System.clearProperty(TaskFaults.FAIL_FIRST_ATTEMPTS);
          sc.sc().listenerBus().waitUntilEmpty();
          sc.sc().removeSparkListener(counter);
        }
        assertTrue(failed.get() > 0, "failures were injected and retried");
        assertArrayEquals(oneJob, levels, 0.0, precision + ": bit-identical despite " + failed + " failed attempts");
      }
    } finally {
      blocks.unpersist();
    }
  }

  private static GradientAggregator<RatingColumns> zero(Broadcast<double[]> weights, MiniBatchPlan plan, long round) {
    return new GradientAggregator<>(MF, Weights.of(weights), plan, round / plan.roundsPerEpoch(),
        round % plan.roundsPerEpoch()).reportingNextRows();
  }

  private static void assertSameBits(GradientPiece expected, GradientPiece actual, String what) {
    assertEquals(expected.lo, actual.lo, what);
    assertEquals(expected.hi, actual.hi, what);
    assertEquals(Double.doubleToRawLongBits(expected.loss), Double.doubleToRawLongBits(actual.loss), what);
    assertEquals(expected.count, actual.count, what);
    assertArrayEquals(expected.rows, actual.rows, what);
    assertArrayEquals(expected.values, actual.values, 0.0, what);
    assertArrayEquals(expected.nextRows, actual.nextRows, what);
  }

  private static double[] fit(JavaSparkContext sc, OptimizerConfig opt, JavaRDD<PartitionBlock<RatingColumns>> blocks,
      double[] init, int depth, long batch) {
    return fit(sc, opt, blocks, init, depth, batch, null);
  }

  private static double[] fit(JavaSparkContext sc, OptimizerConfig opt, JavaRDD<PartitionBlock<RatingColumns>> blocks,
      double[] init, int depth, long batch, TrainerConfig.Precision precision) {
    TrainerConfig tc = new TrainerConfig(2, batch, blocks.getNumPartitions(), 5, 1, depth, 0, 3,
        TrainerConfig.OnDivergence.STOP, 10, 3, 0, null, precision);
    return new Trainer<>(sc, MF, opt, tc).fit(blocks, Trainer.initialState(init)).state().weights();
  }

}
