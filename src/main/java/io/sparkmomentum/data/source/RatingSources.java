package io.sparkmomentum.data.source;

import io.sparkmomentum.data.ReaderOptions;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads (user, item, label) records on the executors, one {@link RatingChunk} per input split: the driver lists
 * the input (file names and sizes, or the table's schema) and never holds a record.
 *
 * <p>The RDD is lazy. Bad input surfaces when an action runs it: a split that meets it yields a chunk whose report
 * carries the error ({@link FirstErrors}); merge the reports and call {@link ReadReport#orThrow()}.
 * File-level problems that can be seen while listing (missing path, empty directory, missing column, wrong column
 * type) are thrown here, on the driver, before any job.
 */
public final class RatingSources {
  private RatingSources() {}

  public static JavaRDD<RatingChunk> read(SparkSession spark, SourceSpec spec) {
    return FirstErrors.deferred(chunks(spark, spec), RatingChunk::failed);
  }

  /**
   * The ratings of a DataFrame's columns {@code options.userCol()}, {@code itemCol()} and {@code ratingCol()}, read
   * on the executors as a Parquet table's are (see {@link ColumnarSources}); column problems are thrown here naming
   * {@code keys}, bad records surface as for {@link #read(SparkSession, SourceSpec)}.
   */
  public static JavaRDD<RatingChunk> read(Dataset<Row> df, ReaderOptions options, String where, ColumnKeys keys) {
    return FirstErrors.deferred(ColumnarSources.ratings(df, options, where, keys), RatingChunk::failed);
  }

  private static JavaRDD<RatingChunk> chunks(SparkSession spark, SourceSpec spec) {
    return switch (spec.format()) {
      case TSV, DAT, CSV -> TextSources.ratings(spark, spec);
      case PARQUET, ORC, TABLE -> ColumnarSources.ratings(spark, spec);
      default -> throw new IllegalArgumentException("data.format " + spec.format().id() + " holds feature rows, "
          + "not (user, item, rating) records");
    };
  }
}
