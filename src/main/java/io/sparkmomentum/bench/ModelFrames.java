package io.sparkmomentum.bench;

import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.train.PartitionBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Our cached feature-row blocks as the {@code (label, features)} DataFrame MLlib's estimators read, so that both
 * sides of a comparison train on exactly the same rows and values (sparse rows become sparse vectors).
 */
final class ModelFrames {
  private ModelFrames() {}

  static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType, false)
      .add("features", SQLDataTypes.VectorType(), false);

  /** The rows of {@code blocks}, cached and counted (so that a fit's time excludes building them). */
  static Dataset<Row> of(SparkSession spark, JavaRDD<PartitionBlock<FeatureRows>> blocks) {
    JavaRDD<Row> rows = blocks.flatMap(b -> rows(b.data()).iterator());
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).cache();
    df.count();
    return df;
  }

  static List<Row> rows(FeatureRows x) {
    List<Row> out = new ArrayList<>(x.size());
    for (int r = 0; r < x.size(); r++) {
      Vector v;
      if (x.sparse()) {
        int from = x.rowPtr()[r];
        int to = x.rowPtr()[r + 1];
        v = Vectors.sparse(x.dim(), Arrays.copyOfRange(x.indices(), from, to),
            Arrays.copyOfRange(x.values(), from, to));
      } else {
        v = Vectors.dense(Arrays.copyOfRange(x.values(), r * x.dim(), (r + 1) * x.dim()));
      }
      out.add(RowFactory.create(x.labels()[r], v));
    }
    return out;
  }
}
