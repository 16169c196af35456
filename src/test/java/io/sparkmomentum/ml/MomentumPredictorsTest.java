package io.sparkmomentum.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MomentumRegressor} and {@link MomentumClassifier} as MLlib's suites test its predictors: Spark params,
 * validation at fit (naming the param and the range), bad columns and rows, transform outputs, the summary, save
 * and load of models and estimators, a {@link Pipeline} with a {@link VectorAssembler} upstream saved and reloaded,
 * and {@link CrossValidator} / {@link TrainValidationSplit} with {@code setParallelism(2)}.
 */
class MomentumPredictorsTest {
  @TempDir
  static Path tmp;
  static Dataset<Row> binary;
  static Dataset<Row> regression;
  static Dataset<Row> three;

  @BeforeAll
  static void data() throws Exception {
    binary = PlantedRows.frame(PlantedRows.write(tmp.resolve("bin.libsvm"), PlantedRows.Task.BINARY, 800, 11))
        .cache();
    regression = PlantedRows.frame(PlantedRows.write(tmp.resolve("reg.libsvm"), PlantedRows.Task.REGRESSION, 800,
        12)).cache();
    three = PlantedRows.frame(PlantedRows.write(tmp.resolve("three.libsvm"), PlantedRows.Task.THREE_CLASSES, 800,
        13)).cache();
  }

  static MomentumClassifier classifier(String type) {
    return new MomentumClassifier().setModelType(type).setStepSize(0.5).setMaxIter(5).setBatchSize(200)
        .setNesterov(true).setNumPartitions(2);
  }

  static MomentumRegressor regressor(String type) {
    return new MomentumRegressor().setModelType(type).setStepSize(0.1).setMaxIter(5).setBatchSize(200)
        .setNesterov(true).setNumPartitions(2);
  }

  @Test
  void paramsAreSparkParamsUsableInAGrid() {
    MomentumClassifier c = new MomentumClassifier();
    ParamMap[] grid = new ParamGridBuilder().addGrid(c.stepSize(), new double[] {0.1, 1})
        .addGrid(c.regParam(), new double[] {0, 0.01}).build();
    assertEquals(4, grid.length);
    MomentumClassifier copy = c.copy(grid[3]);
    assertEquals(1.0, copy.getStepSize());
    assertEquals(0.01, copy.getRegParam());
    assertEquals(0.01, c.getStepSize(), "the original keeps the CLI's default");
    assertEquals("logistic", c.getModelType());
    assertEquals("linear", new MomentumRegressor().getModelType());
    assertArrayEquals(new int[] {128}, c.getHiddenLayers());
    String explained = c.explainParams();
    for (String name : List.of("featuresCol", "labelCol", "predictionCol", "rawPredictionCol", "probabilityCol",
        "thresholds", "weightCol", "modelType", "hiddenLayers", "regParam", "fitIntercept", "factorSize", "initStd",
        "regParamLinear", "regParamFactors", "fmRegularization", "clampPredictions", "maxIter", "stepSize", "momentum",
        "nesterov", "batchSize", "seed", "numPartitions", "validationFraction", "checkpointInterval", "schedule",
        "scheduleTMax")) {
      assertTrue(c.hasParam(name), name);
      assertTrue(explained.contains(name + ":"), name);
    }
  }

  @Test
  void badParamsFailAtFitNamingTheParamAndTheRange() {
    expectFitError(m -> m.setModelType("tree"), "param modelType = \"tree\"", "logistic, softmax, mlp, fm");
    expectFitError(m -> m.setStepSize(0), "param stepSize", "> 0");
    expectFitError(m -> m.setMomentum(1.0), "param momentum", "[0.0, 1.0)");
    expectFitError(m -> m.setMaxIter(0), "param maxIter", ">= 1");
    expectFitError(m -> m.setBatchSize(-5), "param batchSize");
    expectFitError(m -> m.setRegParam(-1), "param regParam", ">= 0");
    expectFitError(m -> m.setModelType("mlp").setHiddenLayers(new int[] {0}), "param hiddenLayers", "[1, 65536]");
    expectFitError(m -> m.setHiddenLayers(new int[] {4}), "param hiddenLayers is set, but modelType logistic does "
        + "not read it", "only with modelType mlp");
    expectFitError(m -> m.setModelType("fm").setRegParam(0.1), "param regParam is set, but modelType fm");
    expectFitError(m -> m.setModelType("fm").setFactorSize(0), "param factorSize = 0", ">= 1");
    expectFitError(m -> m.setSchedule("warm"), "param schedule", "cosine");
    expectFitError(m -> m.setValidationFraction(1), "param validationFraction", "[0.0, 1.0)");
    expectFitError(m -> m.setCheckpointInterval(0), "param checkpointInterval = 0", "-1 (none) or an integer >= 1");
  }

  private static void expectFitError(Consumer<MomentumClassifier> bad, String... fragments) {
    MomentumClassifier c = classifier("logistic");
    bad.accept(c);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.fit(binary));
    assertTrue(e.getMessage().startsWith("MomentumClassifier: "), e.getMessage());
    for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
  }

  @Test
  void badColumnsAndRowsFailAtFitNamingTheColumnAndTheRow() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> classifier("logistic").setFeaturesCol("x").fit(binary));
    assertTrue(missing.getMessage().contains("featuresCol 'x' is not a column of the dataset; columns present: "
        + "label double, features vector"), missing.getMessage());
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> regressor("linear").fit(binary.selectExpr("label", "cast(label as string) as features")));
    assertTrue(type.getMessage().contains("featuresCol 'features' has type string; expected a vector"),
        type.getMessage());
    IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
        () -> regressor("linear").fit(binary.selectExpr("cast(label as string) as label", "features")));
    assertTrue(label.getMessage().contains("labelCol 'label' has type string; expected a numeric type"),
        label.getMessage());
    IllegalArgumentException weight = assertThrows(IllegalArgumentException.class,
        () -> regressor("linear").setWeightCol("w").fit(binary));
    assertTrue(weight.getMessage().contains("weightCol 'w' is not a column"), weight.getMessage());

    Exception minusOne = assertThrows(Exception.class, () -> classifier("logistic")
        .fit(binary.selectExpr("case when label = 0 then -1.0 else label end as label", "features")));
    assertTrue(minusOne.getMessage().contains("column 'label' (labelCol): -1.0 is not a class index; expected 0 or 1 "
        + "(Spark's classifiers take class indices 0..k-1: map -1/+1 labels to 0/1)"), minusOne.getMessage());
    assertTrue(minusOne.getMessage().startsWith("MomentumClassifier.fit's dataset: record "), minusOne.getMessage());
    Exception nullLabel = assertThrows(Exception.class, () -> regressor("linear")
        .fit(regression.selectExpr("case when label > 1 then null else label end as label", "features")));
    assertTrue(nullLabel.getMessage().contains("column 'label' (labelCol): null; expected a finite number"),
        nullLabel.getMessage());
    Exception fraction = assertThrows(Exception.class, () -> classifier("softmax")
        .fit(three.selectExpr("label + 0.5 as label", "features")));
    assertTrue(fraction.getMessage().contains("is not a class index; expected an integer class index"),
        fraction.getMessage());
    StructType schema = new StructType().add("label", DataTypes.DoubleType)
        .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
    Dataset<Row> sizes = SparkTestSession.get().createDataFrame(List.of(
        RowFactory.create(1.0, Vectors.dense(1, 2)), RowFactory.create(0.0, Vectors.dense(1, 2, 3)),
        RowFactory.create(1.0, null)), schema).coalesce(1);
    Exception size = assertThrows(Exception.class, () -> regressor("linear").fit(sizes));
    assertTrue(size.getMessage().contains("record 2 of Spark partition 0: column 'features' (featuresCol): a vector "
        + "of size 3; expected size 2, as the rows before it"), size.getMessage());
    Exception nullVector = assertThrows(Exception.class, () -> regressor("linear").fit(sizes.limit(1)
        .union(sizes.where("features is null"))));
    assertTrue(nullVector.getMessage().contains("column 'features' (featuresCol): null; expected a vector"),
        nullVector.getMessage());
    Exception infinite = assertThrows(Exception.class, () -> regressor("linear").fit(SparkTestSession.get()
        .createDataFrame(List.of(RowFactory.create(1.0, Vectors.sparse(3, new int[] {1}, new double[] {1e300}))),
            schema)));
    assertTrue(infinite.getMessage().contains("1.0E300 at index 1 is not finite as a float"), infinite.getMessage());
  }

  @Test
  void classifierOutputsProbabilitiesAndLearnsThePlantedRule() {
    MomentumClassificationModel m = classifier("logistic").setValidationFraction(0.2).fit(binary);
    assertEquals(2, m.numClasses());
    assertEquals(PlantedRows.FEATURES, m.numFeatures());
    List<Row> out = m.transform(binary).select("features", "rawPrediction", "probability", "prediction")
        .collectAsList();
    for (Row r : out) {
      Vector raw = r.getAs(1);
      Vector p = r.getAs(2);
      assertEquals(-raw.apply(0), raw.apply(1));
      assertEquals(1.0, p.apply(0) + p.apply(1), 1e-12);
      assertEquals(p.apply(1) >= 0.5 ? 1.0 : 0.0, r.getDouble(3));
      assertEquals(r.getDouble(3), m.predict(r.getAs(0)));
    }
    double auc = new BinaryClassificationEvaluator().evaluate(m.transform(binary));
    assertTrue(auc > 0.95, "training AUC of the planted linear rule: " + auc);
    MomentumTrainingSummary s = m.summary();
    assertEquals("max_epochs", s.stopReason());
    assertEquals(5 * s.roundsPerEpoch(), s.totalIterations());
    assertEquals(5, s.evaluationHistory().size(), "one validation per epoch");
    assertTrue(s.evaluationHistory().get(4).get("accuracy") > 0.8, s.evaluationHistory().toString());
    double[] all = m.setThresholds(new double[] {0.0, 1.0}).transform(binary).select("prediction").collectAsList()
        .stream().mapToDouble(r -> r.getDouble(0)).toArray();
    for (double p : all) assertEquals(0.0, p, "a zero threshold makes class 0 win");
  }

  @Test
  void softmaxAndMlpTakeTheClassCountFromTheData() {
    MomentumClassificationModel softmax = classifier("softmax").fit(three);
    assertEquals(3, softmax.numClasses());
    MomentumClassificationModel mlp = classifier("mlp").setHiddenLayers(new int[] {16}).setStepSize(0.2).fit(three);
    assertEquals(3, mlp.numClasses());
    double accuracy = mlp.transform(three).where("prediction = label").count() / (double) three.count();
    assertTrue(accuracy > 0.6, "mlp training accuracy on three planted classes: " + accuracy);
  }

  @Test
  void modelsSaveAndLoadToTheSamePredictions() throws Exception {
    MomentumRegressionModel fm = regressor("fm").setFactorSize(3).setRegParamFactors(0.001).fit(regression);
    String path = tmp.resolve("fm-model").toString();
    fm.write().overwrite().save(path);
    MomentumRegressionModel loaded = MomentumRegressionModel.load(path);
    assertEquals(fm.uid(), loaded.uid());
    assertEquals("fm", loaded.modelType());
    assertFalse(loaded.hasSummary());
    assertArrayEquals(fm.weights(), loaded.weights());
    assertEquals(fm.transform(regression).collectAsList(), loaded.transform(regression).collectAsList());
    MomentumClassificationModel mlp = classifier("mlp").setHiddenLayers(new int[] {4}).setMaxIter(1).fit(three);
    String mlpPath = tmp.resolve("mlp-model").toString();
    mlp.write().overwrite().save(mlpPath);
    assertEquals(mlp.transform(three).collectAsList(),
        MomentumClassificationModel.load(mlpPath).transform(three).collectAsList());
    IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class,
        () -> MomentumClassificationModel.load(path));
    assertTrue(wrongKind.getMessage().contains("Expected class name io.sparkmomentum.ml.MomentumClassificationModel "
        + "but found class name io.sparkmomentum.ml.MomentumRegressionModel"), wrongKind.getMessage());
    String estimatorPath = tmp.resolve("classifier").toString();
    classifier("mlp").setHiddenLayers(new int[] {8, 4}).setWeightCol("w").write().overwrite().save(estimatorPath);
    MomentumClassifier again = MomentumClassifier.load(estimatorPath);
    assertArrayEquals(new int[] {8, 4}, again.getHiddenLayers());
    assertEquals("w", again.getWeightCol());
    assertEquals(200L, again.getBatchSize());
  }

  @Test
  void aWeightOfTwoOnEveryRowIsADoubledStep() {
    // the loss is Σ weight·loss / rows: a weight of 2 on every row doubles every gradient, as a doubled step does
    // (full batches: a row's weight is part of the content hash that places it, so mini-batches would differ)
    MomentumRegressionModel plain = regressor("linear").setBatchSize(0).setStepSize(0.2).fit(regression);
    MomentumRegressionModel weighted = regressor("linear").setBatchSize(0).setStepSize(0.1).setWeightCol("w")
        .fit(regression.selectExpr("label", "features", "2.0 as w"));
    double[] a = plain.weights();
    double[] b = weighted.weights();
    for (int k = 0; k < a.length; k++) assertEquals(a[k], b[k], 1e-9 * Math.max(1, Math.abs(a[k])));
  }

  @Test
  void pipelineWithAVectorAssemblerSavesAndLoadsToTheSamePredictions() throws Exception {
    Dataset<Row> columns = binary.select(binary.col("label"),
        org.apache.spark.ml.functions.vector_to_array(binary.col("features"), "float64").as("x")).selectExpr("label", "x[0] as a", "x[1] as b", "x[2] as c", "x[3] as d");
    VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d"})
        .setOutputCol("features");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, classifier("fm").setFactorSize(2)});
    PipelineModel fitted = pipeline.fit(columns);
    String path = tmp.resolve("pipeline-model").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertEquals(fitted.transform(columns).collectAsList(), loaded.transform(columns).collectAsList());
    String estimatorPath = tmp.resolve("pipeline").toString();
    pipeline.write().overwrite().save(estimatorPath);
    Pipeline reloaded = Pipeline.load(estimatorPath);
    assertEquals(MomentumClassifier.class, reloaded.getStages()[1].getClass());
    assertEquals(2, ((MomentumClassifier) reloaded.getStages()[1]).getFactorSize());
  }

  @Test
  void crossValidatorRunsTwoFitsAtOnceEachWithTheBitsOfAFitAlone() {
    MomentumClassifier c = classifier("logistic").setMaxIter(2);
    ParamMap[] grid = new ParamGridBuilder().addGrid(c.stepSize(), new double[] {0.1, 1.0}).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(c).setEstimatorParamMaps(grid)
        .setEvaluator(new BinaryClassificationEvaluator()).setNumFolds(2).setParallelism(2).setSeed(7).fit(binary);
    double[] metrics = cv.avgMetrics();
    for (double m : metrics) assertTrue(m > 0.5 && m <= 1, "avg AUC " + m);
    int best = metrics[0] >= metrics[1] ? 0 : 1;
    MomentumClassificationModel alone = c.fit(binary, grid[best]);
    assertArrayEquals(alone.weights(), ((MomentumClassificationModel) cv.bestModel()).weights());
  }

  @Test
  void trainValidationSplitInParallelGivesTheMetricsOfASequentialRun() {
    MomentumRegressor r = regressor("linear").setMaxIter(2);
    ParamMap[] grid = new ParamGridBuilder().addGrid(r.stepSize(), new double[] {0.05, 0.2}).build();
    TrainValidationSplit tvs = new TrainValidationSplit().setEstimator(r).setEstimatorParamMaps(grid)
        .setEvaluator(new RegressionEvaluator()).setTrainRatio(0.75).setSeed(3);
    TrainValidationSplitModel parallel = tvs.setParallelism(2).fit(regression);
    TrainValidationSplitModel sequential = tvs.setParallelism(1).fit(regression);
    assertArrayEquals(sequential.validationMetrics(), parallel.validationMetrics());
  }
}
