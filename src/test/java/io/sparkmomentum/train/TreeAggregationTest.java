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
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * The one-level path (a single job, merged on the driver) and the executor-side levels ({@link TreeLevels}: stages
 * that merge whole subtrees) give the same bits. {@link TreeLevelsMergeTest} checks that the levels really merge.
 */
class TreeAggregationTest {
  @Test
  void intermediateLevelsFollowSparksRule() {
    // RDD.treeAggregate: scale = max(ceil(P^(1/depth)), 2); a level is added while P > scale + ceil(P / scale)
    assertFalse(TreeAggregation.hasIntermediateLevels(1, 2));
    assertFalse(TreeAggregation.hasIntermediateLevels(4, 2));
    assertFalse(TreeAggregation.hasIntermediateLevels(5, 2));
    assertTrue(TreeAggregation.hasIntermediateLevels(6, 2));
    assertTrue(TreeAggregation.hasIntermediateLevels(7, 2));
    assertTrue(TreeAggregation.hasIntermediateLevels(64, 3));
    assertFalse(TreeAggregation.hasIntermediateLevels(500, 1));
  }

  @Test
  void singleJobAndExecutorSideLevelsAgreeBitForBit() {
    var sc = SparkTestSession.sc();
    RatingColumns data = SyntheticRatings.generate(200, 150, 4, 6000, 0.3, 1, 5, 17).ratings();
    MatrixFactorization mf = new MatrixFactorization(200, 150, 4, data.mean(), 0.05, 0.01);
    OptimizerConfig opt = new OptimizerConfig(3.0, 0.9, 0, true, 0, ScheduleConfig.constant(), 0, 1, null, null);
    int partitions = 8;
    JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, data, partitions, "tree test");
    try {
      double[] init = mf.initialParameters(0.1, 3);
      double[] oneLevel = fit(sc, mf, opt, blocks, init, 1);
      double[] treeAggregate = fit(sc, mf, opt, blocks, init, 2);
      assertTrue(TreeAggregation.hasIntermediateLevels(partitions, 2));
      assertFalse(Arrays.equals(init, oneLevel), "training moved the weights");
      assertArrayEquals(oneLevel, treeAggregate, 0.0);
    } finally {
      blocks.unpersist();
    }
  }

  /** Broadcasting only the rows a round reads (small batches: a fraction of the rows) changes no bit. */
  @Test
  void rowBroadcastsGiveTheSameBitsAsFullOnes() {
    var sc = SparkTestSession.sc();
    RatingColumns data = SyntheticRatings.generate(500, 400, 4, 6000, 0.3, 1, 5, 29).ratings();
    MatrixFactorization mf = new MatrixFactorization(500, 400, 4, data.mean(), 0.05, 0.01);
    JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, data, 3, "row broadcast test");
    try {
      double[] init = mf.initialParameters(0.1, 4);
      for (var mode : OptimizerConfig.SparseUpdate.values()) {
        OptimizerConfig opt = new OptimizerConfig(3.0, 0.9, 0, true, 0, ScheduleConfig.cosine(100, 0.1), 0, 1, null,
            mode);
        double[] full = fit(sc, mf, opt, blocks, init, 3, 120, TrainerConfig.BroadcastMode.FULL);
        double[] rows = fit(sc, mf, opt, blocks, init, 3, 120, TrainerConfig.BroadcastMode.AUTO);
        assertFalse(Arrays.equals(init, rows), "training moved the weights");
        assertArrayEquals(full, rows, 0.0, mode.toString());
      }
    } finally {
      blocks.unpersist();
    }
  }

  /**
   * {@code trainer.transfer_precision = float}: half the bytes aggregated, a trajectory close to the exact one but
   * not equal to it, and still deterministic.
   */
  @Test
  void float32TransferIsCloseDeterministicAndHalvesTheBytes() {
    var sc = SparkTestSession.sc();
    RatingColumns data = SyntheticRatings.generate(300, 200, 4, 6000, 0.3, 1, 5, 31).ratings();
    MatrixFactorization mf = new MatrixFactorization(300, 200, 4, data.mean(), 0.05, 0.01);
    JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, data, 3, "float transfer test");
    try {
      double[] init = mf.initialParameters(0.1, 6);
      OptimizerConfig opt = new OptimizerConfig(3.0, 0.9, 0, true, 0, ScheduleConfig.constant(), 0, 1, null, null);
      long[] bytes = new long[2];
      double[] exact = fitCounting(sc, mf, opt, blocks, init, TrainerConfig.Precision.DOUBLE, bytes, 0);
      double[] float1 = fitCounting(sc, mf, opt, blocks, init, TrainerConfig.Precision.FLOAT, bytes, 1);
      double[] float2 = fitCounting(sc, mf, opt, blocks, init, TrainerConfig.Precision.FLOAT, new long[2], 1);
      assertArrayEquals(float1, float2, 0.0, "deterministic");
      double maxDiff = 0;
      double maxMove = 0;
      for (int j = 0; j < exact.length; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(exact[j] - float1[j]));
        maxMove = Math.max(maxMove, Math.abs(exact[j] - init[j]));
      }
      assertTrue(maxDiff > 0, "float32 rounding changes the trajectory");
      assertTrue(maxDiff < 1e-3 * maxMove, "close to the exact trajectory: " + maxDiff + " vs moves of " + maxMove);
      assertEquals(bytes[0], 2 * bytes[1], "float32 halves the bytes aggregated");
    } finally {
      blocks.unpersist();
    }
  }

  private static double[] fitCounting(org.apache.spark.api.java.JavaSparkContext sc, MatrixFactorization mf,
      OptimizerConfig opt, JavaRDD<PartitionBlock<RatingColumns>> blocks, double[] init,
      TrainerConfig.Precision precision, long[] bytes, int slot) {
    TrainerConfig tc = new TrainerConfig(2, 500, 3, 5, 1, 0, 0, 3, TrainerConfig.OnDivergence.STOP, 10, 3, 0, null,
        precision);
    Trainer<RatingColumns> t = new Trainer<>(sc, mf, opt, tc);
    t.listener(new TrainingListener() {
      @Override
      public void onRound(RoundResult r, TrainerState s) {
        bytes[slot] += r.timings().bytesAggregated();
      }
    });
    return t.fit(blocks, Trainer.initialState(init)).state().weights();
  }

  @Test
  void packedRunsScatterBackToTheRows() {
    var layout = new MatrixFactorization(5, 4, 3, 0, 0, 0).layout();
    double[] w = new double[layout.size()];
    for (int j = 0; j < w.length; j++) w[j] = j + 0.5;
    int[] rows = {0, 1, 3, 5, 6, 9, 10, 17};
    RowBroadcast.Runs runs = RowBroadcast.Runs.pack(w, rows, layout);
    assertTrue(runs.starts().length < rows.length, "adjacent rows merge into runs");
    double[] dense = new double[w.length];
    Arrays.fill(dense, -1);
    runs.scatterInto(dense);
    for (int r = 0; r < layout.numRows(); r++) {
      boolean in = Arrays.binarySearch(rows, r) >= 0;
      for (int j = layout.rowOffset(r); j < layout.rowOffset(r) + layout.rowWidth(r); j++) {
        assertTrue(in ? dense[j] == w[j] : dense[j] == -1, "row " + r + " index " + j);
      }
    }
  }

  private static double[] fit(org.apache.spark.api.java.JavaSparkContext sc, MatrixFactorization mf,
      OptimizerConfig opt, JavaRDD<PartitionBlock<RatingColumns>> blocks, double[] init, int depth) {
    return fit(sc, mf, opt, blocks, init, depth, 700, null);
  }

  private static double[] fit(org.apache.spark.api.java.JavaSparkContext sc, MatrixFactorization mf,
      OptimizerConfig opt, JavaRDD<PartitionBlock<RatingColumns>> blocks, double[] init, int depth, long batch,
      TrainerConfig.BroadcastMode broadcast) {
    int parts = blocks.getNumPartitions();
    TrainerConfig tc = new TrainerConfig(2, batch, parts, 5, 1, depth, 0, 3, TrainerConfig.OnDivergence.STOP, 10, 3,
        0, broadcast, null);
    return new Trainer<>(sc, mf, opt, tc).fit(blocks, Trainer.initialState(init)).state().weights();
  }
}
