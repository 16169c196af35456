package io.sparkmomentum.eval;

import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * RMSE and MAE of a factorization model on held-out ratings, as a distributed job. Predictions are clamped to
 * {@code [minRating, maxRating]} unless the range is null. A rating whose user or item is unknown to the model
 * (cold start) is scored {@code μ + known bias} and counted. Per-partition sums are added on the driver in
 * partition order, so the figures are the same on every run.
 */
public final class RatingMetrics {
  private RatingMetrics() {}

  /** Sums of one partition: squared error, absolute error, count, cold users, cold items. */
  public record Sums(double sse, double sae, long n, long coldUsers, long coldItems) implements Serializable {
    Sums plus(Sums o) {
      return new Sums(sse + o.sse, sae + o.sae, n + o.n, coldUsers + o.coldUsers, coldItems + o.coldItems);
    }
  }

  public static Sums sums(MatrixFactorization model, double[] w, RatingColumns data, double[] clamp) {
    double sse = 0;
    double sae = 0;
    long coldU = 0;
    long coldI = 0;
    for (int x = 0; x < data.size(); x++) {
      int u = data.users()[x];
      int i = data.items()[x];
      if (u < 0 || u >= model.numUsers()) coldU++;
      if (i < 0 || i >= model.numItems()) coldI++;
      double p = model.predict(w, u, i);
      if (clamp != null) p = Math.min(clamp[1], Math.max(clamp[0], p));
      double e = p - data.ratings()[x];
      sse += e * e;
      sae += Math.abs(e);
    }
    return new Sums(sse, sae, data.size(), coldU, coldI);
  }

  /** rmse, mae, count, cold_users, cold_items of the model on {@code test}. */
  public static Map<String, Double> evaluate(JavaSparkContext sc, MatrixFactorization model, double[] w,
      JavaRDD<PartitionBlock<RatingColumns>> test, double[] clamp) {
    Broadcast<double[]> bc = sc.broadcast(w);
    try {
      List<Tuple2<Integer, Sums>> parts = test
          .map(b -> new Tuple2<>(b.partition(), sums(model, bc.value(), b.data(), clamp))).collect();
      Sums total = new Sums(0, 0, 0, 0, 0);
      for (Tuple2<Integer, Sums> t : parts.stream().sorted((a, b) -> Integer.compare(a._1(), b._1())).toList()) {
        total = total.plus(t._2());
      }
      return toMap(total);
    } finally {
      bc.destroy();
    }
  }

  public static Map<String, Double> toMap(Sums s) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("rmse", Math.sqrt(s.sse() / s.n()));
    m.put("mae", s.sae() / s.n());
    m.put("count", (double) s.n());
    m.put("cold_users", (double) s.coldUsers());
    m.put("cold_items", (double) s.coldItems());
    return m;
  }
}
