package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SharedData;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains {@code conf/movielens-100k.conf} through the CLI on the real u1.base and checks its u1.test RMSE against
 * Spark MLlib's ALS (rank 10, regParam 0.1, maxIter 20, checkpoint dir set), fitted here on the same split. Both
 * are scored on all 20,000 test rows; ALS's cold-start NaNs fall back to the training mean.
 */
class MovieLens100kTest {
  @TempDir
  Path tmp;

  @Test
  void beatsAlsOnU1() throws Exception {
    Path train = SharedData.file("ml-100k/u1.base");
    Path test = SharedData.file("ml-100k/u1.test");
    SparkSession spark = SparkTestSession.get();
    Path run = tmp.resolve("run");
    int code = Main.run("train", "--config", "conf/movielens-100k.conf", "--output", run.toString(),
        "--set", "data.train=" + train, "--set", "data.test=" + test);
    assertEquals(0, code, "train exit code");
    Map<String, Object> summary = Json.readMap(Files.readString(run.resolve("summary.json")));
    double ours = ((Number) summary.get("test_rmse")).doubleValue();
    assertEquals(20000L, ((Number) summary.get("test_count")).longValue());

    double als = alsRmse(spark, train, test, tmp.resolve("als-checkpoints"));
    System.out.printf("ML-100K u1: spark-momentum RMSE %.4f, ALS RMSE %.4f%n", ours, als);
    assertTrue(ours < als, "spark-momentum RMSE " + ours + " must beat ALS's " + als);
  }

  static double alsRmse(SparkSession spark, Path train, Path test, Path checkpoints) {
    spark.sparkContext().setCheckpointDir(checkpoints.toString());
    StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType)
        .add("rating", DataTypes.FloatType).add("ts", DataTypes.LongType);
    Dataset<Row> tr = spark.read().option("sep", "\t").schema(schema).csv(train.toString());
    Dataset<Row> te = spark.read().option("sep", "\t").schema(schema).csv(test.toString());
    ALSModel model = new ALS().setRank(10).setRegParam(0.1).setMaxIter(20).setSeed(42).setUserCol("user")
        .setItemCol("item").setRatingCol("rating").setCheckpointInterval(10).fit(tr);
    double mean = tr.agg(functions.avg("rating")).first().getDouble(0);
    Dataset<Row> pred = model.transform(te).withColumn("prediction",
        functions.when(functions.isnan(functions.col("prediction")), functions.lit(mean))
            .otherwise(functions.col("prediction")));
    assertEquals(20000, pred.count());
    return new RegressionEvaluator().setMetricName("rmse").setLabelCol("rating").setPredictionCol("prediction")
        .evaluate(pred);
  }
}
