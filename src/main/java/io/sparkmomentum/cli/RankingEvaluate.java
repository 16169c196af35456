package io.sparkmomentum.cli;

import io.sparkmomentum.eval.RankingEvaluation;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.SavedModel;
import io.sparkmomentum.model.LatentFactors;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code evaluate --ranking --input TEST [--k 10] [--positive-threshold R]}: {@link RankingEvaluation}'s metrics of
 * a saved model. Training positives are the run's {@code data.train} rated at least R, test positives the input's;
 * R is the flag, else the run's {@code data.positive_threshold} (one of them is required).
 */
final class RankingEvaluate {
  private RankingEvaluate() {}

  static int run(ModelInput in, SavedModel m, String input, int k, Double threshold, String master,
      Configuration conf) throws java.io.IOException {
    if (k < 1) throw new Main.UserError("--k must be >= 1, got " + k, Main.EXIT_CONFIG);
    Object any = m.model();
    if (!(any instanceof LatentFactors model)) {
      throw new Main.UserError("model " + in.model + " has no latent factors to rank with", Main.EXIT_CONFIG);
    }
    Double r = threshold != null ? threshold : RankingInputs.trainedThreshold(m);
    if (r == null) {
      throw new Main.UserError("--ranking needs --positive-threshold R (the run recorded no data.positive_threshold)",
          Main.EXIT_CONFIG);
    }
    if (!(r > 0) || r.isInfinite()) {
      throw new Main.UserError("--positive-threshold " + r + ": expected a finite number > 0", Main.EXIT_CONFIG);
    }
    PathCheck.data("input", input, conf);
    String trainPath = RankingInputs.trainPath(m, in.model, conf);
    PathCheck.data("data.train", trainPath, conf);
    SparkMasters.check("--master", SparkSessions.resolvedMaster(master, Map.of()));
    Map<String, Double> metrics;
    try (SparkSessions.Started spark = SparkSessions.start("spark-momentum evaluate", master, Map.of());
        RankingInputs inputs = new RankingInputs(spark.session(), m,
            EvaluateCommand.withTrainedRange(in.options(m), m))) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.session().sparkContext());
      int partitions = EvaluateCommand.trainedPartitions(m, sc);
      metrics = RankingEvaluation.evaluate(sc, model, m.weights(), inputs.read(trainPath, r, partitions),
          inputs.read(input, r, partitions), k);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("input", input);
    out.put("train", trainPath);
    out.put("positive_threshold", r);
    out.put("k", k);
    for (var e : metrics.entrySet()) {
      out.put(e.getKey(), e.getKey().equals("users") ? (Object) e.getValue().longValue() : e.getValue());
    }
    System.out.println(Json.write(out));
    return 0;
  }
}
