package io.sparkmomentum.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One SparkSession shared by every Spark test of the suite (started on first use): {@code local[2,4]}, two threads
 * and up to 4 attempts per task, so that tests can inject task failures and see them retried.
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      SparkConf conf = new SparkConf().setMaster("local[2,4]").setAppName("spark-momentum-tests")
          .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1").set("spark.sql.shuffle.partitions", "4")
          .set("spark.sql.warehouse.dir", new java.io.File("target/spark-warehouse").getAbsolutePath())
          .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
          .set("spark.kryo.registrator", "io.sparkmomentum.train.KryoRegistration");
      session = SparkSession.builder().config(conf).getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
    }
    return session;
  }

  public static JavaSparkContext sc() {
    return JavaSparkContext.fromSparkContext(get().sparkContext());
  }
}
