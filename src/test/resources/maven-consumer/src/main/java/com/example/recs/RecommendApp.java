package com.example.recs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import io.sparkmomentum.ml.MomentumMF;
import io.sparkmomentum.ml.MomentumMFModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A user's application (MavenConsumerIT builds and runs it): a tiny ratings DataFrame of 20 users and 15 items, a
 * {@code MomentumMF} fit and 2 recommendations per user, then one check line on stdout.
 */
public final class RecommendApp {
  private RecommendApp() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("maven-consumer")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      List<Row> rows = new ArrayList<>();
      for (int u = 1; u <= 20; u++) {
        for (int i = 1; i <= 15; i++) {
          if ((u + i) % 3 != 0) rows.add(RowFactory.create(u, i, (double) (u * i % 5 + 1)));
        }
      }
      StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType)
          .add("rating", DataTypes.DoubleType);
      Dataset<Row> ratings = spark.createDataFrame(rows, schema);
      MomentumMFModel model = new MomentumMF().setRank(3).setMaxIter(4).setStepSize(5.0).setNumPartitions(2)
          .fit(ratings);
      Dataset<Row> recs = model.recommendForAllUsers(2);
      List<Row> items = recs.select(explode(col("recommendations")).as("r")).select("r.item", "r.rating")
          .collectAsList();
      boolean valid = items.stream().allMatch(r -> r.getInt(0) >= 1 && r.getInt(0) <= 15
          && Float.isFinite(r.getFloat(1)));
      System.out.println("CONSUMER-CHECK rounds=" + model.summary().totalIterations() + " users=" + recs.count()
          + " recommendations=" + items.size() + " valid=" + valid);
    } finally {
      spark.stop();
    }
  }
}
