package io.sparkmomentum.ml

import org.apache.spark.ml.evaluation.RegressionEvaluator
import org.apache.spark.sql.{DataFrame, SparkSession}

/** The README's Scala example: compiled and run by ScalaExampleTest (scala.tools.nsc, no Scala build plugin). */
object ScalaExample {

  /** Fits, evaluates, saves and loads a model; returns the loaded model's test RMSE minus the fitted one's. */
  def run(spark: SparkSession, ratings: DataFrame, modelPath: String): Double = {
    // README example: begin
    val Array(train, test) = ratings.randomSplit(Array(0.8, 0.2), seed = 42)
    val mf = new MomentumMF()
      .setUserCol("user").setItemCol("item").setRatingCol("rating") // ids: any integer or string column
      .setRank(4).setMaxIter(5).setRegParam(0.05)
      .setStepSize(40).setMomentum(0.9).setNesterov(true).setBatchSize(2000)
      .setNumPartitions(4).setColdStartStrategy("drop")
    val model = mf.fit(train)
    val rmse = new RegressionEvaluator().setMetricName("rmse").setLabelCol("rating")
    val fitted = rmse.evaluate(model.transform(test))
    println(s"test RMSE $fitted after ${model.summary.totalIterations} rounds (${model.summary.stopReason})")
    model.recommendForAllUsers(3).show(5, truncate = false)
    model.write.overwrite().save(modelPath)
    val loaded = MomentumMFModel.load(modelPath)
    // README example: end
    rmse.evaluate(loaded.transform(test)) - fitted
  }
}
