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
  private static final String SPARK_CONTEXT = "org.apache.spark.SparkContext";

  private SparkSessions() {}

  /** A session, and whether this call created it (and so must stop it). */
  record Started(SparkSession session, boolean created) implements AutoCloseable {
    @Override
    public void close() {
      if (created) session.stop();
    }
  }

  /** The master a run will use: {@code --master}, else spark-submit's or the config's, else {@code local[*]}. */
  static String resolvedMaster(String master, Map<String, String> sparkConf) {
    if (master != null && !master.isBlank()) return master.trim();
    SparkConf conf = new SparkConf();
    if (conf.contains("spark.master")) return conf.get("spark.master");
    return sparkConf.getOrDefault("spark.master", "local[*]");
  }

  static Started start(String appName, String master, Map<String, String> sparkConf) {
    if (master != null && !master.isBlank()) SparkMasters.check("--master", master.trim());
    var existing = SparkSession.getDefaultSession();
    if (existing.isDefined() && !existing.get().sparkContext().isStopped()) {
      return new Started(existing.get(), false);
    }
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
    io.sparkmomentum.train.SparkDefaults.apply(conf);
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    SparkMasters.check("spark.master", conf.get("spark.master"));
    SparkSession s;
    // a failed start is reported below in one line; Spark would also log it with its stack trace
    org.apache.logging.log4j.Level before = org.apache.logging.log4j.LogManager.getLogger(SPARK_CONTEXT).getLevel();
    org.apache.logging.log4j.core.config.Configurator.setLevel(SPARK_CONTEXT, org.apache.logging.log4j.Level.OFF);
    try {
      s = SparkSession.builder().config(conf).getOrCreate();
    } catch (RuntimeException | LinkageError e) {
      throw SparkMasters.startFailed(conf.get("spark.master"), e);
    } finally {
      org.apache.logging.log4j.core.config.Configurator.setLevel(SPARK_CONTEXT, before);
    }
    s.sparkContext().setLogLevel(System.getProperty("spark-momentum.log-level", "WARN"));
    return new Started(s, true);
  }
}
