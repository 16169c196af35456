package io.sparkmomentum.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.sparkmomentum.data.source.LabelKind;
import java.util.Set;
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
  private final FeatureFit fit;
  private final FeatureScorer scorer;

  MomentumRegressionModel(String uid, FeatureFit fit) {
    this(PendingUid.of(uid), fit);
  }

  private MomentumRegressionModel(PendingUid pending, FeatureFit fit) {
    this.uid = pending.take();
    this.fit = fit;
    this.scorer = fit.scorer();
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
    return fit.hasSummary();
  }

  /** What the fit did, round by round; throws after a load (see {@link #hasSummary()}). */
  public MomentumTrainingSummary summary() {
    return fit.summary(OWNER, uid);
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
    Broadcast<FeatureScorer> b = fit.broadcast(dataset.sparkSession());
    var predict = udf((UDF1<Vector, Double>) v -> v == null ? null : b.value().regression(v), DataTypes.DoubleType);
    return dataset.withColumn(getPredictionCol(), predict.apply(col(MomentumMF.quote(getFeaturesCol()))),
        out.apply(getPredictionCol()).metadata());
  }

  @Override
  public MomentumRegressionModel copy(ParamMap extra) {
    return copyValues(new MomentumRegressionModel(uid, fit), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return fit.writer(this);
  }

  public static MLReader<MomentumRegressionModel> read() {
    return new FeatureModelIo.Reader<>(MomentumRegressionModel.class, Set.of(LabelKind.REAL),
        MomentumRegressionModel::new);
  }

  public static MomentumRegressionModel load(String path) {
    return read().load(path);
  }
}
