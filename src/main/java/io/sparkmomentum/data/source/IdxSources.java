package io.sparkmomentum.data.source;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/** IDX images and labels (MNIST, Fashion-MNIST), split by image ranges and read on the executors. */
final class IdxSources {
  private IdxSources() {}

  static JavaRDD<FeatureChunk> features(SparkSession spark, SourceSpec spec) {
    throw new UnsupportedOperationException("not built yet: idx");
  }
}
