package io.sparkmomentum.ml;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Biased matrix factorization {@code r̂ = μ + b_u + b_i + p_u·q_i} (Koren, Bell and Volinsky 2009) trained by
 * PyTorch-exact momentum SGD on the executors, as a Spark ML {@link Estimator}: the surface of MLlib's {@code ALS}
 * (same param names where they mean the same thing) over the trainer of the {@code train} command, whose bits it
 * gives for the same ratings and settings.
 *
 * <p>ALS's params: {@code userCol} ({@code "user"}), {@code itemCol} ({@code "item"}), {@code ratingCol}
 * ({@code "rating"}), {@code predictionCol} ({@code "prediction"}), {@code rank} (10), {@code maxIter} (epochs, 10),
 * {@code regParam} (λ on the factors, 0.05), {@code seed} (42), {@code implicitPrefs} (false; true trains the
 * implicit-feedback loss {@link io.sparkmomentum.model.ImplicitSpec#DEFAULT_LOSS}, BPR: Rendle et al. 2009, on
 * events weighted by their rating, or on the positives of {@code positiveThreshold}), {@code coldStartStrategy} ({@code nan}, {@code drop}, or {@code mean}: μ plus the known bias),
 * {@code checkpointInterval} (10 epochs; -1 disables). Ours: {@code stepSize} (the learning rate, 0.01),
 * {@code momentum} (0.9), {@code nesterov} (false), {@code batchSize} (0 = full batch), {@code regParamBias}
 * (λ on the biases, 0.01), {@code initStd} (0.1), {@code numPartitions} (0 = Spark's default parallelism),
 * {@code validationFraction} (0; a seeded hash of each rating holds this fraction out and the summary reports
 * its RMSE per epoch), and the learning-rate schedule ({@code schedule} = constant, step, exponential, cosine or
 * linear_warmup, with {@code scheduleStepSize}, {@code scheduleGamma}, {@code scheduleTMax}, {@code scheduleEtaMin},
 * {@code scheduleStartFactor}, {@code scheduleTotalIters}). The defaults are the CLI's ({@code defaults.conf}).
 *
 * <p>Ids are any string or integral column (or whole-number doubles, as {@code StringIndexer} writes them); the
 * rating any numeric column. Every param is checked at {@link #fit}, which fails naming the param, its value and the
 * allowed range; so do missing columns, columns of another type and nulls in a key column.
 */
public final class MomentumMF extends Estimator<MomentumMFModel> implements MomentumMFParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  static final String OWNER = "MomentumMF";
  private static final DefaultParamsReadable<MomentumMF> READABLE = new DefaultParamsReadable<>() {};

  private final String uid;
  private final Param<String> userCol;
  private final Param<String> itemCol;
  private final Param<String> ratingCol;
  private final Param<String> predictionCol;
  private final IntParam rank;
  private final DoubleParam regParam;
  private final DoubleParam regParamBias;
  private final DoubleParam initStd;
  private final BooleanParam implicitPrefs;
  private final DoubleParam positiveThreshold;
  private final Param<String> coldStartStrategy;
  private final TrainingParamSet training;

  public MomentumMF() {
    this(Identifiable.randomUID("momentumMF"));
  }

  /** With a given uid (Spark's readers create instances this way). */
  public MomentumMF(String uid) {
    this.uid = uid;
    training = new TrainingParamSet(this, "ratings");
    userCol = new Param<>(this, "userCol", "column of user ids: string or integral");
    itemCol = new Param<>(this, "itemCol", "column of item ids: string or integral");
    ratingCol = new Param<>(this, "ratingCol", "column of ratings: any numeric type");
    predictionCol = new Param<>(this, "predictionCol", "prediction column name");
    rank = new IntParam(this, "rank", "latent dimension, in [1, 4096]");
    regParam = new DoubleParam(this, "regParam", "per-occurrence L2 on the factors p_u, q_i (>= 0)");
    regParamBias = new DoubleParam(this, "regParamBias", "per-occurrence L2 on the biases b_u, b_i (>= 0)");
    initStd = new DoubleParam(this, "initStd", "factors start N(0, initStd^2) from the seed (>= 0)");
    implicitPrefs = new BooleanParam(this, "implicitPrefs", "implicit feedback: each rating is an event weighted by "
        + "its value (a count), or with positiveThreshold > 0 a positive when at least that; trained with a ranking "
        + "loss (BPR)");
    positiveThreshold = new DoubleParam(this, "positiveThreshold", "implicitPrefs: ratings at least this are "
        + "positives (weight 1), the others are dropped; 0: every rating is an event weighted by its value (>= 0)");
    coldStartStrategy = new Param<>(this, "coldStartStrategy", "pairs with an unknown user or item: nan, drop, or "
        + "mean (mu plus the known bias)");
    setDefault(userCol, "user");
    setDefault(itemCol, "item");
    setDefault(ratingCol, "rating");
    setDefault(predictionCol, "prediction");
    setDefault(rank, 10);
    setDefault(regParam, 0.05);
    setDefault(regParamBias, 0.01);
    setDefault(initStd, 0.1);
    setDefault(implicitPrefs, false);
    setDefault(positiveThreshold, 0.0);
    setDefault(coldStartStrategy, "nan");
  }

  @Override
  public String uid() {
    return uid;
  }

  // ---- the params (Spark finds them by these accessors, declared in MomentumMFParams; the training params'
  // accessors and setters are TrainingParams') ----

  @Override
  public TrainingParamSet trainingParamSet() {
    return training;
  }

  public Param<String> userCol() {
    return userCol;
  }

  public Param<String> itemCol() {
    return itemCol;
  }

  public Param<String> ratingCol() {
    return ratingCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public IntParam rank() {
    return rank;
  }

  public DoubleParam regParam() {
    return regParam;
  }

  public DoubleParam regParamBias() {
    return regParamBias;
  }

  public DoubleParam initStd() {
    return initStd;
  }

  public BooleanParam implicitPrefs() {
    return implicitPrefs;
  }

  public DoubleParam positiveThreshold() {
    return positiveThreshold;
  }

  public Param<String> coldStartStrategy() {
    return coldStartStrategy;
  }

  // ---- setters, ALS style (the getters are MomentumMFParams') ----

  public MomentumMF setUserCol(String value) {
    return (MomentumMF) set(userCol, value);
  }

  public MomentumMF setItemCol(String value) {
    return (MomentumMF) set(itemCol, value);
  }

  public MomentumMF setRatingCol(String value) {
    return (MomentumMF) set(ratingCol, value);
  }

  public MomentumMF setPredictionCol(String value) {
    return (MomentumMF) set(predictionCol, value);
  }

  public MomentumMF setRank(int value) {
    return (MomentumMF) set(rank, value);
  }

  public MomentumMF setRegParam(double value) {
    return (MomentumMF) set(regParam, value);
  }

  public MomentumMF setRegParamBias(double value) {
    return (MomentumMF) set(regParamBias, value);
  }

  public MomentumMF setInitStd(double value) {
    return (MomentumMF) set(initStd, value);
  }

  public MomentumMF setImplicitPrefs(boolean value) {
    return (MomentumMF) set(implicitPrefs, value);
  }

  public MomentumMF setPositiveThreshold(double value) {
    return (MomentumMF) set(positiveThreshold, value);
  }

  public MomentumMF setColdStartStrategy(String value) {
    return (MomentumMF) set(coldStartStrategy, value);
  }

  // ---- Estimator ----

  @Override
  public MomentumMFModel fit(Dataset<?> dataset) {
    MfTraining.Settings settings = FitSettings.of(this);
    StructType schema = transformSchema(dataset.schema());
    StructField user = schema.apply(getUserCol());
    StructField item = schema.apply(getItemCol());
    Dataset<Row> ratings = dataset.toDF().select(
        IdColumns.forFit(col(quote(getUserCol())), user.dataType(), "userCol", getUserCol()).as(getUserCol()),
        IdColumns.forFit(col(quote(getItemCol())), item.dataType(), "itemCol", getItemCol()).as(getItemCol()),
        col(quote(getRatingCol())));
    MfTraining.Fitted fitted = MfTraining.fit(dataset.sparkSession(), ratings, settings);
    MomentumMFModel model = new MomentumMFModel(uid, fitted.scorer(), user.dataType(), item.dataType(),
        fitted.summary());
    return copyValues(model.setParent(this), ParamMap.empty());
  }

  /** Checks the id and rating columns (naming the param) and appends the prediction column. */
  @Override
  public StructType transformSchema(StructType schema) {
    IdColumns.requireId(OWNER, schema, "userCol", getUserCol());
    IdColumns.requireId(OWNER, schema, "itemCol", getItemCol());
    IdColumns.requireNumeric(OWNER, schema, "ratingCol", getRatingCol());
    return MomentumMFModel.withPrediction(OWNER, schema, getPredictionCol());
  }

  @Override
  public MomentumMF copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<MomentumMF> read() {
    return READABLE.read();
  }

  public static MomentumMF load(String path) {
    return READABLE.load(path);
  }

  static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
