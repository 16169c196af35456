package io.sparkmomentum.ml;

import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The README's "Use it from Spark code" example, compiled and run by {@link JavaExampleTest}. */
public final class JavaExample {
  private JavaExample() {}

  /** Fits on {@code ratings}, prints the test RMSE and 3 items for each user, saves and reloads the model. */
  public static double run(SparkSession spark, Dataset<Row> ratings, String modelPath) throws Exception {
    // README example: begin
    Dataset<Row>[] split = ratings.randomSplit(new double[] {0.8, 0.2}, 42);
    MomentumMF mf = new MomentumMF()
        .setUserCol("user").setItemCol("item").setRatingCol("rating")  // ids: any integer or string column
        .setRank(4).setMaxIter(5).setRegParam(0.05)
        .setStepSize(40).setMomentum(0.9).setNesterov(true).setBatchSize(2000)
        .setNumPartitions(4).setColdStartStrategy("drop");
    MomentumMFModel model = mf.fit(split[0]);
    double rmse = new RegressionEvaluator().setMetricName("rmse").setLabelCol("rating")
        .setPredictionCol("prediction").evaluate(model.transform(split[1]));
    System.out.println("test RMSE " + rmse + ", final loss "
        + model.summary().objectiveHistory()[(int) model.summary().totalIterations() - 1]);
    model.recommendForAllUsers(3).show(5, false);
    model.write().overwrite().save(modelPath);
    MomentumMFModel loaded = MomentumMFModel.load(modelPath);
    // README example: end
    return new RegressionEvaluator().setLabelCol("rating").evaluate(loaded.setColdStartStrategy("drop")
        .transform(split[1])) - rmse;
  }
}
