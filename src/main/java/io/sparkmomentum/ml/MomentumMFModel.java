package io.sparkmomentum.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A fitted {@link MomentumMF}: biased matrix factorization {@code r̂ = μ + b_u + b_i + p_u·q_i} (Koren, Bell and
 * Volinsky 2009) with the surface of MLlib's {@code ALSModel}.
 *
 * <p>{@link #transform} appends {@code predictionCol} (double): the prediction clamped to the training ratings'
 * range, as the CLI's {@code predict} writes it. A pair whose user or item the model does not know (or whose id is
 * null) gets NaN ({@code coldStartStrategy = nan}), is dropped ({@code drop}), or scores μ plus the known bias
 * ({@code mean}). The {@code recommendFor*} methods rank by the raw score {@code r̂} (unclamped, so that the
 * clamp does not tie the top), ties to the smaller index, and have ALS's schemas: {@code (userCol,
 * recommendations: array<struct<itemCol, rating: float>>)} and the mirror for items; ids keep the type of the
 * columns the model was fitted on. Seen items are not excluded (as in ALS).
 *
 * <p>Saved ({@link #write}) as Spark's param metadata, a JSON file of the model's numbers and two Parquet data sets
 * of factors with their biases, in double precision so that a loaded model predicts the same bits; no Java
 * serialization.
 */
public final class MomentumMFModel extends Model<MomentumMFModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String OWNER = "MomentumMFModel";

  private final String uid;
  private final MfScorer scorer;
  private final DataType userIdType;
  private final DataType itemIdType;
  private final transient MomentumMFSummary summary;
  private transient Broadcast<MfScorer> broadcast;
  private final Param<String> userCol;
  private final Param<String> itemCol;
  private final Param<String> predictionCol;
  private final Param<String> coldStartStrategy;

  MomentumMFModel(String uid, MfScorer scorer, DataType userIdType, DataType itemIdType, MomentumMFSummary summary) {
    this.uid = uid;
    this.scorer = scorer;
    this.userIdType = userIdType;
    this.itemIdType = itemIdType;
    this.summary = summary;
    userCol = new Param<>(this, "userCol", "column of user ids: string or integral");
    itemCol = new Param<>(this, "itemCol", "column of item ids: string or integral");
    predictionCol = new Param<>(this, "predictionCol", "prediction column name");
    coldStartStrategy = new Param<>(this, "coldStartStrategy", "pairs with an unknown user or item: nan, drop, or "
        + "mean (mu plus the known bias)");
    setDefault(userCol, "user");
    setDefault(itemCol, "item");
    setDefault(predictionCol, "prediction");
    setDefault(coldStartStrategy, "nan");
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> userCol() {
    return userCol;
  }

  public Param<String> itemCol() {
    return itemCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> coldStartStrategy() {
    return coldStartStrategy;
  }

  public String getUserCol() {
    return $(userCol);
  }

  public String getItemCol() {
    return $(itemCol);
  }

  public String getPredictionCol() {
    return $(predictionCol);
  }

  public String getColdStartStrategy() {
    return $(coldStartStrategy);
  }

  public MomentumMFModel setUserCol(String value) {
    return (MomentumMFModel) set(userCol, value);
  }

  public MomentumMFModel setItemCol(String value) {
    return (MomentumMFModel) set(itemCol, value);
  }

  public MomentumMFModel setPredictionCol(String value) {
    return (MomentumMFModel) set(predictionCol, value);
  }

  public MomentumMFModel setColdStartStrategy(String value) {
    return (MomentumMFModel) set(coldStartStrategy, value);
  }

  /** The latent dimension. */
  public int rank() {
    return scorer.model().rank();
  }

  /** The training ratings' mean μ. */
  public double globalMean() {
    return scorer.model().mu();
  }

  /** Whether {@link #summary()} is available (after a fit; not after a load, as for MLlib's summaries). */
  public boolean hasSummary() {
    return summary != null;
  }

  /** What the fit did, round by round; throws after a load (see {@link #hasSummary()}). */
  public MomentumMFSummary summary() {
    if (summary == null) {
      throw new IllegalStateException(OWNER + " " + uid + ": no training summary (the model was loaded, not fitted)");
    }
    return summary;
  }

  MfScorer scorer() {
    return scorer;
  }

  DataType userIdType() {
    return userIdType;
  }

  DataType itemIdType() {
    return itemIdType;
  }

  // ---- transform ----

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = transformSchema(dataset.schema());
    String strategy = IdColumns.coldStart(OWNER, getColdStartStrategy());
    Broadcast<MfScorer> b = broadcast(dataset.sparkSession());
    boolean mean = strategy.equals("mean");
    UserDefinedFunction predict = udf((UDF2<String, String, Double>) (u, i) -> b.value().predict(u, i, mean),
        DataTypes.DoubleType);
    Column u = IdColumns.key(dataset.col(MomentumMF.quote(getUserCol())),
        schema.apply(getUserCol()).dataType());
    Column i = IdColumns.key(dataset.col(MomentumMF.quote(getItemCol())),
        schema.apply(getItemCol()).dataType());
    Dataset<Row> out = dataset.withColumn(getPredictionCol(), predict.apply(u, i));
    return strategy.equals("drop") ? out.na().drop("all", new String[] {getPredictionCol()}) : out;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    IdColumns.requireId(OWNER, schema, "userCol", getUserCol());
    IdColumns.requireId(OWNER, schema, "itemCol", getItemCol());
    return withPrediction(OWNER, schema, getPredictionCol());
  }

  /** {@code schema} with a double prediction column, which must not be there yet. */
  static StructType withPrediction(String owner, StructType schema, String predictionCol) {
    for (String name : schema.fieldNames()) {
      if (name.equals(predictionCol)) {
        throw new IllegalArgumentException(owner + ": predictionCol '" + predictionCol + "' is already a column of "
            + "the dataset; expected a new column name");
      }
    }
    return schema.add(predictionCol, DataTypes.DoubleType, false);
  }

  /** One broadcast of the scorer per model, kept for the lazy plans that use it. */
  private synchronized Broadcast<MfScorer> broadcast(SparkSession spark) {
    if (broadcast == null) broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(scorer);
    return broadcast;
  }

  // ---- factors ----

  /** {@code (id, features: array<float>)}, one row per user, {@code id} of the fitted user column's type. */
  public Dataset<Row> userFactors() {
    return factors(SparkSession.active(), true);
  }

  /** {@code (id, features: array<float>)}, one row per item. */
  public Dataset<Row> itemFactors() {
    return factors(SparkSession.active(), false);
  }

  private Dataset<Row> factors(SparkSession spark, boolean users) {
    double[] w = scorer.weights();
    int n = users ? scorer.numUsers() : scorer.numItems();
    int r = rank();
    int offset = users ? 0 : scorer.numUsers() * r;
    List<Row> rows = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      float[] f = new float[r];
      for (int j = 0; j < r; j++) f[j] = (float) w[offset + k * r + j];
      rows.add(RowFactory.create(users ? scorer.userId(k) : scorer.itemId(k), f));
    }
    StructType schema = new StructType().add("id", DataTypes.StringType, false)
        .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    return spark.createDataFrame(rows, schema)
        .select(col("id").cast(users ? userIdType : itemIdType).as("id"), col("features"));
  }

  // ---- recommendations ----

  /** The {@code numItems} best items of every user. */
  public Dataset<Row> recommendForAllUsers(int numItems) {
    return recommend(spread(SparkSession.active(), scorer.users().rawIds()), true, numItems);
  }

  /** The {@code numUsers} users who score each item highest. */
  public Dataset<Row> recommendForAllItems(int numUsers) {
    return recommend(spread(SparkSession.active(), scorer.items().rawIds()), false, numUsers);
  }

  /** The ids as a data set spread over the executors (at least one slice per core; small tasks). */
  private static Dataset<String> spread(SparkSession spark, List<String> ids) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(sc.defaultParallelism(), 1 + ids.size() / 20_000);
    return spark.createDataset(sc.parallelize(ids, slices).rdd(), Encoders.STRING());
  }

  /** The {@code numItems} best items of each distinct user in {@code dataset}'s {@code userCol} the model knows. */
  public Dataset<Row> recommendForUserSubset(Dataset<?> dataset, int numItems) {
    return recommend(subset(dataset, getUserCol(), "userCol"), true, numItems);
  }

  /** The {@code numUsers} best users of each distinct item in {@code dataset}'s {@code itemCol} the model knows. */
  public Dataset<Row> recommendForItemSubset(Dataset<?> dataset, int numUsers) {
    return recommend(subset(dataset, getItemCol(), "itemCol"), false, numUsers);
  }

  private static Dataset<String> subset(Dataset<?> dataset, String column, String param) {
    StructField f = IdColumns.requireId(OWNER, dataset.schema(), param, column);
    return dataset.select(IdColumns.key(dataset.col(MomentumMF.quote(column)), f.dataType())).na().drop()
        .distinct().as(Encoders.STRING());
  }

  /** For each key (user ids when {@code forUsers}, else item ids) the model knows: its {@code k} best. */
  private Dataset<Row> recommend(Dataset<String> keys, boolean forUsers, int k) {
    if (k < 1) {
      throw new IllegalArgumentException(OWNER + ": the number of recommendations is " + k + "; expected >= 1");
    }
    Broadcast<MfScorer> b = broadcast(keys.sparkSession());
    String other = forUsers ? getItemCol() : getUserCol();
    StructType raw = new StructType().add("key", DataTypes.StringType, false).add("recommendations",
        DataTypes.createArrayType(new StructType().add("id", DataTypes.StringType, false)
            .add("rating", DataTypes.FloatType, false), false), false);
    Dataset<Row> ranked = keys.mapPartitions((MapPartitionsFunction<String, Row>) it -> topK(b.value(), it, forUsers,
        k), Encoders.row(raw));
    DataType keyType = forUsers ? userIdType : itemIdType;
    DataType otherType = forUsers ? itemIdType : userIdType;
    ArrayType recs = DataTypes.createArrayType(new StructType().add(other, otherType, true)
        .add("rating", DataTypes.FloatType, true), true); // nullable: a cast from string may give null
    return ranked.select(col("key").cast(keyType).as(forUsers ? getUserCol() : getItemCol()),
        col("recommendations").cast(recs).as("recommendations"));
  }

  private static Iterator<Row> topK(MfScorer s, Iterator<String> keys, boolean forUsers, int k) {
    List<Row> out = new ArrayList<>();
    while (keys.hasNext()) {
      String key = keys.next();
      int x = forUsers ? s.userIndex(key) : s.itemIndex(key);
      if (x < 0) continue;
      MfScorer.Ranked top = forUsers ? s.topItems(x, k) : s.topUsers(x, k);
      Row[] recs = new Row[top.indices().length];
      for (int j = 0; j < recs.length; j++) {
        int y = top.indices()[j];
        recs[j] = RowFactory.create(forUsers ? s.itemId(y) : s.userId(y), (float) top.scores()[j]);
      }
      // the row encoder wants a Scala Seq for an array column
      out.add(RowFactory.create(forUsers ? s.userId(x) : s.itemId(x),
          CollectionConverters.asScala(java.util.Arrays.asList(recs)).toSeq()));
    }
    return out.iterator();
  }

  // ---- copy, save, load ----

  @Override
  public MomentumMFModel copy(ParamMap extra) {
    MomentumMFModel m = new MomentumMFModel(uid, scorer, userIdType, itemIdType, summary);
    return copyValues(m, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new MfModelIo.Writer(this);
  }

  public static MLReader<MomentumMFModel> read() {
    return new MfModelIo.Reader();
  }

  public static MomentumMFModel load(String path) {
    return read().load(path);
  }

  static String newUid() {
    return Identifiable.randomUID("momentumMF");
  }
}
