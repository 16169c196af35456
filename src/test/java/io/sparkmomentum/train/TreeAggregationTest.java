package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
 * The one-level path (a single job, merged on the driver) and Spark's {@code RDD.treeAggregate} with executor-side
 * levels give the same bits.
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
  void singleJobAndTreeAggregateAgreeBitForBit() {
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

  private static double[] fit(org.apache.spark.api.java.JavaSparkContext sc, MatrixFactorization mf,
      OptimizerConfig opt, JavaRDD<PartitionBlock<RatingColumns>> blocks, double[] init, int depth) {
    TrainerConfig tc = new TrainerConfig(2, 700, 8, 5, 1, depth, 0, 3, TrainerConfig.OnDivergence.STOP, 10, 3, 0);
    return new Trainer<>(sc, mf, opt, tc).fit(blocks, Trainer.initialState(init)).state().weights();
  }
}
