package io.sparkmomentum.data.source;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/** Parquet, ORC and catalog tables through {@code spark.read}, converted to chunks on the executors. */
final class ColumnarSources {
  private ColumnarSources() {}

  static JavaRDD<RatingChunk> ratings(SparkSession spark, SourceSpec spec) {
    throw new UnsupportedOperationException("not built yet: " + spec.format().id());
  }
}
