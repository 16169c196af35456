package io.sparkmomentum.bench;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The benchmark's single SparkSession: {@code local[2]} unless {@code spark.master} says otherwise. */
final class BenchSpark {
  private BenchSpark() {}

  static SparkSession start(String checkpointDir) {
    SparkConf conf = new SparkConf();
    conf.setIfMissing("spark.master", "local[2]");
    conf.setIfMissing("spark.app.name", "spark-momentum benchmark");
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing("spark.driver.host", "127.0.0.1");
    conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    conf.setIfMissing("spark.sql.shuffle.partitions", "4");
    io.sparkmomentum.train.SparkDefaults.apply(conf);
    SparkSession s = SparkSession.builder().config(conf).getOrCreate();
    s.sparkContext().setLogLevel(System.getProperty("spark-momentum.log-level", "WARN"));
    if (checkpointDir != null) s.sparkContext().setCheckpointDir(checkpointDir);
    return s;
  }
}
