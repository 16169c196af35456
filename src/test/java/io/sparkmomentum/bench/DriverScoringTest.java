package io.sparkmomentum.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.Ratings;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.File;
import java.util.List;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.ml.regression.FMRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The benchmark scores ALS and FM on the driver from their fitted parameters; this checks those predictions against
 * the models' own {@code transform}, and the bias baseline against a hand computation.
 */
class DriverScoringTest {
  private static BenchSplit sample() {
    return BenchSplit.load("sample", "sample", new File("conf/sample.conf"),
        List.of("data.train=data/sample/train.tsv", "data.test=data/sample/test.tsv"));
  }

  @Test
  void alsDriverPredictionsMatchTransform() {
    SparkSession spark = SparkTestSession.get();
    BenchSplit s = sample();
    Dataset<Row> train = SparkFrames.ratings(spark, s.train());
    ALSModel m = AlsSystem.estimator(new AlsSystem.Params(5, 0.1, 5), 2).setCheckpointInterval(-1).fit(train);
    double[] ours = AlsSystem.predict(m, s.test(), s.numUsers(), s.numItems(), s.mean());
    Dataset<Row> test = SparkFrames.ratings(spark, s.test()).withColumn("k",
        org.apache.spark.sql.functions.monotonically_increasing_id());
    // Compare on (user, item): transform may reorder rows.
    java.util.Map<Long, Double> byPair = new java.util.HashMap<>();
    for (Row r : m.transform(test).collectAsList()) {
      byPair.put(((long) r.getInt(0) << 32) | (r.getInt(1) & 0xffffffffL), (double) r.getFloat(4));
    }
    Ratings t = s.test();
    int checked = 0;
    for (int k = 0; k < t.size; k++) {
      Double p = byPair.get(((long) t.users[k] << 32) | (t.items[k] & 0xffffffffL));
      if (p == null || p.isNaN()) {
        assertEquals(s.mean(), ours[k], 0.0, "cold start falls back to mu");
      } else {
        assertEquals(p, ours[k], 1e-5);
        checked++;
      }
    }
    assertTrue(checked > t.size / 2, "checked " + checked);
    train.unpersist();
    test.unpersist();
  }

  @Test
  void fmDriverPredictionsMatchTransform() {
    SparkSession spark = SparkTestSession.get();
    BenchSplit s = sample();
    Dataset<Row> train = SparkFrames.oneHot(spark, s.train(), s.numUsers(), s.numItems());
    FMRegressionModel m = FmSystem.estimator(new FmSystem.Params(4, 0.01, 0.05, 5, 1.0)).fit(train);
    Ratings t = s.test().slice(0, 500);
    double[] ours = FmSystem.predict(m, t, s.numUsers(), s.numItems());
    int dim = s.numUsers() + s.numItems();
    for (int k = 0; k < t.size; k++) {
      int u = t.users[k];
      int i = t.items[k];
      int[] idx = u >= 0 && i >= 0 ? new int[] {u, s.numUsers() + i} : u >= 0 ? new int[] {u}
          : i >= 0 ? new int[] {s.numUsers() + i} : new int[0];
      double[] ones = new double[idx.length];
      java.util.Arrays.fill(ones, 1);
      double p = m.predict(org.apache.spark.ml.linalg.Vectors.sparse(dim, idx, ones));
      assertEquals(p, ours[k], 1e-9);
    }
    train.unpersist();
  }

  @Test
  void biasBaselineByHand() {
    // users 0,1; items 0,1; mu = (4 + 2 + 5) / 3 = 11/3.
    Ratings train = new Ratings(new int[] {0, 0, 1}, new int[] {0, 1, 0}, new float[] {4, 2, 5});
    BiasBaseline b = BiasBaseline.fit(train, 2, 2, 1.0);
    double mu = 11.0 / 3;
    double bi0 = ((4 - mu) + (5 - mu)) / (1 + 2);
    double bi1 = (2 - mu) / (1 + 1);
    double bu0 = ((4 - mu - bi0) + (2 - mu - bi1)) / (1 + 2);
    double bu1 = (5 - mu - bi0) / (1 + 1);
    double[] p = b.predict(new Ratings(new int[] {0, 1, -1, 1}, new int[] {1, 0, 0, -1}, new float[] {0, 0, 0, 0}));
    assertEquals(mu + bu0 + bi1, p[0], 1e-12);
    assertEquals(mu + bu1 + bi0, p[1], 1e-12);
    assertEquals(mu + bi0, p[2], 1e-12, "unknown user: mu + b_i");
    assertEquals(mu + bu1, p[3], 1e-12, "unknown item: mu + b_u");
  }

  @Test
  void medians() {
    assertEquals(2.0, Stats.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
    assertTrue(Double.isNaN(Stats.median(List.<Double>of())));
  }
}
