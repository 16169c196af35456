package io.sparkmomentum.data.source;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/** Reads labelled feature rows on the executors, one {@link FeatureChunk} per input split (see {@link RatingSources}). */
public final class FeatureSources {
  private FeatureSources() {}

  public static JavaRDD<FeatureChunk> read(SparkSession spark, SourceSpec spec) {
    return FirstErrors.deferred(chunks(spark, spec), FeatureChunk::failed);
  }

  /**
   * A DataFrame's rows, one chunk per Spark partition ({@link VectorChunker}); the columns' types are the caller's
   * to check (a vector column, numeric label and weight). Bad rows surface as for the file readers.
   */
  public static JavaRDD<FeatureChunk> read(Dataset<Row> df, FrameColumns cols, LabelKind labels, int numClasses) {
    List<Column> select = new ArrayList<>(List.of(col(quote(cols.features())),
        col(quote(cols.label())).cast(DataTypes.DoubleType)));
    if (cols.weighted()) select.add(col(quote(cols.weight())).cast(DataTypes.DoubleType));
    JavaRDD<Row> rows = df.select(select.toArray(new Column[0])).javaRDD();
    return FirstErrors.deferred(rows.mapPartitionsWithIndex(new VectorChunker(cols, labels, numClasses), false),
        FeatureChunk::failed);
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
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
