package io.sparkmomentum.ml;

import io.sparkmomentum.data.source.FrameColumns;
import java.util.List;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A regression on a {@code features} vector column trained by PyTorch-exact momentum SGD on the executors, as a
 * Spark ML {@link Predictor}: {@code modelType} {@code linear} (least squares {@code ŷ = b + w·x}) or {@code fm} (a
 * factorization machine, Rendle 2010, "Factorization Machines", {@code ŷ = w0 + w·x + Σ_{i<j} ⟨v_i, v_j⟩ x_i x_j},
 * predictions clamped to the training labels' range with {@code clampPredictions}); the mean squared error of a
 * mini-batch is minimised. The fit runs the trainer of the {@code train} command on the blocks its LIBSVM reader
 * builds from the same rows, so a DataFrame Spark's {@code libsvm} source read from a file gives the bits of
 * {@code train} on that file with the same settings.
 *
 * <p>Params: Spark's {@code featuresCol} ({@code "features"}: a vector column, sparse or dense, of one size),
 * {@code labelCol} ({@code "label"}: numeric), {@code predictionCol}; {@code weightCol} (empty: every row weighs
 * 1) and the model and training params of {@link PredictorParams}. Features, labels and weights are read as floats
 * (as the CLI reads files). Every param is checked at {@link #fit}, which fails naming the param, its value and
 * the allowed range; so do a missing column, a column of another type, and a bad row (null, non-finite, another
 * vector size), named by its place in its Spark partition.
 */
public final class MomentumRegressor extends Predictor<Vector, MomentumRegressor, MomentumRegressionModel>
    implements PredictorParams<MomentumRegressor>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  static final String OWNER = "MomentumRegressor";
  static final List<String> MODEL_TYPES = List.of("linear", "fm");
  private static final DefaultParamsReadable<MomentumRegressor> READABLE = new DefaultParamsReadable<>() {};

  private final String uid;
  private final PredictorParamSet params;
  private final TrainingParamSet training;

  public MomentumRegressor() {
    this(Identifiable.randomUID("momentumRegressor"));
  }

  /** With a given uid (Spark's readers create instances this way). */
  public MomentumRegressor(String uid) {
    this(PendingUid.of(uid));
  }

  private MomentumRegressor(PendingUid pending) {
    this.uid = pending.take();
    this.params = new PredictorParamSet(this, MODEL_TYPES);
    this.training = new TrainingParamSet(this, "rows");
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  @Override
  public PredictorParamSet paramSet() {
    return params;
  }

  @Override
  public TrainingParamSet trainingParamSet() {
    return training;
  }

  @Override
  public MomentumRegressionModel fit(Dataset<?> dataset) {
    PredictorSettings.of(OWNER, this, MODEL_TYPES, "regression");
    transformSchema(dataset.schema());
    return super.fit(dataset);
  }

  @Override
  public MomentumRegressionModel train(Dataset<?> dataset) {
    FeatureFit f = FeatureTraining.fit(dataset, columns(this, OWNER, getFeaturesCol(), getLabelCol()),
        PredictorSettings.of(OWNER, this, MODEL_TYPES, "regression"), 0, OWNER);
    return new MomentumRegressionModel(uid, f);
  }

  /** Checks the features, label and weight columns (naming the param) and appends the prediction column. */
  @Override
  public StructType transformSchema(StructType schema) {
    checkColumns(OWNER, this, schema, getFeaturesCol(), getLabelCol());
    return super.transformSchema(schema);
  }

  static void checkColumns(String owner, PredictorParams<?> p, StructType schema, String features, String label) {
    IdColumns.requireVector(owner, schema, "featuresCol", features);
    IdColumns.requireNumeric(owner, schema, "labelCol", label);
    if (!p.getWeightCol().isEmpty()) IdColumns.requireNumeric(owner, schema, "weightCol", p.getWeightCol());
  }

  static FrameColumns columns(PredictorParams<?> p, String owner, String features, String label) {
    return new FrameColumns(owner + ".fit's dataset", features, label, p.getWeightCol());
  }

  @Override
  public MomentumRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<MomentumRegressor> read() {
    return READABLE.read();
  }

  public static MomentumRegressor load(String path) {
    return READABLE.load(path);
  }
}
