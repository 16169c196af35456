package io.sparkmomentum.cli;

import io.sparkmomentum.data.RatingData;
import io.sparkmomentum.data.ReadResult;
import io.sparkmomentum.eval.RatingMetrics;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.SavedModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate --model DIR --input FILE}: RMSE and MAE of a saved model on held-out ratings. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Prints RMSE, MAE and cold-start counts of a saved model on a ratings file, as one JSON line.")
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  ModelInput in;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "held-out ratings")
  String input;

  @Override
  public Integer call() throws Exception {
    Configuration conf = new Configuration();
    SavedModel m = in.load(conf);
    ReadResult r = ModelInput.read(input, in.options(m), m, conf).result();
    Map<String, Double> metrics = RatingMetrics.toMap(RatingMetrics.sums(m.model(), m.weights(),
        RatingData.columns(r.ratings()), m.clamp()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("input", input);
    out.put("rmse", metrics.get("rmse"));
    out.put("mae", metrics.get("mae"));
    out.put("count", metrics.get("count").longValue());
    out.put("cold_users", metrics.get("cold_users").longValue());
    out.put("cold_items", metrics.get("cold_items").longValue());
    System.out.println(Json.write(out));
    return 0;
  }
}
