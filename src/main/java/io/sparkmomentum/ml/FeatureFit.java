package io.sparkmomentum.ml;

import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;

/**
 * What {@link MomentumRegressionModel} and {@link MomentumClassificationModel} hold besides their params: the
 * scorer, the fit's config (saved with the model), the summary (after a fit only, as MLlib's), and the one broadcast
 * of the scorer that the model's lazy plans share (the weights never travel in a closure).
 */
final class FeatureFit implements Serializable {
  private static final long serialVersionUID = 1L;

  private final FeatureScorer scorer;
  private final String config;
  private final transient MomentumTrainingSummary summary;
  private transient Broadcast<FeatureScorer> broadcast;

  /**
   * @param summary null after a load
   */
  FeatureFit(FeatureScorer scorer, MomentumTrainingSummary summary, String config) {
    this.scorer = scorer;
    this.summary = summary;
    this.config = config;
  }

  FeatureScorer scorer() {
    return scorer;
  }

  boolean hasSummary() {
    return summary != null;
  }

  /** The summary; throws after a load, naming the model. */
  MomentumTrainingSummary summary(String owner, String uid) {
    if (summary == null) {
      throw new IllegalStateException(owner + " " + uid + ": no training summary (the model was loaded, not fitted)");
    }
    return summary;
  }

  synchronized Broadcast<FeatureScorer> broadcast(SparkSession spark) {
    if (broadcast == null) broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(scorer);
    return broadcast;
  }

  MLWriter writer(Params model) {
    return new FeatureModelIo.Writer(model, scorer, config);
  }
}
