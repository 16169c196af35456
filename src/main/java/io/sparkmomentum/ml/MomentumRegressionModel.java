package io.sparkmomentum.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.sparkmomentum.data.source.LabelKind;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link MomentumRegressor}: {@link #transform} appends {@code predictionCol} (double; null for a null
 * vector), the model's prediction for the row's features read as floats (clamped as in training), the value the
 * CLI's {@code predict} writes for the same row. The weights reach the executors in one broadcast per model.
 * Saved ({@link #write}) as Spark's param metadata plus the CLI's model file ({@link FeatureModelIo}).
 */
public final class MomentumRegressionModel extends RegressionModel<Vector, MomentumRegressionModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String OWNER = "MomentumRegressionModel";

  private final String uid;
  private final FeatureScorer scorer;
  private final String config;
  private final transient MomentumTrainingSummary summary;
  private transient Broadcast<FeatureScorer> broadcast;

  MomentumRegressionModel(String uid, FeatureScorer scorer, MomentumTrainingSummary summary, String config) {
    this(PendingUid.of(uid), scorer, summary, config);
  }

  private MomentumRegressionModel(PendingUid pending, FeatureScorer scorer, MomentumTrainingSummary summary,
      String config) {
    this.uid = pending.take();
    this.scorer = scorer;
    this.summary = summary;
    this.config = config;
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  /** The model type: {@code linear} or {@code fm}. */
  public String modelType() {
    return scorer.spec().type();
  }

  @Override
  public int numFeatures() {
    return scorer.numFeatures();
  }

  /** The trained parameters in the model's layout (a copy). */
  public double[] weights() {
    return scorer.weights().clone();
  }

  @Override
  public double predict(Vector features) {
    return scorer.regression(features);
  }

  /** Whether {@link #summary()} is available (after a fit; not after a load, as for MLlib's summaries). */
  public boolean hasSummary() {
    return summary != null;
  }

  /** What the fit did, round by round; throws after a load (see {@link #hasSummary()}). */
  public MomentumTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException(OWNER + " " + uid + ": no training summary (the model was loaded, not fitted)");
    }
    return summary;
  }

  FeatureScorer scorer() {
    return scorer;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    IdColumns.requireVector(OWNER, schema, "featuresCol", getFeaturesCol());
    return super.transformSchema(schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    if (getPredictionCol().isEmpty()) return dataset.toDF();
    Broadcast<FeatureScorer> b = broadcast(dataset);
    var predict = udf((UDF1<Vector, Double>) v -> v == null ? null : b.value().regression(v), DataTypes.DoubleType);
    return dataset.withColumn(getPredictionCol(), predict.apply(col(MomentumMF.quote(getFeaturesCol()))),
        out.apply(getPredictionCol()).metadata());
  }

  private synchronized Broadcast<FeatureScorer> broadcast(Dataset<?> dataset) {
    if (broadcast == null) {
      broadcast = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext()).broadcast(scorer);
    }
    return broadcast;
  }

  @Override
  public MomentumRegressionModel copy(ParamMap extra) {
    return copyValues(new MomentumRegressionModel(uid, scorer, summary, config), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new FeatureModelIo.Writer(this, scorer, config);
  }

  public static MLReader<MomentumRegressionModel> read() {
    return new FeatureModelIo.Reader<>(MomentumRegressionModel.class, Set.of(LabelKind.REAL),
        (uid, scorer, config) -> new MomentumRegressionModel(uid, scorer, null, config));
  }

  public static MomentumRegressionModel load(String path) {
    return read().load(path);
  }
}
