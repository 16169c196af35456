package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import java.util.function.Supplier;

/**
 * As {@link SourceErrors#unwrap}, but also for Spark's job-abort {@code SparkException}, which is a checked
 * exception that Scala code throws undeclared (so {@code catch (RuntimeException)} misses it).
 */
final class Unwrap {
  private Unwrap() {}

  /** The chunks, after throwing the earliest split's bad-input error if any split met one (as the trainer does). */
  static org.apache.spark.api.java.JavaRDD<RatingChunk> ratings(org.apache.spark.api.java.JavaRDD<RatingChunk> c) {
    ReadReport.mergeAll(run(() -> c.map(RatingChunk::report).collect())).orThrow();
    return c;
  }

  static org.apache.spark.api.java.JavaRDD<FeatureChunk> features(org.apache.spark.api.java.JavaRDD<FeatureChunk> c) {
    ReadReport.mergeAll(run(() -> c.map(FeatureChunk::report).collect())).orThrow();
    return c;
  }

  static <T> T run(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) {
      BadInputException bad = SourceErrors.find(e);
      if (bad != null) throw bad;
      throw e;
    }
  }
}
