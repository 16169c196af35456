package io.sparkmomentum.ml;

import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.TrainingRatings;
import io.sparkmomentum.data.source.ColumnKeys;
import io.sparkmomentum.model.ImplicitSpec;
import io.sparkmomentum.model.ItemFactors;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.ModelRegistry;
import io.sparkmomentum.model.ModelSpec;
import io.sparkmomentum.model.MatrixFactorizationSpec;
import io.sparkmomentum.model.RatingColumns;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One {@link MomentumMF} fit: the CLI's {@code train} without the run directory. The DataFrame is read into rating
 * blocks on the executors by the code that reads the CLI's Parquet input ({@link TrainingRatings#fromFrame}), the
 * model is built, initialised and trained by {@link FitRun} (the CLI's trainer): the same settings on
 * the same ratings give the CLI's bits.
 */
final class MfTraining {
  /** How column messages name the settings. */
  static final ColumnKeys KEYS = new ColumnKeys("userCol", "itemCol", "ratingCol");

  private MfTraining() {}

  /**
   * The validated settings of a fit.
   *
   * @param checkpointInterval epochs between training checkpoints (in the SparkContext's checkpoint directory, if
   *     set; then a divergence rolls back to the last one with half the rate), or -1
   */
  record Settings(DataConfig data, ModelConfig model, OptimizerConfig optimizer, TrainerConfig trainer,
      int checkpointInterval) {}

  /** The fitted scorer and what the fit did. */
  record Fitted(MfScorer scorer, MomentumMFSummary summary) {}

  /**
   * Trains {@code mf} on the ratings, or with {@code model.type} an implicit loss ({@code implicitPrefs}) the
   * {@link ImplicitSpec} model on the events, whose score {@code s_ui = p_u·q_i + b_i} the scorer then holds as a
   * factorization with {@code μ = 0}, no user biases and no clamp (the same scores, ranked the same way).
   */
  @SuppressWarnings("unchecked")
  static Fitted fit(SparkSession spark, Dataset<Row> ratings, Settings s) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    TrainerConfig tc = s.trainer();
    int partitions = tc.partitions() > 0 ? tc.partitions() : sc.defaultParallelism();
    TrainingRatings data = TrainingRatings.fromFrame(spark, ratings, s.data(), KEYS, tc.seed(), partitions);
    try {
      ModelSpec<RatingColumns> spec = (ModelSpec<RatingColumns>) ModelRegistry.spec(s.model().type());
      FitRun.Outcome<RatingColumns> r = FitRun.train(sc, spec, s.model(), s.optimizer(), tc, data,
          s.checkpointInterval(), partitions, MomentumMF.OWNER);
      MfScorer scorer;
      if (r.model() instanceof MatrixFactorization mf) {
        scorer = new MfScorer(mf, r.weights(), data.users(), data.items(),
            MatrixFactorizationSpec.clamp(s.model(), data.schema()));
      } else {
        ItemFactors f = ImplicitSpec.factors(r.model());
        MatrixFactorization mf = new MatrixFactorization(f.numUsers(), f.numItems(), f.rank(), 0,
            s.model().lambda(), s.model().lambdaBias());
        scorer = new MfScorer(mf, asFactorization(f, r.weights()), data.users(), data.items(), null);
      }
      return new Fitted(scorer, new MomentumMFSummary(r.summary()));
    } finally {
      data.unpersist();
    }
  }

  /** The weights {@code P, Q, bi} of an implicit model in {@link MatrixFactorization}'s layout {@code P, Q, bu = 0, bi}. */
  static double[] asFactorization(ItemFactors f, double[] w) {
    int factors = (f.numUsers() + f.numItems()) * f.rank();
    double[] out = new double[factors + f.numUsers() + f.numItems()];
    System.arraycopy(w, 0, out, 0, factors);
    System.arraycopy(w, factors, out, factors + f.numUsers(), f.numItems());
    return out;
  }
}
