package io.sparkmomentum.ml;

import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.TrainingFeatures;
import io.sparkmomentum.data.source.FrameColumns;
import io.sparkmomentum.data.source.LabelKind;
import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.model.FeatureModelSpec;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.ModelRegistry;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * One {@link MomentumRegressor} or {@link MomentumClassifier} fit: the CLI's {@code train} of a feature model
 * without the run directory. The DataFrame's rows become the blocks the CLI's LIBSVM or IDX reader builds from the
 * same rows ({@link TrainingFeatures#fromFrame}) and {@link FitRun} trains the spec's model on them: the same rows and
 * settings give the CLI's bits.
 */
final class FeatureTraining {
  private FeatureTraining() {}

  /**
   * @return the fitted scorer, what the fit did, and its config (rendered, saved with the model)
   * @param numClasses with class labels: the number of classes (0 = the largest label + 1)
   */
  static FeatureFit fit(Dataset<?> dataset, FrameColumns cols, PredictorSettings.Settings s, int numClasses,
      String owner) {
    SparkSession spark = dataset.sparkSession();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    RunConfig cfg = s.config();
    FeatureModelSpec spec = (FeatureModelSpec) ModelRegistry.spec(cfg.model().type());
    LabelKind labels = spec.labels(cfg.model());
    TrainerConfig tc = cfg.trainer();
    int partitions = tc.partitions() > 0 ? tc.partitions() : sc.defaultParallelism();
    TrainingFeatures data = TrainingFeatures.fromFrame(spark, dataset.toDF(), cols, labels, numClasses,
        cfg.data().testFraction(), tc.seed(), partitions);
    try {
      FitRun.Outcome<FeatureRows> r = FitRun.train(sc, spec, cfg.model(), cfg.optimizer(), tc, data,
          s.checkpointInterval(), partitions, owner);
      DataSchema schema = data.schema();
      FeatureScorer scorer = new FeatureScorer(spec, spec.metadata(r.model(), cfg.model(), schema), r.weights(),
          spec.clamp(cfg.model(), schema));
      return new FeatureFit(scorer, r.summary(), cfg.rendered());
    } finally {
      data.unpersist();
    }
  }
}
