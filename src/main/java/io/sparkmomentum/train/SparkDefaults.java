package io.sparkmomentum.train;

import org.apache.spark.SparkConf;

/** The Spark settings a training session starts with, each only where the user set none. */
public final class SparkDefaults {
  private SparkDefaults() {}

  public static void apply(SparkConf conf) {
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.setIfMissing("spark.kryo.registrator", "io.sparkmomentum.train.KryoRegistration");
    // the per-round weight broadcast is random doubles that LZ4 cannot shrink: compressing only costs time
    // (-16% per round at 20M ratings, jobs/BENCH.md)
    conf.setIfMissing("spark.broadcast.compress", "false");
    // a partition's dense gradient (10 MB at rank 128 on ml-latest-small) comes back in the task's result message
    // instead of through the block manager (above Spark's 1 MiB default): aggregation 53 -> 39 ms per round there
    // (Spark caps it at spark.rpc.message.maxSize)
    conf.setIfMissing("spark.task.maxDirectResultSize", "128m");
  }
}
