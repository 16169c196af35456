package io.sparkmomentum.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.model.MatrixFactorization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MomentumMFModel}: the recommend* schemas and values against brute force, factors, save/load round trips. */
class MomentumMFModelTest {
  @TempDir
  static Path tmp;
  static Dataset<Row> train;
  static Dataset<Row> test;
  static MomentumMFModel model;

  @BeforeAll
  static void fit() {
    train = SampleRatings.tsv("train").cache();
    test = SampleRatings.tsv("test").cache();
    model = SampleRatings.estimator(2).fit(train);
  }

  @Test
  void recommendForAllUsersHasAlsSchemaAndTheBruteForceTopK() {
    Dataset<Row> recs = model.recommendForAllUsers(5);
    assertEquals("struct<user:int,recommendations:array<struct<item:int,rating:float>>>",
        recs.schema().simpleString());
    List<Row> rows = recs.collectAsList();
    assertEquals(model.scorer().numUsers(), rows.size());
    for (Row r : rows) assertTop(r.getInt(0), r.getList(1), true, 5);
  }

  @Test
  void recommendForAllItemsMirrorsIt() {
    Dataset<Row> recs = model.recommendForAllItems(3);
    assertEquals("struct<item:int,recommendations:array<struct<user:int,rating:float>>>",
        recs.schema().simpleString());
    List<Row> rows = recs.collectAsList();
    assertEquals(model.scorer().numItems(), rows.size());
    for (Row r : rows.subList(0, 50)) assertTop(r.getInt(0), r.getList(1), false, 3);
  }

  @Test
  void subsetsKeepKnownIdsOnce() {
    Dataset<Row> some = train.selectExpr("user", "item").where("user in (3, 5, 8) or item in (10, 20)")
        .union(train.sparkSession().sql("select -1 as user, -1 as item"));
    List<Row> users = model.recommendForUserSubset(some, 4).collectAsList();
    List<Integer> ids = users.stream().map(r -> r.getInt(0)).sorted().toList();
    List<Integer> expected = some.selectExpr("user").distinct().where("user >= 0").collectAsList().stream()
        .map(r -> r.getInt(0)).sorted().toList();
    assertEquals(expected, ids, "each known user once; the unknown -1 left out");
    for (Row r : users) assertTop(r.getInt(0), r.getList(1), true, 4);
    List<Row> items = model.recommendForItemSubset(some.where("item in (10, 20)"), 2).collectAsList();
    assertEquals(List.of(10, 20), items.stream().map(r -> r.getInt(0)).sorted().toList());
    for (Row r : items) assertTop(r.getInt(0), r.getList(1), false, 2);
  }

  @Test
  void rankingEvaluatorScoresRecommendationsJoinedWithTestPositives() {
    Dataset<Row> positives = test.where("rating >= 4").groupBy("user")
        .agg(org.apache.spark.sql.functions.expr("collect_list(cast(item as double))").as("label"));
    Dataset<Row> joined = model.recommendForAllUsers(10)
        .selectExpr("user", "transform(recommendations, r -> cast(r.item as double)) as prediction")
        .join(positives, "user");
    double precision = new org.apache.spark.ml.evaluation.RankingEvaluator().setMetricName("precisionAtK").setK(10)
        .evaluate(joined);
    assertTrue(joined.count() > 100, "users with test positives");
    assertTrue(precision >= 0 && precision <= 1, "precision@10 " + precision);
  }

  /** {@code recs} are the {@code k} best by the raw score computed here by brute force, best first. */
  private static void assertTop(int id, List<Row> recs, boolean forUser, int k) {
    MfScorer s = model.scorer();
    MatrixFactorization mf = s.model();
    int x = forUser ? s.userIndex(Integer.toString(id)) : s.itemIndex(Integer.toString(id));
    int n = forUser ? s.numItems() : s.numUsers();
    List<double[]> all = new ArrayList<>();
    for (int y = 0; y < n; y++) {
      double score = forUser ? mf.predict(s.weights(), x, y) : mf.predict(s.weights(), y, x);
      all.add(new double[] {score, y});
    }
    all.sort(Comparator.<double[]>comparingDouble(a -> -a[0]).thenComparingDouble(a -> a[1]));
    assertEquals(k, recs.size());
    for (int j = 0; j < k; j++) {
      int y = (int) all.get(j)[1];
      String expectedId = forUser ? s.itemId(y) : s.userId(y);
      assertEquals(expectedId, Integer.toString(recs.get(j).getInt(0)), "rank " + j + " of " + id);
      assertEquals((float) all.get(j)[0], recs.get(j).getFloat(1), "rank " + j + " of " + id);
    }
  }

  @Test
  void factorsAreTheWeightsAsFloats() {
    List<Row> users = model.userFactors().collectAsList();
    assertEquals("struct<id:int,features:array<float>>", model.userFactors().schema().simpleString());
    assertEquals(model.scorer().numUsers(), users.size());
    assertEquals(model.scorer().numItems(), model.itemFactors().count());
    Row first = users.get(0);
    int u = model.scorer().userIndex(Integer.toString(first.getInt(0)));
    List<Float> f = first.getList(1);
    assertEquals(model.rank(), f.size());
    for (int j = 0; j < f.size(); j++) assertEquals((float) model.scorer().weights()[u * model.rank() + j], f.get(j));
  }

  @Test
  void savedModelLoadsWithTheSameBitsParamsAndPredictions() throws Exception {
    String path = tmp.resolve("model").toString();
    model.setColdStartStrategy("drop").setPredictionCol("p");
    try {
      model.write().overwrite().save(path);
      MomentumMFModel loaded = MomentumMFModel.load(path);
      assertEquals(model.uid(), loaded.uid());
      assertEquals("drop", loaded.getColdStartStrategy());
      assertEquals("p", loaded.getPredictionCol());
      assertArrayEquals(model.scorer().weights(), loaded.scorer().weights());
      assertEquals(model.scorer().users().rawIds(), loaded.scorer().users().rawIds());
      assertEquals(model.scorer().items().rawIds(), loaded.scorer().items().rawIds());
      assertArrayEquals(model.scorer().clamp(), loaded.scorer().clamp());
      assertEquals(model.rank(), loaded.rank());
      assertEquals(model.globalMean(), loaded.globalMean());
      assertFalse(loaded.hasSummary());
      assertThrows(IllegalStateException.class, loaded::summary);
      List<Row> a = model.transform(test).orderBy("user", "item").collectAsList();
      List<Row> b = loaded.transform(test).orderBy("user", "item").collectAsList();
      assertTrue(a.size() > 7000, "most test pairs are warm: " + a.size());
      assertEquals(a, b);
      assertEquals(model.recommendForAllUsers(3).orderBy("user").collectAsList(),
          loaded.recommendForAllUsers(3).orderBy("user").collectAsList());
      assertThrows(Exception.class, () -> model.write().save(path), "no overwrite without overwrite()");
    } finally {
      model.setColdStartStrategy("nan").setPredictionCol("prediction");
    }
  }

  @Test
  void savedEstimatorLoadsWithItsParams() throws Exception {
    String path = tmp.resolve("estimator").toString();
    MomentumMF mf = SampleRatings.estimator(7).setColdStartStrategy("mean").setUserCol("u");
    mf.write().overwrite().save(path);
    MomentumMF loaded = MomentumMF.load(path);
    assertEquals(mf.uid(), loaded.uid());
    assertEquals(mf.extractParamMap().toString(), loaded.extractParamMap().toString().replace(loaded.uid(),
        mf.uid()));
    assertEquals(7, loaded.getMaxIter());
    assertEquals("cosine", loaded.getSchedule());
    assertTrue(loaded.getNesterov());
  }
}
