package io.sparkmomentum.cli;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the run's SparkSession. The master is {@code --master} if given, else what {@code spark-submit} set, else
 * the config's {@code spark.master}, else {@code local[*]}. Config keys under {@code spark.} pass through; Kryo is on
 * with the project's registrator.
 */
final class SparkSessions {
  private SparkSessions() {}

  static SparkSession start(String appName, String master, Map<String, String> sparkConf) {
    SparkConf conf = new SparkConf();
    sparkConf.forEach((k, v) -> {
      if (!conf.contains(k)) conf.set(k, v);
    });
    if (master != null && !master.isBlank()) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.setIfMissing("spark.kryo.registrator", "io.sparkmomentum.train.KryoRegistration");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    SparkSession s = SparkSession.builder().config(conf).getOrCreate();
    s.sparkContext().setLogLevel(System.getProperty("spark-momentum.log-level", "WARN"));
    return s;
  }
}
