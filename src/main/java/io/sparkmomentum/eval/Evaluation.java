package io.sparkmomentum.eval;

import io.sparkmomentum.model.BlockMetrics;
import io.sparkmomentum.train.PartitionBlock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Any model's held-out metrics as one distributed job: the parameters are broadcast (and destroyed after), every
 * block is scored into its additive sums ({@link BlockMetrics#sums}), and the driver adds them in partition order,
 * so the figures are the same bits on every run, whatever the order tasks finish in.
 */
public final class Evaluation {
  private Evaluation() {}

  public static <D> Map<String, Double> evaluate(JavaSparkContext sc, BlockMetrics<D> metrics, double[] w,
      JavaRDD<PartitionBlock<D>> blocks) {
    Broadcast<double[]> bc = sc.broadcast(w);
    try {
      List<Tuple2<Integer, double[]>> parts = blocks.map(new Score<>(metrics, bc)).collect();
      double[] total = null;
      for (Tuple2<Integer, double[]> t : parts.stream().sorted(Comparator.comparingInt(Tuple2::_1)).toList()) {
        if (total == null) {
          total = t._2().clone();
        } else {
          for (int k = 0; k < total.length; k++) total[k] += t._2()[k];
        }
      }
      return metrics.finish(total);
    } finally {
      bc.destroy();
    }
  }

  private record Score<D>(BlockMetrics<D> metrics, Broadcast<double[]> weights)
      implements Function<PartitionBlock<D>, Tuple2<Integer, double[]>> {
    @Override
    public Tuple2<Integer, double[]> call(PartitionBlock<D> b) {
      return new Tuple2<>(b.partition(), metrics.sums(weights.value(), b.data()));
    }
  }
}
