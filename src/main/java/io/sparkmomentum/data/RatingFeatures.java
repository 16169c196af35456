package io.sparkmomentum.data;

import io.sparkmomentum.config.FeaturesConfig;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.train.PartitionBlock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Ratings as the feature rows of a factorization machine (Rendle 2010, "Factorization Machines"), the groups chosen
 * by the {@code features.*} keys ({@link FeaturesConfig}) and laid out as {@link FeatureLayout} says:
 * {@code [user one-hot | item one-hot | user side | item side | implicit items]}.
 *
 * <p>The ratings are read, held out, indexed and partitioned by {@link TrainingRatings} exactly as for {@code mf}
 * (duplicates policy and bad records included). The side files are read on the driver ({@link SideFileReader}) and
 * broadcast as compact maps aligned with the rating ids; the implicit sets N(u) are grouped by user on the executors
 * ({@link ImplicitItems}); each rating block then becomes a cached CSR {@link FeatureRows} block
 * ({@link FeatureBlocks}), row for row, so the blocks are the same bits on every load. Test rows use the training
 * maps: a cold user or item (unknown to the training ratings) lacks its one-hot and implicit groups, keeps its side
 * features, and is counted. With {@code features.scale = frequency} every value is then scaled by its feature's
 * {@link FeatureScale}, counted on the training blocks and recorded in {@link #metadata()}.
 */
public final class RatingFeatures implements TrainingData<FeatureRows> {
  private final TrainingRatings ratings;
  private final FeaturesConfig config;
  private final FeatureLayout layout;
  private final SideTable userTable;
  private final SideTable itemTable;
  private final SideTable.SideRows userSide;
  private final SideTable.SideRows itemSide;
  private final JavaPairRDD<Integer, int[]> implicitSets;
  private final FeatureBlocks.Blocks train;
  private final FeatureBlocks.Blocks test;
  private final DataFingerprint fingerprint;
  /** The frequency scale of the values, or null ({@code features.scale = none}). */
  private final FeatureScale scale;
  /** The validation slice's rows ({@code data.validation_fraction}), or null. */
  private final FeatureBlocks.Blocks validation;

  private RatingFeatures(TrainingRatings ratings, FeaturesConfig config, FeatureLayout layout, SideTable userTable,
      SideTable itemTable, SideTable.SideRows userSide, SideTable.SideRows itemSide,
      JavaPairRDD<Integer, int[]> implicitSets, FeatureBlocks.Blocks train, FeatureBlocks.Blocks test,
      FeatureBlocks.Blocks validation, DataFingerprint fingerprint, FeatureScale scale) {
    this.validation = validation;
    this.ratings = ratings;
    this.config = config;
    this.layout = layout;
    this.userTable = userTable;
    this.itemTable = itemTable;
    this.userSide = userSide;
    this.itemSide = itemSide;
    this.implicitSets = implicitSets;
    this.train = train;
    this.test = test;
    this.fingerprint = fingerprint;
    this.scale = scale;
  }

  /**
   * Reads {@code cfg.data()} and the side files of {@code cfg.features()} and builds the cached feature blocks of
   * the training and test ratings in {@code partitions} partitions.
   */
  public static RatingFeatures load(SparkSession spark, RunConfig cfg, long seed, int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    FeaturesConfig f = cfg.features();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    SideTable userTable = f.userFile().isEmpty() ? null
        : SideFileReader.read(f.userFile(), true, f.sideFormat(), conf);
    SideTable itemTable = f.itemFile().isEmpty() ? null
        : SideFileReader.read(f.itemFile(), false, f.sideFormat(), conf);
    List<String> moreUsers = userTable == null ? List.of() : userTable.ids();
    List<String> moreItems = itemTable == null ? List.of() : itemTable.ids();
    TrainingRatings r = TrainingRatings.load(spark, cfg.data().withValidationFraction(cfg.validationFraction()), seed,
        partitions, moreUsers, moreItems);
    JavaPairRDD<Integer, int[]> sets = null;
    Broadcast<RowFeaturizer> bf = null;
    FeatureBlocks.Blocks trainBlocks = null;
    try {
      int nu = r.users().size();
      int ni = r.items().size();
      SideTable.SideRows us = userTable == null ? SideTable.SideRows.none()
          : userTable.aligned(TrainingRatings.extended(r.users(), moreUsers));
      SideTable.SideRows is = itemTable == null ? SideTable.SideRows.none()
          : itemTable.aligned(TrainingRatings.extended(r.items(), moreItems));
      FeatureLayout layout = new FeatureLayout(f.user() ? nu : 0, f.item() ? ni : 0,
          userTable == null ? 0 : userTable.vocabulary().size(), itemTable == null ? 0 : itemTable.vocabulary().size(),
          f.implicit() ? ni : 0);
      bf = sc.broadcast(new RowFeaturizer(layout, nu, ni, us, is));
      if (f.implicit()) {
        sets = ImplicitItems.sets(r.trainBlocks(), partitions).setName("implicit item sets")
            .persist(StorageLevel.MEMORY_AND_DISK());
      }
      trainBlocks = FeatureBlocks.build(sc, r.trainBlocks(), bf, sets == null ? null
          : ImplicitItems.perBlock(r.trainBlocks(), sets, nu, partitions), "training feature rows");
      FeatureBlocks.Blocks testBlocks = r.testBlocks() == null ? null : FeatureBlocks.build(sc, r.testBlocks(), bf,
          sets == null ? null : ImplicitItems.perBlock(r.testBlocks(), sets, nu, partitions), "test feature rows");
      FeatureBlocks.Blocks validationBlocks = r.validationBlocks() == null ? null : FeatureBlocks.build(sc,
          r.validationBlocks(), bf, sets == null ? null : ImplicitItems.perBlock(r.validationBlocks(), sets, nu,
              partitions), "validation feature rows");
      FeatureScale scale = null;
      if (f.scale().equals("frequency")) {
        scale = FeatureScale.of(trainBlocks.rdd(), layout.width());
        Broadcast<double[]> factors = sc.broadcast(scale.factors());
        trainBlocks = FeatureBlocks.scaled(sc, trainBlocks, factors, "training feature rows");
        if (testBlocks != null) testBlocks = FeatureBlocks.scaled(sc, testBlocks, factors, "test feature rows");
        if (validationBlocks != null) {
          validationBlocks = FeatureBlocks.scaled(sc, validationBlocks, factors, "validation feature rows");
        }
        factors.unpersist(false); // not destroyed: the cached blocks' map function still holds it
      }
      DataFingerprint fp = fingerprint(r.fingerprint(), f, userTable, itemTable, conf);
      RatingFeatures out = new RatingFeatures(r, f, layout, userTable, itemTable, us, is, sets, trainBlocks,
          testBlocks, validationBlocks, fp, scale);
      sets = null; // kept: write() saves them
      trainBlocks = null;
      return out;
    } finally {
      r.unpersist();
      if (bf != null) bf.destroy();
      if (sets != null) sets.unpersist(false);
      if (trainBlocks != null) trainBlocks.unpersist();
    }
  }

  /** The ratings' fingerprint with the side files' stamps, and the feature keys and side tables' contents. */
  private static DataFingerprint fingerprint(DataFingerprint ratings, FeaturesConfig f, SideTable users,
      SideTable items, Configuration conf) {
    Map<String, String> files = new java.util.TreeMap<>(ratings.files());
    try {
      for (SideTable t : new SideTable[] {users, items}) {
        if (t != null) files.putAll(DataFingerprint.stamp(t.path(), conf));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list the side files", e);
    }
    String keys = "user=" + f.user() + ",item=" + f.item() + ",implicit=" + f.implicit() + ",user_side="
        + (users == null ? "-" : users.format() + ":" + users.crc()) + ",item_side="
        + (items == null ? "-" : items.format() + ":" + items.crc())
        + (f.scale().equals("none") ? "" : ",scale=" + f.scale());
    return new DataFingerprint(new LinkedHashMap<>(files), ratings.count(), ratings.labelSum(),
        DataFingerprint.withFeatures(ratings.idsCrc(), keys));
  }

  /** The frequency scale of the values ({@code features.scale = frequency}), or null. */
  public FeatureScale scale() {
    return scale;
  }

  /** The rating data underneath (ids, read reports). */
  public TrainingRatings ratings() {
    return ratings;
  }

  public FeatureLayout layout() {
    return layout;
  }

  @Override
  public JavaRDD<PartitionBlock<FeatureRows>> trainBlocks() {
    return train.rdd();
  }

  @Override
  public JavaRDD<PartitionBlock<FeatureRows>> testBlocks() {
    return test == null ? null : test.rdd();
  }

  @Override
  public JavaRDD<PartitionBlock<FeatureRows>> validationBlocks() {
    return validation == null ? null : validation.rdd();
  }

  /**
   * {@code numFeatures} is the layout's width; the labels are the training ratings (for fm's w0 and its clamp); the
   * feature scale is {@link FeatureScale#factors} when the values are scaled.
   */
  @Override
  public DataSchema schema() {
    FeatureBlocks.Stats s = train.stats();
    return new DataSchema(s.count(), 0, 0, layout.width(), 0, s.meanLabel(), s.minLabel(), s.maxLabel(),
        scale == null ? null : scale.factors());
  }

  /**
   * The index space, so that a saved model can score new pairs: the groups ({@code name, offset, size}), the side
   * vocabularies (position {@code j} of a side group is {@code vocabulary[j]}) and formats, the id counts, and the
   * implicit value.
   */
  public Map<String, Object> metadata() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", "spark-momentum/rating-features");
    m.put("num_features", layout.width());
    m.put("groups", layout.toMeta());
    m.put("num_users", ratings.users().size());
    m.put("num_items", ratings.items().size());
    m.put("implicit_value", config.implicit() ? "1/sqrt(|N(u)|), N(u) = the user's training items" : "none");
    m.put("scale", config.scale());
    if (scale != null) { // s_j = sqrt(scale_rows / scale_counts[j]), 1 where the count is 0
      m.put("scale_rows", scale.rows());
      m.put("scale_counts", java.util.Arrays.stream(scale.counts()).boxed().toList());
    }
    Map<String, Object> side = new LinkedHashMap<>();
    for (SideTable t : new SideTable[] {userTable, itemTable}) {
      if (t == null) continue;
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("file", t.path());
      s.put("format", t.format());
      s.put("vocabulary", t.vocabulary());
      side.put(t == userTable ? "user" : "item", s);
    }
    m.put("side", side);
    return m;
  }

  @Override
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    FeatureBlocks.Stats s = train.stats();
    m.put("train_ratings", s.count());
    m.put("users", ratings.users().size());
    m.put("items", ratings.items().size());
    m.put("duplicates", ratings.train().stats().duplicates());
    m.put("features", layout.width());
    Map<String, Object> groups = new LinkedHashMap<>();
    for (Map<String, Object> g : layout.toMeta()) groups.put((String) g.get("name"), g.get("size"));
    m.put("feature_groups", groups);
    m.put("features_per_row", s.count() == 0 ? 0.0 : (double) s.nonZeros() / s.count());
    if (userTable != null) m.put("user_side", sideSummary(userTable, userSide, ratings.users().size()));
    if (itemTable != null) m.put("item_side", sideSummary(itemTable, itemSide, ratings.items().size()));
    if (test != null) {
      m.put("test_ratings", test.stats().count());
      m.put("test_cold_users", test.stats().coldUsers());
      m.put("test_cold_items", test.stats().coldItems());
    }
    m.putAll(Reports.summary(ratings.trainReport(), ratings.testReport()));
    return m;
  }

  private static Map<String, Object> sideSummary(SideTable t, SideTable.SideRows rows, int trained) {
    int covered = 0;
    for (int k = 0; k < trained; k++) if (rows.count(k) > 0) covered++;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", t.path());
    m.put("format", t.format());
    m.put("features", t.vocabulary().size());
    m.put("ids", t.ids().size());
    m.put("training_ids_with_features", covered);
    m.put("training_ids_without", trained - covered);
    return m;
  }

  @Override
  public String describe() {
    FeatureBlocks.Stats s = train.stats();
    StringBuilder sb = new StringBuilder();
    sb.append(s.count()).append(" training ratings (").append(ratings.users().size()).append(" users, ")
        .append(ratings.items().size()).append(" items) as ").append(layout.width()).append(" features [");
    List<Map<String, Object>> groups = layout.toMeta();
    for (int g = 0; g < groups.size(); g++) {
      sb.append(g == 0 ? "" : " | ").append(groups.get(g).get("name")).append(' ').append(groups.get(g).get("size"));
    }
    sb.append(String.format(java.util.Locale.ROOT, "], %.1f per row", s.count() == 0 ? 0.0
        : (double) s.nonZeros() / s.count()));
    if (ratings.train().stats().duplicates() > 0) {
      sb.append(", ").append(ratings.train().stats().duplicates()).append(" duplicated (user, item) records");
    }
    sb.append(Reports.describe(ratings.trainReport(), test == null ? -1 : test.stats().count(),
        ratings.testReport()));
    if (test != null) {
      sb.append(" (cold: ").append(test.stats().coldUsers()).append(" by user, ").append(test.stats().coldItems())
          .append(" by item)");
    }
    return sb.toString();
  }

  @Override
  public DataFingerprint fingerprint() {
    return fingerprint;
  }

  /**
   * Writes what featurizing new pairs needs, no Java serialization: {@code dir/user_ids}, {@code dir/item_ids}
   * (Parquet {@code index, id}, as {@link TrainingRatings#writeIds}), {@code dir/features.json} ({@link #metadata}),
   * the side tables {@code dir/user_side}, {@code dir/item_side} (Parquet {@code id, features, values}: positions
   * in the group's vocabulary, every id of the file) and the implicit sets {@code dir/implicit} (Parquet
   * {@code user, items}: indices; written by the executors).
   */
  public void write(SparkSession spark, String dir) {
    ratings.writeIds(spark, dir);
    Path json = new Path(dir, "features.json");
    try (OutputStream out = json.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(json, true)) {
      out.write(Json.write(metadata()).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + json, e);
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    StructType sideSchema = new StructType().add("id", DataTypes.StringType, false)
        .add("features", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
        .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    for (SideTable t : new SideTable[] {userTable, itemTable}) {
      if (t == null) continue;
      List<Row> rows = new ArrayList<>(t.ids().size());
      for (int k = 0; k < t.ids().size(); k++) {
        int a = t.rowPtr()[k];
        int b = t.rowPtr()[k + 1];
        rows.add(RowFactory.create(t.ids().get(k), java.util.Arrays.stream(t.cols(), a, b).boxed().toArray(),
            java.util.Arrays.stream(t.values(), a, b).boxed().toArray()));
      }
      spark.createDataFrame(sc.parallelize(rows, 1 + rows.size() / 20_000), sideSchema).write().mode("overwrite")
          .parquet(dir + "/" + (t == userTable ? "user_side" : "item_side"));
    }
    if (implicitSets != null) {
      StructType schema = new StructType().add("user", DataTypes.IntegerType, false)
          .add("items", DataTypes.createArrayType(DataTypes.IntegerType, false), false);
      JavaRDD<Row> rows = implicitSets.sortByKey().map(t -> RowFactory.create(t._1(),
          java.util.Arrays.stream(t._2()).boxed().toArray()));
      spark.createDataFrame(rows, schema).write().mode("overwrite").parquet(dir + "/implicit");
    }
  }

  /**
   * The rows as {@code (label double, features ml.linalg.Vector)} (sparse vectors of {@link #layout()}'s width), in
   * block order, so that MLlib's {@code FMRegressor} can train on exactly these features.
   *
   * @param test the test rows (an empty frame when there is no test set) instead of the training rows
   */
  public Dataset<Row> toDataFrame(SparkSession spark, boolean test) {
    StructType schema = new StructType().add("label", DataTypes.DoubleType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    JavaRDD<PartitionBlock<FeatureRows>> blocks = test ? testBlocks() : trainBlocks();
    if (blocks == null) return spark.createDataFrame(List.of(), schema);
    return spark.createDataFrame(blocks.flatMap(new ToRows()), schema);
  }

  /** A block's rows as {@code (label, sparse vector)}. */
  private record ToRows() implements FlatMapFunction<PartitionBlock<FeatureRows>, Row> {
    @Override
    public Iterator<Row> call(PartitionBlock<FeatureRows> b) {
      FeatureRows x = b.data();
      List<Row> out = new ArrayList<>(x.size());
      for (int r = 0; r < x.size(); r++) {
        int s = x.start(r);
        int e = x.end(r);
        out.add(RowFactory.create(x.labels()[r], new SparseVector(x.dim(),
            java.util.Arrays.copyOfRange(x.indices(), s, e), java.util.Arrays.copyOfRange(x.values(), s, e))));
      }
      return out.iterator();
    }
  }

  @Override
  public void unpersist() {
    train.unpersist();
    if (test != null) test.unpersist();
    if (validation != null) validation.unpersist();
    if (implicitSets != null) implicitSets.unpersist(false);
  }

  /** The classes of this data that cross the wire, for {@code train.KryoRegistration} (records: Java form). */
  public static List<Class<?>> wireClasses() {
    return List.of(SideTable.SideRows.class, FeatureLayout.class, RowFeaturizer.class, FeatureBlocks.Built.class,
        FeatureBlocks.Stats.class);
  }
}
