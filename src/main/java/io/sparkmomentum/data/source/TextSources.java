package io.sparkmomentum.data.source;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/** Line-oriented formats (tsv, dat, csv, libsvm) split by byte ranges and parsed on the executors. */
final class TextSources {
  private TextSources() {}

  static JavaRDD<RatingChunk> ratings(SparkSession spark, SourceSpec spec) {
    throw new UnsupportedOperationException("not built yet: executor-side " + spec.format().id());
  }

  static JavaRDD<FeatureChunk> features(SparkSession spark, SourceSpec spec) {
    throw new UnsupportedOperationException("not built yet: executor-side " + spec.format().id());
  }
}
