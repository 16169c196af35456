package io.sparkmomentum.eval;

import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.MatrixFactorizationSpec.RatingErrors;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import java.io.Serializable;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * RMSE and MAE of a factorization model on held-out ratings ({@link RatingErrors}), with cold-start counts: on the
 * driver ({@link #sums}) or as a distributed job ({@link #evaluate}, through {@link Evaluation}).
 */
public final class RatingMetrics {
  private RatingMetrics() {}

  /** Sums of one block: squared error, absolute error, count, cold users, cold items. */
  public record Sums(double sse, double sae, long n, long coldUsers, long coldItems) implements Serializable {
    double[] toArray() {
      return new double[] {sse, sae, n, coldUsers, coldItems};
    }
  }

  public static Sums sums(MatrixFactorization model, double[] w, RatingColumns data, double[] clamp) {
    double[] s = new RatingErrors(model, clamp).sums(w, data);
    return new Sums(s[0], s[1], (long) s[2], (long) s[3], (long) s[4]);
  }

  /** rmse, mae, count, cold_users, cold_items of the model on {@code test}. */
  public static Map<String, Double> evaluate(JavaSparkContext sc, MatrixFactorization model, double[] w,
      JavaRDD<PartitionBlock<RatingColumns>> test, double[] clamp) {
    return Evaluation.evaluate(sc, new RatingErrors(model, clamp), w, test);
  }

  public static Map<String, Double> toMap(Sums s) {
    return new RatingErrors(null, null).finish(s.toArray());
  }
}
