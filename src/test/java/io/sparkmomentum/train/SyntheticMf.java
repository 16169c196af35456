package io.sparkmomentum.train;

import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.data.SyntheticRatings;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.SparkTestSession;
import org.apache.spark.api.java.JavaRDD;

/**
 * The small training fixture of the trainer tests: 9,000 planted ratings of 400 users × 300 items (rank 4, seed 23),
 * rank-4 MF, cached on 3 partitions of the shared session, and its initial parameters (seed 9).
 */
record SyntheticMf(RatingColumns data, MatrixFactorization mf, JavaRDD<PartitionBlock<RatingColumns>> blocks,
    double[] init) {
  static final int USERS = 400;
  static final int ITEMS = 300;

  static SyntheticMf cached(String name) {
    RatingColumns data = SyntheticRatings.generate(USERS, ITEMS, 4, 9000, 0.3, 1, 5, 23).ratings();
    MatrixFactorization mf = new MatrixFactorization(USERS, ITEMS, 4, data.mean(), 0.05, 0.01);
    return new SyntheticMf(data, mf, RatingBlocks.distribute(SparkTestSession.sc(), data, 3, name),
        mf.initialParameters(0.1, 9));
  }
}
