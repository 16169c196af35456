package io.sparkmomentum.data;

import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.data.source.ColumnKeys;
import io.sparkmomentum.data.source.RatingChunk;
import io.sparkmomentum.data.source.RatingSources;
import io.sparkmomentum.data.source.ReadReport;
import io.sparkmomentum.data.source.SourceFormat;
import io.sparkmomentum.data.source.SourceSpec;
import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * A run's ratings as {@link DataConfig} describes them, read on the executors and built into cached blocks
 * ({@link RatingExamples}): the training blocks, the test blocks (from {@code data.test} against the training
 * index, or held out with {@code data.test_fraction}), the id indices, the read reports and the data's
 * fingerprint. The driver never holds a rating.
 *
 * @param test null when the run has no test set
 * @param validation the validation slice held out of the training input ({@code data.validation_fraction}; see
 *     {@link Holdout}), or null; its ids are indexed with the training ids, so a model refitted on both slices
 *     keeps the same rows
 * @param counts the training examples of each user and item (row-scaled steps, see {@code MatrixFactorization})
 */
public record TrainingRatings(RatingExamples.Blocks train, RatingExamples.Blocks test,
    RatingExamples.Blocks validation, IdIndex users, IdIndex items, RatingExamples.RowCounts counts,
    ReadReport trainReport, ReadReport testReport, DataFingerprint fingerprint)
    implements TrainingData<RatingColumns> {

  public static SourceSpec spec(DataConfig c, String path, int partitions) {
    SourceFormat f = SourceFormat.parseOrNull(c.format());
    return SourceSpec.ratings(f, path, RatingData.options(c), partitions);
  }

  public static TrainingRatings load(SparkSession spark, DataConfig c, long seed, int partitions) {
    return load(spark, c, seed, partitions, java.util.List.of(), java.util.List.of());
  }

  /**
   * As {@link #load(SparkSession, DataConfig, long, int)}, with ids known besides the training data (from side
   * files): in the blocks, such an id that the training data lacks gets an index after the training ids (in
   * {@link IdOrder}) instead of the cold {@code -1}. The training blocks and the record's indices are unchanged.
   */
  public static TrainingRatings load(SparkSession spark, DataConfig c, long seed, int partitions,
      java.util.List<String> moreUsers, java.util.List<String> moreItems) {
    return load(spark, c, RatingSources.read(spark, spec(c, c.train(), partitions)), seed, partitions,
        () -> stamps(spark, c), moreUsers, moreItems);
  }

  /**
   * The ratings of a DataFrame (a Spark ML estimator's {@code fit}) built into the same blocks as {@link #load}
   * builds from files: read as a Parquet table is read ({@link RatingSources#read(Dataset, ReaderOptions, String,
   * ColumnKeys)}), then held out, indexed, assigned and built by the same code, so the same ratings give the same
   * bits as a file through the CLI. {@code c} gives the columns, the range, the bad-record and duplicate policies
   * and {@code test_fraction}; {@code c.train()} only names the data in messages, and {@code c.test()} must be empty.
   * Column problems name {@code keys}.
   */
  public static TrainingRatings fromFrame(SparkSession spark, Dataset<Row> df, DataConfig c, ColumnKeys keys,
      long seed, int partitions) {
    if (!c.test().isEmpty()) throw new IllegalArgumentException("a DataFrame has no separate test set: " + c.test());
    JavaRDD<RatingChunk> chunks = RatingSources.read(df, RatingData.options(c), c.train(), keys);
    return load(spark, c, chunks, seed, partitions, () -> frameStamps(df), java.util.List.of(), java.util.List.of());
  }

  private static TrainingRatings load(SparkSession spark, DataConfig c, JavaRDD<RatingChunk> read, long seed,
      int partitions, Supplier<Map<String, String>> stamps, java.util.List<String> moreUsers,
      java.util.List<String> moreItems) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Duplicates policy = Duplicates.parseOrNull(c.duplicates());
    JavaRDD<RatingChunk> trainChunks = positives(c, read).persist(StorageLevel.MEMORY_AND_DISK());
    Broadcast<IdIndex> bu = null;
    Broadcast<IdIndex> bi = null;
    try {
      io.sparkmomentum.io.FaultInjection.whileReading();
      ReadReport trainReport = RatingExamples.report(trainChunks);
      requireRecords(c, c.train(), trainReport, spark);
      double fraction = c.test().isEmpty() ? c.testFraction() : 0;
      double vf = Double.isNaN(c.validationFraction()) ? 0 : c.validationFraction();
      Holdout holdout = new Holdout(fraction, vf, seed);
      Holdout.Part trainPart = holdout.holdsOut() ? Holdout.Part.TRAIN : Holdout.Part.ALL;
      Holdout.Part indexPart = holdout.holdsOut() ? Holdout.Part.FIT : Holdout.Part.ALL;
      IdIndex users = RatingExamples.index(trainChunks, true, indexPart, holdout);
      IdIndex items = RatingExamples.index(trainChunks, false, indexPart, holdout);
      if (users.size() == 0 && c.positivesOnly()) {
        throw new BadInputException(c.train(), 0, "no rating of " + c.train() + " reaches data.positive_threshold = "
            + c.positiveThreshold() + "; expected some positives to train on", null);
      }
      if (users.size() == 0) {
        throw new BadInputException(c.train(), 0, "data.test_fraction = " + fraction + " held out every rating; "
            + "expected some ratings left to train on", null);
      }
      bu = sc.broadcast(extended(users, moreUsers));
      bi = sc.broadcast(extended(items, moreItems));
      RatingExamples.Blocks train = RatingExamples.build(sc, trainChunks, bu, bi, partitions, trainPart, holdout,
          policy, c.train(), "training ratings");
      RatingExamples.Blocks validation = vf > 0 ? RatingExamples.build(sc, trainChunks, bu, bi, partitions,
          Holdout.Part.VALIDATION, holdout, Duplicates.KEEP, c.train(), "validation ratings") : null;
      RatingExamples.Blocks test = null;
      ReadReport testReport = null;
      if (!c.test().isEmpty()) {
        Held held = against(spark, c, c.test(), bu, bi, partitions);
        test = held.blocks();
        testReport = held.report();
      } else if (fraction > 0) {
        test = RatingExamples.build(sc, trainChunks, bu, bi, partitions, Holdout.Part.TEST, holdout,
            Duplicates.KEEP, c.train(), "held-out ratings");
      }
      DataFingerprint fp = new DataFingerprint(stamps.get(), train.stats().count(), train.stats().labelSum(),
          DataFingerprint.idsCrc(users, items));
      RatingExamples.RowCounts counts = RatingExamples.RowCounts.of(train.rdd(), users.size(), items.size());
      return new TrainingRatings(train, test, validation, users, items, counts, trainReport, testReport, fp);
    } finally {
      trainChunks.unpersist(false);
      if (bu != null) bu.destroy();
      if (bi != null) bi.destroy();
    }
  }

  /** The chunks' positives when {@code data.positive_threshold} is set ({@link Positives}), else the chunks. */
  private static JavaRDD<RatingChunk> positives(DataConfig c, JavaRDD<RatingChunk> chunks) {
    return c.positivesOnly() ? chunks.map(new Positives((float) c.positiveThreshold())) : chunks;
  }

  /** {@code index}'s ids, then those of {@code more} it lacks, in {@link IdOrder}. */
  static IdIndex extended(IdIndex index, java.util.List<String> more) {
    if (more.isEmpty()) return index;
    java.util.List<String> extra = new java.util.ArrayList<>();
    for (String id : new java.util.TreeSet<>(more)) if (index.lookup(id) < 0) extra.add(id);
    extra.sort(IdOrder.INSTANCE);
    java.util.List<String> all = new java.util.ArrayList<>(index.rawIds());
    all.addAll(extra);
    return IdIndex.of(all);
  }

  /**
   * Writes the id mappings once per run as Parquet data sets {@code dir/user_ids} and {@code dir/item_ids} with the
   * columns {@code index} and {@code id} (checkpoints refer to them by checksum, see {@link DataFingerprint}).
   */
  public void writeIds(SparkSession spark, String dir) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    var schema = new org.apache.spark.sql.types.StructType()
        .add("index", org.apache.spark.sql.types.DataTypes.IntegerType, false)
        .add("id", org.apache.spark.sql.types.DataTypes.StringType, false);
    for (String name : new String[] {"user_ids", "item_ids"}) {
      java.util.List<String> ids = (name.equals("user_ids") ? users : items).rawIds();
      java.util.List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>(ids.size());
      for (int k = 0; k < ids.size(); k++) rows.add(org.apache.spark.sql.RowFactory.create(k, ids.get(k)));
      int slices = 1 + ids.size() / 20_000; // tasks well under Spark's 1 MB task-size warning
      spark.createDataFrame(sc.parallelize(rows, slices), schema).write().mode("overwrite")
          .parquet(dir + "/" + name);
    }
  }

  /** Held-out ratings read against a model's ids, and what was read. */
  public record Held(RatingExamples.Blocks blocks, ReadReport report) {}

  /**
   * The ratings at {@code path} as blocks against the given id indices (unknown ids become {@code -1}: cold start),
   * partitioned and ordered as a run with {@code partitions} partitions orders its test set, so that metrics computed
   * on them are the run's to the last bit.
   */
  public static Held against(SparkSession spark, DataConfig c, String path, IdIndex users, IdIndex items,
      int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<IdIndex> bu = sc.broadcast(users);
    Broadcast<IdIndex> bi = sc.broadcast(items);
    try {
      return against(spark, c, path, bu, bi, partitions);
    } finally {
      bu.destroy();
      bi.destroy();
    }
  }

  private static Held against(SparkSession spark, DataConfig c, String path, Broadcast<IdIndex> bu,
      Broadcast<IdIndex> bi, int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<RatingChunk> chunks = positives(c, RatingSources.read(spark, spec(c, path, partitions)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ReadReport report = RatingExamples.report(chunks);
      requireRecords(c, path, report, spark);
      return new Held(RatingExamples.build(sc, chunks, bu, bi, partitions, Holdout.Part.ALL, Holdout.NONE,
          Duplicates.KEEP, path, "held-out ratings"), report);
    } finally {
      chunks.unpersist(false);
    }
  }

  /**
   * Refuses data without a single rating. For the text formats the driver reader says why, in the same words as
   * ever (empty file, only blank lines, only a header, all skipped): input without ratings is small, so re-reading
   * it on the driver costs nothing.
   */
  private static void requireRecords(DataConfig c, String path, ReadReport r, SparkSession spark) {
    if (r.kept() > 0) return;
    if (SourceFormat.parseOrNull(c.format()).isRatingText()) {
      RatingsReader.read(path, RatingData.options(c), new IdIndex(), new IdIndex(), true,
          spark.sparkContext().hadoopConfiguration()); // throws its "no ratings in ..." message
    }
    String why = r.skipped() > 0 ? "all " + r.skipped() + " records were bad and skipped; first: " + r.examples().get(0)
        : "no records";
    throw new BadInputException(path, 0, "no ratings in " + path + " (" + why + "); expected at least one rating",
        null);
  }

  /** The input files of the training (and test) data, for {@link DataFingerprint}. */
  private static Map<String, String> stamps(SparkSession spark, DataConfig c) {
    Map<String, String> all = new LinkedHashMap<>();
    var conf = spark.sparkContext().hadoopConfiguration();
    try {
      for (String path : new String[] {c.train(), c.test()}) {
        if (path.isEmpty()) continue;
        if (SourceFormat.parseOrNull(c.format()) == SourceFormat.TABLE) {
          for (String f : spark.table(path).inputFiles()) all.putAll(DataFingerprint.stamp(f, conf));
        } else {
          all.putAll(DataFingerprint.stamp(path, conf));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list the input files of " + c.train(), e);
    }
    return all;
  }

  /** The files a DataFrame reads, when its plan says (names only: a DataFrame may change under the same names). */
  private static Map<String, String> frameStamps(Dataset<Row> df) {
    Map<String, String> all = new java.util.TreeMap<>();
    for (String f : df.inputFiles()) all.put(f, "");
    return all;
  }

  public long skipped() {
    return trainReport.skipped() + (testReport == null ? 0 : testReport.skipped());
  }

  @Override
  public JavaRDD<PartitionBlock<RatingColumns>> trainBlocks() {
    return train.rdd();
  }

  @Override
  public JavaRDD<PartitionBlock<RatingColumns>> testBlocks() {
    return test == null ? null : test.rdd();
  }

  @Override
  public JavaRDD<PartitionBlock<RatingColumns>> validationBlocks() {
    return validation == null ? null : validation.rdd();
  }

  @Override
  public DataSchema schema() {
    RatingExamples.Stats s = train.stats();
    return DataSchema.ratings(s.count(), s.meanLabel(), s.minLabel(), s.maxLabel(), counts.users(), counts.items());
  }

  /**
   * These ratings with the validation slice folded into the training blocks (a model refitted on all of its training
   * input once its settings are chosen), and no validation slice.
   */
  public TrainingRatings withValidationFolded(JavaSparkContext sc) {
    if (validation == null) return this;
    RatingExamples.Blocks fit = train.merged(sc, validation); // as many partitions as the search trained on
    RatingExamples.RowCounts all = RatingExamples.RowCounts.of(fit.rdd(), users.size(), items.size());
    return new TrainingRatings(fit, test, null, users, items, all, trainReport, testReport, fingerprint);
  }

  @Override
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("train_ratings", train.stats().count());
    m.put("users", users.size());
    m.put("items", items.size());
    m.put("duplicates", train.stats().duplicates());
    m.putAll(Reports.summary(trainReport, testReport));
    return m;
  }

  @Override
  public String describe() {
    RatingExamples.Stats s = train.stats();
    StringBuilder sb = new StringBuilder();
    sb.append(s.count()).append(" training ratings (").append(users.size()).append(" users, ").append(items.size())
        .append(" items");
    if (s.duplicates() > 0) sb.append(", ").append(s.duplicates()).append(" duplicated (user, item) records");
    sb.append(')').append(Reports.describe(trainReport, test == null ? -1 : test.stats().count(), testReport));
    return sb.toString();
  }

  @Override
  public void unpersist() {
    train.unpersist();
    if (test != null) test.unpersist();
    if (validation != null) validation.unpersist();
  }
}
