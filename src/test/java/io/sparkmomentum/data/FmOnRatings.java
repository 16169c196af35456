package io.sparkmomentum.data;

import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.eval.Evaluation;
import io.sparkmomentum.model.BlockMetrics;
import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.model.FactorizationMachine;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.train.Trainer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A factorization machine trained on {@link RatingFeatures} through the Spark {@link Trainer}, as {@code train}
 * will run it once the CLI reads feature rows from ratings: w0 starts at the training mean, predictions are clamped
 * to the training labels' range for the test RMSE.
 */
final class FmOnRatings {
  private FmOnRatings() {}

  /** RMSE and MAE of clamped predictions: sums {@code [Σ e², Σ |e|, n]}. */
  record ClampedRmse(FactorizationMachine fm, double min, double max) implements BlockMetrics<FeatureRows> {
    @Override
    public double[] sums(double[] w, FeatureRows x) {
      double[] s = new double[3];
      for (int r = 0; r < x.size(); r++) {
        double e = Math.min(max, Math.max(min, fm.score(w, x, r))) - x.labels()[r];
        s[0] += e * e;
        s[1] += Math.abs(e);
      }
      s[2] = x.size();
      return s;
    }

    @Override
    public Map<String, Double> finish(double[] t) {
      return Map.of("rmse", Math.sqrt(t[0] / t[2]), "mae", t[1] / t[2], "count", t[2]);
    }
  }

  /** Loads, trains and evaluates; returns test {@code rmse}, {@code mae}, {@code seconds} (load + train) and more. */
  static Map<String, Object> run(SparkSession spark, RunConfig cfg) {
    long t0 = System.nanoTime();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int partitions = cfg.trainer().partitions() > 0 ? cfg.trainer().partitions() : sc.defaultParallelism();
    RatingFeatures data = RatingFeatures.load(spark, cfg, cfg.trainer().seed(), partitions);
    try {
      double loaded = (System.nanoTime() - t0) / 1e9;
      DataSchema s = data.schema();
      ModelConfig mc = cfg.model();
      FactorizationMachine fm = new FactorizationMachine(s.numFeatures(), mc.rank(), false, mc.lambdaLinear(),
          mc.lambdaFactors(), FactorizationMachine.Regularization.parse("model.regularization", mc.regularization()));
      ClampedRmse metrics = new ClampedRmse(fm, s.labelMin(), s.labelMax());
      Trainer<FeatureRows> trainer = new Trainer<>(sc, fm, cfg.optimizer(), cfg.trainer())
          .evaluator(w -> Evaluation.evaluate(sc, metrics, w, data.testBlocks()));
      Trainer.Result r = trainer.fit(data.trainBlocks(), Trainer.initialState(fm.initialParameters(mc.initStd(),
          s.labelMean(), cfg.trainer().seed(), s.featureScale())));
      Map<String, Object> out = new LinkedHashMap<>();
      Map<String, Double> ev = Evaluation.evaluate(sc, metrics, r.state().weights(), data.testBlocks());
      out.put("rmse", ev.get("rmse"));
      out.put("mae", ev.get("mae"));
      out.put("train_rmse", Evaluation.evaluate(sc, metrics, r.state().weights(), data.trainBlocks()).get("rmse"));
      out.put("stop", r.stopReason().name());
      out.put("rounds", r.state().round());
      out.put("load_seconds", loaded);
      out.put("seconds", (System.nanoTime() - t0) / 1e9);
      out.put("features", s.numFeatures());
      out.put("data", data.describe());
      return out;
    } finally {
      data.unpersist();
    }
  }
}
