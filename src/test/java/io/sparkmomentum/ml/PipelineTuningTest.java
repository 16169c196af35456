package io.sparkmomentum.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MomentumMF} in MLlib's machinery: a {@link Pipeline} with {@link StringIndexer}s upstream, saved and loaded;
 * {@link CrossValidator} and {@link TrainValidationSplit} with {@link RegressionEvaluator} and {@code
 * setParallelism(2)}, whose two fits at once give each the bits of a fit alone.
 */
class PipelineTuningTest {
  @TempDir
  static Path tmp;
  static Dataset<Row> train;
  static Dataset<Row> test;

  @BeforeAll
  static void data() {
    // string ids, as users have them: StringIndexer turns them into the double indices ALS pipelines use
    train = SampleRatings.tsv("train").selectExpr("concat('u', user) as userName", "concat('i', item) as itemName",
        "rating").cache();
    test = SampleRatings.tsv("test").selectExpr("concat('u', user) as userName", "concat('i', item) as itemName",
        "rating").cache();
  }

  private static MomentumMF indexed(int epochs) {
    return SampleRatings.estimator(epochs).setUserCol("userIndex").setItemCol("itemIndex");
  }

  @Test
  void pipelineWithStringIndexersSavesAndLoadsToTheSamePredictions() throws Exception {
    StringIndexer users = new StringIndexer().setInputCol("userName").setOutputCol("userIndex")
        .setHandleInvalid("keep");
    StringIndexer items = new StringIndexer().setInputCol("itemName").setOutputCol("itemIndex")
        .setHandleInvalid("keep");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {users, items,
        indexed(2).setColdStartStrategy("drop")});
    PipelineModel fitted = pipeline.fit(train);
    String path = tmp.resolve("pipeline-model").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    List<Row> a = fitted.transform(test).orderBy("userName", "itemName").collectAsList();
    List<Row> b = loaded.transform(test).orderBy("userName", "itemName").collectAsList();
    assertTrue(a.size() > 7000, "most test pairs are warm: " + a.size());
    assertEquals(a, b);
    double rmse = new RegressionEvaluator().setLabelCol("rating").setPredictionCol("prediction")
        .evaluate(loaded.transform(test));
    assertTrue(rmse < 1.2, "test RMSE after 2 epochs: " + rmse);
    String estimatorPath = tmp.resolve("pipeline").toString();
    pipeline.write().overwrite().save(estimatorPath);
    Pipeline reloaded = Pipeline.load(estimatorPath);
    assertEquals(3, reloaded.getStages().length);
    assertEquals(MomentumMF.class, reloaded.getStages()[2].getClass());
    assertEquals("drop", ((MomentumMF) reloaded.getStages()[2]).getColdStartStrategy());
  }

  @Test
  void crossValidatorRunsTwoFitsAtOnceEachWithTheBitsOfAFitAlone() {
    Dataset<Row> data = ids(train);
    MomentumMF mf = SampleRatings.estimator(2).setColdStartStrategy("drop");
    ParamMap[] grid = new ParamGridBuilder().addGrid(mf.regParam(), new double[] {0.02, 0.08}).build();
    RegressionEvaluator rmse = new RegressionEvaluator().setLabelCol("rating").setPredictionCol("prediction");
    CrossValidatorModel cv = new CrossValidator().setEstimator(mf).setEstimatorParamMaps(grid).setEvaluator(rmse)
        .setNumFolds(2).setParallelism(2).setSeed(7).fit(data);
    double[] metrics = cv.avgMetrics();
    assertEquals(2, metrics.length);
    for (double m : metrics) assertTrue(Double.isFinite(m) && m > 0 && m < 2, "avg RMSE " + m);
    MomentumMFModel best = (MomentumMFModel) cv.bestModel();
    int bestIndex = metrics[0] <= metrics[1] ? 0 : 1;
    MomentumMFModel alone = mf.fit(data, grid[bestIndex]);
    assertArrayEquals(alone.scorer().weights(), best.scorer().weights(), "refit inside CV = a fit alone");
  }

  @Test
  void trainValidationSplitInParallelGivesTheSameMetricsAsSequentially() {
    Dataset<Row> data = ids(train);
    MomentumMF mf = SampleRatings.estimator(1).setColdStartStrategy("drop");
    ParamMap[] grid = new ParamGridBuilder().addGrid(mf.rank(), new int[] {2, 4})
        .addGrid(mf.stepSize(), new double[] {20, 40}).build();
    RegressionEvaluator rmse = new RegressionEvaluator().setLabelCol("rating").setPredictionCol("prediction");
    TrainValidationSplit tvs = new TrainValidationSplit().setEstimator(mf).setEstimatorParamMaps(grid)
        .setEvaluator(rmse).setTrainRatio(0.8).setSeed(11);
    TrainValidationSplitModel parallel = tvs.setParallelism(2).fit(data);
    TrainValidationSplitModel sequential = tvs.setParallelism(1).fit(data);
    assertEquals(4, parallel.validationMetrics().length);
    assertArrayEquals(sequential.validationMetrics(), parallel.validationMetrics(),
        "two fits at once do not disturb each other");
  }

  /** The sample's integer ids (the tuning tests need no indexers). */
  private static Dataset<Row> ids(Dataset<Row> named) {
    return named.selectExpr("cast(substring(userName, 2) as int) as user",
        "cast(substring(itemName, 2) as int) as item", "rating");
  }
}
