package io.sparkmomentum.data.source;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/** Reads labelled feature rows on the executors, one {@link FeatureChunk} per input split (see {@link RatingSources}). */
public final class FeatureSources {
  private FeatureSources() {}

  public static JavaRDD<FeatureChunk> read(SparkSession spark, SourceSpec spec) {
    return FirstErrors.deferred(chunks(spark, spec), FeatureChunk::failed);
  }

  private static JavaRDD<FeatureChunk> chunks(SparkSession spark, SourceSpec spec) {
    return switch (spec.format()) {
      case LIBSVM -> TextSources.features(spark, spec);
      case IDX -> IdxSources.features(spark, spec);
      default -> throw new IllegalArgumentException("data.format " + spec.format().id() + " holds (user, item, "
          + "rating) records, not feature rows");
    };
  }
}
