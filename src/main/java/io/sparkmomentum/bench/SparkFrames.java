package io.sparkmomentum.bench;

import io.sparkmomentum.data.Ratings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/** The split's training ratings as cached DataFrames for MLlib, and cleanup of what a fit leaves cached. */
final class SparkFrames {
  private SparkFrames() {}

  /** {@code user int, item int, rating float} (dense training indices), cached and materialised. */
  static Dataset<Row> ratings(SparkSession spark, Ratings r) {
    StructType schema = new StructType().add("user", DataTypes.IntegerType, false)
        .add("item", DataTypes.IntegerType, false).add("rating", DataTypes.FloatType, false);
    List<Row> rows = new ArrayList<>(r.size);
    for (int k = 0; k < r.size; k++) rows.add(RowFactory.create(r.users[k], r.items[k], r.ratings[k]));
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(partitions(spark));
    df.persist(StorageLevel.MEMORY_AND_DISK());
    df.count();
    return df;
  }

  /** {@code label double, features vector}: one-hot user (column u) and item (column numUsers + i). */
  static Dataset<Row> oneHot(SparkSession spark, Ratings r, int numUsers, int numItems) {
    StructType schema = new StructType().add("label", DataTypes.DoubleType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    List<Row> rows = new ArrayList<>(r.size);
    int dim = numUsers + numItems;
    for (int k = 0; k < r.size; k++) {
      rows.add(RowFactory.create((double) r.ratings[k],
          Vectors.sparse(dim, new int[] {r.users[k], numUsers + r.items[k]}, new double[] {1, 1})));
    }
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(partitions(spark));
    df.persist(StorageLevel.MEMORY_AND_DISK());
    df.count();
    return df;
  }

  static int partitions(SparkSession spark) {
    return spark.sparkContext().defaultParallelism();
  }

  /** Ids of the RDDs cached now. */
  static Set<Integer> cachedIds(SparkSession spark) {
    return new HashSet<>(JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs().keySet());
  }

  /** Unpersists every RDD cached since {@code before} (e.g. ALS's factor and block RDDs). */
  static void unpersistSince(SparkSession spark, Set<Integer> before) {
    JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs().forEach((id, rdd) -> {
      if (!before.contains(id)) rdd.unpersist(false);
    });
  }
}
