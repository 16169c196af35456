package io.sparkmomentum.ml;

import io.sparkmomentum.testing.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The bundled synthetic sample ({@code data/sample}, made by {@code generate}) as the DataFrames the tests fit on. */
final class SampleRatings {
  private SampleRatings() {}

  /** {@code data/sample/NAME.tsv} as {@code (user int, item int, rating double)}. */
  static Dataset<Row> tsv(String name) {
    SparkSession spark = SparkTestSession.get();
    return spark.read().option("sep", "\t").csv("data/sample/" + name + ".tsv").selectExpr(
        "cast(_c0 as int) as user", "cast(_c1 as int) as item", "cast(_c2 as double) as rating");
  }

  /** The sample's settings ({@code conf/sample.conf}) but few epochs: a fit of a few seconds. */
  static MomentumMF estimator(int epochs) {
    return new MomentumMF().setRank(4).setRegParam(0.05).setRegParamBias(0.005).setInitStd(0.1).setStepSize(40)
        .setMomentum(0.9).setNesterov(true).setSchedule("cosine").setScheduleTMax(320).setScheduleEtaMin(0.05)
        .setMaxIter(epochs).setBatchSize(2000).setNumPartitions(4).setSeed(42);
  }
}
