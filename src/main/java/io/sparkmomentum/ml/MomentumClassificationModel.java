package io.sparkmomentum.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.sparkmomentum.data.source.LabelKind;
import java.util.Set;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link MomentumClassifier}. {@link #transform} appends, for each of these params that is not empty:
 * {@code rawPredictionCol} ({@code (-m, m)} of a binary model's margin {@code m}, or the logits), {@code
 * probabilityCol} ({@code (1 - σ(m), σ(m))}, or the softmax of the logits) and {@code predictionCol} (the class: with
 * {@code thresholds}, Spark's rule, the largest {@code p_i / t_i}; without, as the CLI's metrics count it: class 1
 * when {@code σ(m) ≥ 1/2}, else the first largest logit). Features are read as floats, as in training; a null
 * vector gives nulls. The weights reach the executors in one broadcast per model. Saved ({@link #write}) as Spark's
 * param metadata plus the CLI's model file ({@link FeatureModelIo}).
 */
public final class MomentumClassificationModel extends ProbabilisticClassificationModel<Vector,
    MomentumClassificationModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String OWNER = "MomentumClassificationModel";

  private final String uid;
  private final FeatureFit fit;
  private final FeatureScorer scorer;

  MomentumClassificationModel(String uid, FeatureFit fit) {
    this(PendingUid.of(uid), fit);
  }

  private MomentumClassificationModel(PendingUid pending, FeatureFit fit) {
    this.uid = pending.take();
    this.fit = fit;
    this.scorer = fit.scorer();
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  /** The model type: {@code logistic}, {@code softmax}, {@code mlp} or {@code fm}. */
  public String modelType() {
    return scorer.spec().type();
  }

  @Override
  public int numClasses() {
    return scorer.numClasses();
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
  public Vector predictRaw(Vector features) {
    return Vectors.dense(scorer.raw(features));
  }

  @Override
  public Vector raw2probabilityInPlace(Vector raw) {
    if (!(raw instanceof DenseVector d)) throw new IllegalArgumentException(OWNER + ": expected a dense raw vector");
    scorer.probabilityInPlace(d.values());
    return d;
  }

  @Override
  public double predict(Vector features) {
    return predicted(scorer, activeThresholds(), scorer.raw(features));
  }

  /** The class of a raw prediction, with the thresholds (or null). */
  private static double predicted(FeatureScorer s, double[] thresholds, double[] raw) {
    if (thresholds == null) return s.predictedClass(raw);
    double[] p = raw.clone();
    s.probabilityInPlace(p);
    int best = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.length; i++) {
      double scaled = p[i] / thresholds[i]; // a threshold of 0 makes its class win (NaN when its probability is 0)
      if (scaled > max) {
        max = scaled;
        best = i;
      }
    }
    return best;
  }

  private double[] activeThresholds() {
    return isDefined(thresholds()) ? getThresholds() : null;
  }

  /** Spark's (package-private) summary hook, inherited twice in Java's eyes: the probabilistic one. */
  @Override
  @SuppressWarnings("rawtypes")
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
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
    String rawCol = getRawPredictionCol();
    String probCol = getProbabilityCol();
    String predCol = getPredictionCol();
    if (rawCol.isEmpty() && probCol.isEmpty() && predCol.isEmpty()) return dataset.toDF();
    Broadcast<FeatureScorer> b = fit.broadcast(dataset.sparkSession());
    double[] t = activeThresholds();
    int k = numClasses();
    if (t != null && t.length != k) {
      throw new IllegalArgumentException(OWNER + ": param thresholds has " + t.length + " values; expected "
          + k + ", one per class");
    }
    String raw = rawCol.isEmpty() ? "_momentum_raw_" + uid : rawCol;
    var rawUdf = udf((UDF1<Vector, Vector>) v -> v == null ? null : Vectors.dense(b.value().raw(v)),
        SQLDataTypes.VectorType());
    Dataset<Row> df = dataset.withColumn(raw, rawUdf.apply(col(MomentumMF.quote(getFeaturesCol()))),
        rawCol.isEmpty() ? org.apache.spark.sql.types.Metadata.empty() : out.apply(rawCol).metadata());
    Column r = col(MomentumMF.quote(raw));
    if (!probCol.isEmpty()) {
      var probUdf = udf((UDF1<Vector, Vector>) v -> {
        if (v == null) return null;
        double[] p = v.toArray().clone();
        b.value().probabilityInPlace(p);
        return Vectors.dense(p);
      }, SQLDataTypes.VectorType());
      df = df.withColumn(probCol, probUdf.apply(r), out.apply(probCol).metadata());
    }
    if (!predCol.isEmpty()) {
      var predUdf = udf((UDF1<Vector, Double>) v -> v == null ? null : predicted(b.value(), t, v.toArray()),
          DataTypes.DoubleType);
      df = df.withColumn(predCol, predUdf.apply(r), out.apply(predCol).metadata());
    }
    return rawCol.isEmpty() ? df.drop(raw) : df;
  }

  @Override
  public MomentumClassificationModel copy(ParamMap extra) {
    return copyValues(new MomentumClassificationModel(uid, fit), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return fit.writer(this);
  }

  public static MLReader<MomentumClassificationModel> read() {
    return new FeatureModelIo.Reader<>(MomentumClassificationModel.class, Set.of(LabelKind.BINARY, LabelKind.CLASS),
        MomentumClassificationModel::new);
  }

  public static MomentumClassificationModel load(String path) {
    return read().load(path);
  }
}
