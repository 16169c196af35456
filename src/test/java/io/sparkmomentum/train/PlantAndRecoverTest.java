package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.data.SyntheticRatings;
import io.sparkmomentum.eval.RatingMetrics;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.SparkTestSession;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * Ratings drawn from known rank-3 factors plus N(0, 0.2²) noise: mini-batch momentum SGD through Spark must
 * recover them to near the noise floor on held-out ratings, and do it bit-identically twice.
 */
class PlantAndRecoverTest {
  static final double NOISE = 0.2;

  @Test
  void recoversPlantedFactorsToTheNoiseFloor() {
    var planted = SyntheticRatings.generate(200, 150, 3, 24000, NOISE, -100, 100, 2024);
    RatingColumns all = planted.ratings();
    RatingColumns train = all.slice(0, 21000);
    RatingColumns test = all.slice(21000, 24000);
    MatrixFactorization mf = new MatrixFactorization(200, 150, 3, train.mean(), 0.002, 0.0);
    OptimizerConfig opt = new OptimizerConfig(3.0, 0.9, 0, true, 0, ScheduleConfig.cosine(25 * 21, 0.01), 0, 1,
        null, null);
    TrainerConfig tc = TrainerConfig.of(25, 1000, 3, 7);
    var sc = SparkTestSession.sc();
    JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, train, 3, "planted train");
    JavaRDD<PartitionBlock<RatingColumns>> testBlocks = RatingBlocks.distribute(sc, test, 2, "planted test");
    double[] init = mf.initialParameters(0.1, 1);
    Trainer.Result a = new Trainer<>(sc, mf, opt, tc).fit(blocks, Trainer.initialState(init));
    Map<String, Double> m = RatingMetrics.evaluate(sc, mf, a.state().weights(), testBlocks, null);
    double rmse = m.get("rmse");
    assertTrue(rmse < 1.25 * NOISE, "held-out RMSE " + rmse + " should be near the noise floor " + NOISE);
    double baseline = Math.sqrt(variance(test));
    assertTrue(rmse < 0.35 * baseline, "RMSE " + rmse + " vs predicting the mean " + baseline);
    assertEquals(25 * 21, a.state().round());

    Trainer.Result b = new Trainer<>(sc, mf, opt, tc).fit(blocks, Trainer.initialState(init));
    assertArrayEquals(a.state().weights(), b.state().weights(), 0.0, "same seed and config, same bits");
    blocks.unpersist();
    testBlocks.unpersist();
  }

  static double variance(RatingColumns r) {
    double mean = r.mean();
    double s = 0;
    for (float x : r.ratings()) s += (x - mean) * (x - mean);
    return s / r.size();
  }
}
