package io.sparkmomentum.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.testing.SparkTestSession;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MomentumMF} as MLlib's {@code ALSSuite} tests ALS: params (Spark {@code Param}s, defaults, validation at fit
 * naming the param and the range), columns (missing, wrong type, nulls), ids of other types, and the summary.
 */
class MomentumMFTest {
  static Dataset<Row> train;

  @BeforeAll
  static void data() {
    train = SampleRatings.tsv("train").cache();
  }

  @Test
  void paramsAreSparkParamsUsableInAGrid() {
    MomentumMF mf = new MomentumMF();
    IntParam rank = mf.rank();
    DoubleParam reg = mf.regParam();
    ParamMap[] grid = new ParamGridBuilder().addGrid(rank, new int[] {2, 4}).addGrid(reg, new double[] {0.01, 0.1})
        .build();
    assertEquals(4, grid.length);
    MomentumMF copy = mf.copy(grid[3]);
    assertEquals(4, copy.getRank());
    assertEquals(0.1, copy.getRegParam());
    assertEquals(10, mf.getRank(), "the original is untouched");
    String explained = mf.explainParams();
    for (String name : List.of("userCol", "itemCol", "ratingCol", "predictionCol", "rank", "maxIter", "regParam",
        "seed", "implicitPrefs", "coldStartStrategy", "checkpointInterval", "stepSize", "momentum", "nesterov",
        "batchSize", "regParamBias", "numPartitions", "schedule", "scheduleTMax")) {
      assertTrue(mf.hasParam(name), name);
      assertTrue(explained.contains(name + ":"), name);
    }
  }

  @Test
  void badParamsFailAtFitNamingTheParamAndTheRange() {
    expectFitError(m -> m.setRank(0), "param rank = 0", ">= 1");
    expectFitError(m -> m.setRank(5000), "param rank = 5000", "[1, 4096]");
    expectFitError(m -> m.setMaxIter(0), "param maxIter = 0", ">= 1");
    expectFitError(m -> m.setRegParam(-0.1), "param regParam = -0.1", ">= 0");
    expectFitError(m -> m.setRegParamBias(-1), "param regParamBias = -1.0", ">= 0");
    expectFitError(m -> m.setStepSize(0), "param stepSize = 0.0", "> 0");
    expectFitError(m -> m.setMomentum(1.0), "param momentum = 1.0", "[0.0, 1.0)");
    expectFitError(m -> m.setMomentum(0).setNesterov(true), "param nesterov", "momentum > 0");
    expectFitError(m -> m.setBatchSize(-5), "param batchSize = -5", ">= 0");
    expectFitError(m -> m.setNumPartitions(-1), "param numPartitions = -1", ">= 0");
    expectFitError(m -> m.setValidationFraction(1.0), "param validationFraction = 1.0", "[0.0, 1.0)");
    expectFitError(m -> m.setSchedule("warm"), "param schedule", "cosine");
    expectFitError(m -> m.setSchedule("cosine").setScheduleTMax(0), "param scheduleTMax = 0", ">= 1");
    expectFitError(m -> m.setColdStartStrategy("zero"), "param coldStartStrategy = \"zero\"", "nan, drop or mean");
    expectFitError(m -> m.setCheckpointInterval(0), "param checkpointInterval = 0", "-1 (none) or an integer >= 1");
    expectFitError(m -> m.setPositiveThreshold(4), "param positiveThreshold = 4.0 needs implicitPrefs = true");
  }

  private static void expectFitError(Consumer<MomentumMF> bad, String... fragments) {
    MomentumMF mf = SampleRatings.estimator(1);
    bad.accept(mf);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mf.fit(train));
    assertTrue(e.getMessage().startsWith("MomentumMF: "), e.getMessage());
    for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
  }

  @Test
  void badColumnsFailAtFitNamingTheParamAndTheColumn() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> SampleRatings.estimator(1).setUserCol("userId").fit(train));
    assertTrue(missing.getMessage().contains("userCol 'userId' is not a column of the dataset; columns present: "
        + "user int, item int, rating double"), missing.getMessage());
    Dataset<Row> stringRating = train.selectExpr("user", "item", "cast(rating as string) as rating");
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> SampleRatings.estimator(1).fit(stringRating));
    assertTrue(type.getMessage().contains("ratingCol 'rating' has type string; expected a numeric type"),
        type.getMessage());
    Dataset<Row> boolItem = train.selectExpr("user", "item > 100 as item", "rating");
    IllegalArgumentException idType = assertThrows(IllegalArgumentException.class,
        () -> SampleRatings.estimator(1).fit(boolItem));
    assertTrue(idType.getMessage().contains("itemCol 'item' has type boolean; expected string, tinyint"),
        idType.getMessage());
    Dataset<Row> nullUser = train.selectExpr("case when user = 7 then null else user end as user", "item", "rating");
    RuntimeException nulls = assertThrows(RuntimeException.class, () -> SampleRatings.estimator(1).fit(nullUser));
    assertTrue(nulls.getMessage().contains("column 'user' (user id): null; expected a user id"), nulls.getMessage());
    Dataset<Row> fractional = train.selectExpr("cast(user as double) + 0.5 as user", "item", "rating");
    Exception frac = assertThrows(Exception.class, () -> SampleRatings.estimator(1).fit(fractional));
    assertTrue(String.valueOf(frac.getMessage()).contains("userCol 'user' holds"), frac.getMessage());
  }

  @Test
  void stringAndWholeDoubleIdsGiveTheBitsOfIntegerIds() {
    MomentumMFModel ints = SampleRatings.estimator(1).fit(train);
    MomentumMFModel strings = SampleRatings.estimator(1)
        .fit(train.selectExpr("cast(user as string) as user", "cast(item as bigint) as item", "rating"));
    MomentumMFModel doubles = SampleRatings.estimator(1)
        .fit(train.selectExpr("cast(user as double) as user", "cast(item as double) as item", "rating"));
    assertArrayEquals(ints.scorer().weights(), strings.scorer().weights());
    assertArrayEquals(ints.scorer().weights(), doubles.scorer().weights());
    assertEquals(ints.scorer().users().rawIds(), doubles.scorer().users().rawIds());
    assertEquals("string", strings.userFactors().schema().apply("id").dataType().simpleString());
    assertEquals("bigint", strings.itemFactors().schema().apply("id").dataType().simpleString());
    assertEquals("double", doubles.userFactors().schema().apply("id").dataType().simpleString());
  }

  @Test
  void summaryReportsEveryRoundTheValidationAndTheStopReason() {
    MomentumMFModel m = SampleRatings.estimator(2).setValidationFraction(0.2).fit(train);
    MomentumMFSummary s = m.summary();
    assertEquals("max_epochs", s.stopReason());
    assertEquals(2 * s.roundsPerEpoch(), s.totalIterations());
    double[] loss = s.objectiveHistory();
    assertEquals(s.totalIterations(), loss.length);
    for (double l : loss) assertTrue(Double.isFinite(l) && l > 0, "loss " + l);
    assertTrue(loss[loss.length - 1] < loss[0], "the loss falls: " + loss[0] + " -> " + loss[loss.length - 1]);
    List<java.util.Map<String, Double>> ev = s.evaluationHistory();
    assertEquals(2, ev.size(), "one evaluation per epoch: " + ev);
    assertTrue(ev.get(1).get("rmse") < ev.get(0).get("rmse"), ev.toString());
    assertTrue(ev.get(1).get("count") > 0.15 * train.count(), ev.toString());
    assertTrue(m.hasSummary());
  }

  @Test
  void coldStartStrategies() {
    SparkSession spark = SparkTestSession.get();
    MomentumMFModel m = SampleRatings.estimator(1).fit(train);
    Dataset<Row> pairs = spark.createDataFrame(List.of(
        org.apache.spark.sql.RowFactory.create(1, 1), org.apache.spark.sql.RowFactory.create(-5, 1),
        org.apache.spark.sql.RowFactory.create(1, -7), org.apache.spark.sql.RowFactory.create(null, 1)),
        new org.apache.spark.sql.types.StructType().add("user", "int").add("item", "int"));
    MfScorer s = m.scorer();
    int item1 = s.itemIndex("1");
    double mu = s.model().mu();
    double[] w = s.weights();
    int biOffset = (s.numUsers() + s.numItems()) * m.rank() + s.numUsers();
    double knownItemOnly = clamp(s, mu + w[biOffset + item1]);
    List<Row> nan = m.transform(pairs).orderBy("user", "item").collectAsList();
    assertEquals(4, nan.size());
    long nans = nan.stream().filter(r -> Double.isNaN(r.getDouble(2))).count();
    assertEquals(3, nans, nan.toString());
    List<Row> dropped = m.setColdStartStrategy("drop").transform(pairs).collectAsList();
    assertEquals(1, dropped.size());
    assertEquals(s.predict("1", "1", false), dropped.get(0).getDouble(2));
    List<Row> mean = m.setColdStartStrategy("mean").transform(pairs).collectAsList();
    for (Row r : mean) {
      if (r.isNullAt(0) || r.getInt(0) == -5) assertEquals(knownItemOnly, r.getDouble(2), "user unknown: " + r);
    }
    assertTrue(mean.stream().noneMatch(r -> Double.isNaN(r.getDouble(2))));
    assertFalse(m.setColdStartStrategy("bogus").getColdStartStrategy().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> m.transform(pairs));
  }

  private static double clamp(MfScorer s, double p) {
    double[] c = s.clamp();
    return c == null ? p : Math.min(c[1], Math.max(c[0], p));
  }
}
