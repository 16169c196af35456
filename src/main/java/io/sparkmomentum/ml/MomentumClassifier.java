package io.sparkmomentum.ml;

import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A classifier on a {@code features} vector column trained by PyTorch-exact momentum SGD on the executors, as a
 * Spark ML {@link ProbabilisticClassifier}. {@code modelType}: {@code logistic} (binary logistic regression),
 * {@code softmax} (multinomial logistic regression), {@code mlp} (ReLU layers {@code hiddenLayers}, softmax output,
 * Glorot-uniform start: Glorot and Bengio 2010) or {@code fm} (a binary factorization machine, Rendle 2010); the
 * mean log-loss of a mini-batch is minimised. The fit runs the trainer of the {@code train} command on the blocks
 * its LIBSVM reader builds from the same rows, so a DataFrame Spark's {@code libsvm} source read from a file gives
 * the bits of {@code train} on that file with the same settings (once -1/+1 labels are mapped to 0/1).
 *
 * <p>Labels are Spark's class indices, doubles {@code 0..k-1}: 0 or 1 for {@code logistic} and {@code fm}; for
 * {@code softmax} and {@code mlp} {@code k} is the label column's ML attribute (as {@code StringIndexer} writes
 * it), else the largest label + 1. A label that is not a class fails the fit naming its row. Params: Spark's
 * {@code featuresCol}, {@code labelCol}, {@code predictionCol}, {@code rawPredictionCol}, {@code probabilityCol},
 * {@code thresholds}; {@code weightCol} and the model and training params of {@link PredictorParams}. Everything is
 * checked at {@link #fit} as for {@link MomentumRegressor}.
 */
public final class MomentumClassifier extends ProbabilisticClassifier<Vector, MomentumClassifier,
    MomentumClassificationModel> implements PredictorParams<MomentumClassifier>, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  static final String OWNER = "MomentumClassifier";
  static final List<String> MODEL_TYPES = List.of("logistic", "softmax", "mlp", "fm");
  private static final DefaultParamsReadable<MomentumClassifier> READABLE = new DefaultParamsReadable<>() {};

  private final String uid;
  private final PredictorParamSet params;
  private final TrainingParamSet training;

  public MomentumClassifier() {
    this(Identifiable.randomUID("momentumClassifier"));
  }

  /** With a given uid (Spark's readers create instances this way). */
  public MomentumClassifier(String uid) {
    this(PendingUid.of(uid));
  }

  private MomentumClassifier(PendingUid pending) {
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
  public MomentumClassificationModel fit(Dataset<?> dataset) {
    PredictorSettings.of(OWNER, this, MODEL_TYPES, "binary");
    transformSchema(dataset.schema());
    classes(dataset.schema());
    return super.fit(dataset);
  }

  @Override
  public MomentumClassificationModel train(Dataset<?> dataset) {
    FeatureFit f = FeatureTraining.fit(dataset, MomentumRegressor.columns(this, OWNER, getFeaturesCol(),
        getLabelCol()), PredictorSettings.of(OWNER, this, MODEL_TYPES, "binary"), classes(dataset.schema()), OWNER);
    return new MomentumClassificationModel(uid, f);
  }

  /**
   * The number of classes: 2 for {@code logistic} and {@code fm}; for {@code softmax} and {@code mlp} the label
   * column's attribute, or 0 (the largest label + 1).
   */
  private int classes(StructType schema) {
    StructField label = schema.apply(getLabelCol());
    Attribute a = Attribute.fromStructField(label);
    int k = a instanceof BinaryAttribute ? 2 : a instanceof NominalAttribute n && n.getNumValues().isDefined()
        ? (Integer) n.getNumValues().get() : 0;
    String type = getModelType().trim().toLowerCase(java.util.Locale.ROOT);
    boolean binary = type.equals("logistic") || type.equals("fm");
    if (binary && k > 2) {
      throw new IllegalArgumentException(OWNER + ": labelCol '" + getLabelCol() + "' has " + k + " classes (its ML "
          + "attribute); modelType " + type + " is binary: expected 2 classes, or modelType softmax or mlp");
    }
    return binary ? 2 : k;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    MomentumRegressor.checkColumns(OWNER, this, schema, getFeaturesCol(), getLabelCol());
    return super.transformSchema(schema);
  }

  @Override
  public MomentumClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<MomentumClassifier> read() {
    return READABLE.read();
  }

  public static MomentumClassifier load(String path) {
    return READABLE.load(path);
  }
}
