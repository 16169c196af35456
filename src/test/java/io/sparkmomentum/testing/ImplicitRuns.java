package io.sparkmomentum.testing;

import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.data.TrainingRatings;
import io.sparkmomentum.model.ImplicitSpec;
import io.sparkmomentum.model.LatentFactors;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ModelRegistry;
import io.sparkmomentum.model.ModelSpec;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import io.sparkmomentum.train.Trainer;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains an implicit model from a config (the CLI's data path and trainer, on the shared local session) and scores it
 * with {@link ExactRanking}: the harness of the real-data implicit tests and of the hyperparameter search.
 */
public final class ImplicitRuns {
  private ImplicitRuns() {}

  /** The ratings of a set of blocks, concatenated in partition order. */
  public static RatingColumns collect(JavaRDD<PartitionBlock<RatingColumns>> blocks) {
    List<PartitionBlock<RatingColumns>> parts = new ArrayList<>(blocks.collect());
    parts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
    int n = parts.stream().mapToInt(p -> p.data().size()).sum();
    int[] us = new int[n];
    int[] is = new int[n];
    float[] ls = new float[n];
    int at = 0;
    for (PartitionBlock<RatingColumns> p : parts) {
      RatingColumns c = p.data();
      System.arraycopy(c.users(), 0, us, at, c.size());
      System.arraycopy(c.items(), 0, is, at, c.size());
      System.arraycopy(c.ratings(), 0, ls, at, c.size());
      at += c.size();
    }
    return new RatingColumns(us, is, ls);
  }

  /** The config at {@code conf} with {@code key=value} overrides. */
  public static RunConfig config(String conf, List<String> overrides) {
    return ConfigLoader.load(new File(conf), overrides);
  }

  /**
   * Trains the config's model and returns the exact ranking metrics at {@code k} on its test data, plus {@code
   * fit_seconds} (the trainer alone), {@code pop_ndcg_at_k} (the popularity baseline) and the final loss.
   */
  public static Map<String, Double> trainAndRank(RunConfig cfg, int k) {
    JavaSparkContext sc = SparkTestSession.sc();
    TrainingRatings data = TrainingRatings.load(SparkTestSession.get(), cfg.data(), cfg.trainer().seed(),
        cfg.trainer().partitions());
    try {
      @SuppressWarnings("unchecked")
      ModelSpec<RatingColumns> spec = (ModelSpec<RatingColumns>) ModelRegistry.spec(cfg.model().type());
      Model<RatingColumns> model = spec.build(cfg.model(), data.schema());
      long t0 = System.nanoTime();
      Trainer.Result r = new Trainer<>(sc, model, cfg.optimizer(), cfg.trainer()).fit(data.trainBlocks(),
          Trainer.initialState(spec.initialParameters(model, cfg.model(), data.schema(), cfg.trainer().seed())));
      double fit = (System.nanoTime() - t0) / 1e9;
      RatingColumns train = collect(data.trainBlocks());
      RatingColumns test = collect(data.testBlocks());
      LatentFactors lf = model instanceof LatentFactors f ? f : ImplicitSpec.factors(model);
      Map<String, Double> m = new LinkedHashMap<>(ExactRanking.evaluate(lf, r.state().weights(), train, test, k));
      double[] pop = java.util.Arrays.copyOf(ExactRanking.itemCounts(train, lf.numItems()), lf.numItems() + 1);
      m.put("pop_ndcg_at_" + k, ExactRanking.evaluate(ExactRanking.popularity(lf.numUsers(), lf.numItems()), pop,
          train, test, k).get("ndcg_at_" + k));
      m.put("fit_seconds", fit);
      m.put("final_loss", r.lastRound() == null ? Double.NaN : r.lastRound().loss());
      return m;
    } finally {
      data.unpersist();
    }
  }
}
