package io.sparkmomentum.cli;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.SavedModel;
import io.sparkmomentum.model.LatentFactors;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.rank.Side;
import io.sparkmomentum.rank.TopKJob;
import io.sparkmomentum.train.PartitionBlock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code recommend --all-users | --all-items | --similar-items --output DIR}: every user's (item's) top K as Parquet
 * with raw ids, computed blocked on the executors ({@link TopKJob}); the training interactions (every rating of the
 * run's {@code data.train}, or of {@code --exclude}) are excluded unless {@code --no-exclude}.
 */
final class RecommendAll {
  private RecommendAll() {}

  /** The columns of each mode: query, candidate, then score and rank. */
  static String[] columns(Side side) {
    return switch (side) {
      case ITEMS_FOR_USERS -> new String[] {"user", "item"};
      case USERS_FOR_ITEMS -> new String[] {"item", "user"};
      case SIMILAR_ITEMS -> new String[] {"item", "similar_item"};
    };
  }

  static int run(ModelInput in, SavedModel m, Side side, int k, String output, boolean overwrite, String exclude,
      boolean noExclude, String master) throws Exception {
    Object any = m.model(); // any saved model type: those with latent factors rank
    if (!(any instanceof LatentFactors model)) {
      throw new Main.UserError("model " + in.model + " has no latent factors to rank with", Main.EXIT_CONFIG);
    }
    Configuration conf = new Configuration();
    SparkMasters.check("--master", SparkSessions.resolvedMaster(master, Map.of()));
    String excludePath = noExclude || side == Side.SIMILAR_ITEMS ? null
        : exclude != null ? exclude : RankingInputs.trainPath(m, in.model, conf);
    if (excludePath != null) PathCheck.data("exclude", excludePath, conf);
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(output);
    if (!overwrite && target.getFileSystem(conf).exists(target)) {
      throw new Main.UserError("--output " + output + " exists: give --overwrite to replace it", Main.EXIT_CONFIG);
    }
    long rows;
    long start = System.nanoTime();
    try (SparkSessions.Started spark = SparkSessions.start("spark-momentum recommend", master, Map.of());
        RankingInputs inputs = new RankingInputs(spark.session(), m,
            EvaluateCommand.withTrainedRange(in.options(m), m))) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.session().sparkContext());
      JavaRDD<PartitionBlock<RatingColumns>> train = excludePath == null ? null
          : inputs.read(excludePath, null, EvaluateCommand.trainedPartitions(m, sc));
      List<String> queryIds = side.queriesAreUsers() ? m.users().rawIds() : m.items().rawIds();
      List<String> candidateIds = side == Side.USERS_FOR_ITEMS ? m.users().rawIds() : m.items().rawIds();
      Broadcast<String[]> bq = sc.broadcast(queryIds.toArray(new String[0]));
      Broadcast<String[]> bc = sc.broadcast(candidateIds.toArray(new String[0]));
      String[] names = columns(side);
      StructType schema = new StructType().add(names[0], DataTypes.StringType, false)
          .add(names[1], DataTypes.StringType, false).add("score", DataTypes.DoubleType, false)
          .add("rank", DataTypes.IntegerType, false);
      try {
        rows = TopKJob.run(sc, model, m.weights(), side, train, k, ranked -> {
          JavaRDD<Row> out = ranked.map(r -> RowFactory.create(bq.value()[r.query()], bc.value()[r.candidate()],
              r.score(), r.rank()));
          spark.session().createDataFrame(out, schema).write()
              .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(output);
          return spark.session().read().parquet(output).count();
        });
      } finally {
        bq.destroy();
        bc.destroy();
      }
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("output", output);
    summary.put("mode", side.name().toLowerCase(java.util.Locale.ROOT));
    summary.put("k", k);
    summary.put("rows", rows);
    summary.put("excluded_from", excludePath);
    summary.put("seconds", (System.nanoTime() - start) / 1e9);
    System.out.println(Json.write(summary));
    return 0;
  }
}
