package io.sparkmomentum.cli;

import io.sparkmomentum.config.ConfigFactoryView;
import io.sparkmomentum.data.RatingData;
import io.sparkmomentum.data.ReadResult;
import io.sparkmomentum.data.ReaderOptions;
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
    description = {"Prints RMSE, MAE and cold-start counts of a saved model on a ratings file, as one JSON line.",
        "Ratings outside the training run's data.min_rating..data.max_rating are bad input (exit 3)."})
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  ModelInput in;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "held-out ratings")
  String input;

  @Override
  public Integer call() throws Exception {
    Configuration conf = new Configuration();
    SavedModel m = in.load(conf);
    ReadResult r = ModelInput.read(input, withTrainedRange(in.options(m), m), m, conf).result();
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

  /**
   * Held-out ratings must be on the training data's scale: outside the run's {@code data.min_rating} and
   * {@code data.max_rating} they are bad input here too (as they were in training), not a silently huge error.
   */
  static ReaderOptions withTrainedRange(ReaderOptions opts, SavedModel m) {
    ConfigFactoryView trained = ConfigFactoryView.of(String.valueOf(m.meta().get("config")));
    try {
      return opts.withRatingRange(Double.parseDouble(trained.str("data.min_rating", "")),
          Double.parseDouble(trained.str("data.max_rating", "")));
    } catch (IllegalArgumentException e) { // no usable range recorded: the reader's wide default
      return opts;
    }
  }
}
