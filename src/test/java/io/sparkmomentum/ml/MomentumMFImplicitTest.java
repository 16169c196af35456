package io.sparkmomentum.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.ml.evaluation.RankingEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MomentumMF#setImplicitPrefs(boolean)} on a planted data set: {@value #GROUPS} groups of users each like the
 * items of their own group (rated 5; noise events on other groups' items are rated 2 and dropped by
 * {@code positiveThreshold = 4}). Held-out positives are recovered: {@link RankingEvaluator}'s precision@10 on
 * {@code recommendForAllUsers} (training items removed) beats a random ranking by far.
 */
class MomentumMFImplicitTest {
  static final int GROUPS = 4;
  static final int ITEMS_PER_GROUP = 25;
  static final int USERS = 120;
  static Dataset<Row> train;
  static final Map<Integer, Set<Integer>> TRAIN_ITEMS = new HashMap<>();
  static final Map<Integer, List<Integer>> TEST_ITEMS = new HashMap<>();

  @BeforeAll
  static void plant() {
    Random rnd = new Random(17);
    List<Row> rows = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      int g = u % GROUPS;
      List<Integer> own = new ArrayList<>();
      for (int i = 0; i < ITEMS_PER_GROUP; i++) own.add(g * ITEMS_PER_GROUP + i);
      Collections.shuffle(own, rnd);
      TRAIN_ITEMS.put(u, new HashSet<>(own.subList(0, 10)));
      TEST_ITEMS.put(u, own.subList(10, 13));
      for (int i : own.subList(0, 10)) rows.add(RowFactory.create(u, i, 5.0));
      for (int k = 0; k < 3; k++) rows.add(RowFactory.create(u, rnd.nextInt(GROUPS * ITEMS_PER_GROUP), 2.0));
    }
    StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType)
        .add("rating", DataTypes.DoubleType);
    train = SparkTestSession.get().createDataFrame(rows, schema).cache();
  }

  static MomentumMF implicit() {
    return new MomentumMF().setImplicitPrefs(true).setPositiveThreshold(4).setRank(8).setRegParam(0.01)
        .setRegParamBias(0).setStepSize(5).setMomentum(0.9).setNesterov(true).setMaxIter(60).setNumPartitions(2)
        .setSeed(3);
  }

  @Test
  void implicitTrainingRecoversThePlantedPositivesFarBetterThanRandom() {
    MomentumMFModel model = implicit().fit(train);
    assertEquals("max_epochs", model.summary().stopReason());
    double[] loss = model.summary().objectiveHistory();
    assertTrue(loss[loss.length - 1] < 0.5 * loss[0], "the BPR loss falls: " + loss[0] + " -> "
        + loss[loss.length - 1]);
    List<Row> recs = model.recommendForAllUsers(40).collectAsList();
    assertEquals(USERS, recs.size());
    Random rnd = new Random(5);
    List<Row> ours = new ArrayList<>();
    List<Row> random = new ArrayList<>();
    for (Row r : recs) {
      int u = r.getInt(0);
      List<Double> top = new ArrayList<>();
      for (Row rec : r.<Row>getList(1)) {
        int item = rec.getInt(0);
        if (!TRAIN_ITEMS.get(u).contains(item) && top.size() < 10) top.add((double) item);
      }
      List<Double> shuffled = new ArrayList<>();
      for (int i = 0; i < GROUPS * ITEMS_PER_GROUP; i++) if (!TRAIN_ITEMS.get(u).contains(i)) shuffled.add((double) i);
      Collections.shuffle(shuffled, rnd);
      List<Double> relevant = TEST_ITEMS.get(u).stream().map(Integer::doubleValue).toList();
      ours.add(RowFactory.create(top, relevant));
      random.add(RowFactory.create(shuffled.subList(0, 10), relevant));
    }
    double p = precisionAt10(ours);
    double baseline = precisionAt10(random);
    System.out.println("implicit planted data: precision@10 " + p + ", random ranking " + baseline);
    assertTrue(p > 0.12 && p > 3 * baseline, "precision@10 " + p + " vs random " + baseline);
  }

  private static double precisionAt10(List<Row> rows) {
    StructType schema = new StructType()
        .add("prediction", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("label", DataTypes.createArrayType(DataTypes.DoubleType));
    Dataset<Row> df = SparkTestSession.get().createDataFrame(rows, schema);
    return new RankingEvaluator().setMetricName("precisionAtK").setK(10).evaluate(df);
  }

  @Test
  void implicitParamsAreChecked() {
    IllegalArgumentException explicit = assertThrows(IllegalArgumentException.class,
        () -> new MomentumMF().setPositiveThreshold(4).fit(train));
    assertTrue(explicit.getMessage().contains("param positiveThreshold = 4.0 needs implicitPrefs = true"),
        explicit.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> implicit().setPositiveThreshold(-1).fit(train));
    assertTrue(negative.getMessage().contains("param positiveThreshold"), negative.getMessage());
    Exception weight = assertThrows(Exception.class, () -> implicit().setPositiveThreshold(0)
        .fit(train.selectExpr("user", "item", "rating - 3 as rating")));
    assertTrue(weight.getMessage().contains("column 'rating' (rating): -1.0 is out of range; expected a number in [0.0, "),
        weight.getMessage());
  }
}
