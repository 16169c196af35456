package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.testing.ImplicitRuns;
import io.sparkmomentum.testing.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The implicit configs on real data ({@code ../shared/data}; skipped when absent), scored by the protocol
 * ({@code ExactRanking}): by default {@code conf/ml100k-implicit.conf} ({@code ials}); BPR's with {@code
 * -Dimplicit.conf=conf/ml100k-implicit-bpr.conf}. {@code -Dimplicit.set="k=v;k=v|k=v"} trains each '|'-separated
 * override set instead and prints its figures (the hyperparameter search: pair it with {@code data.test_fraction} on
 * the training file for a validation slice).
 */
class ImplicitMovieLensTest {
  @Test
  void theImplicitConfigOnMl100kBeatsPopularity() {
    SharedData.file("ml-100k/u1.base");
    String conf = System.getProperty("implicit.conf", "conf/ml100k-implicit.conf");
    String sets = System.getProperty("implicit.set", "");
    List<List<String>> runs = new ArrayList<>();
    for (String s : sets.split("\\|")) runs.add(s.isBlank() ? List.of() : Arrays.asList(s.split(";")));
    for (List<String> overrides : runs) {
      RunConfig cfg = ImplicitRuns.config(conf, overrides);
      Map<String, Double> m = ImplicitRuns.trainAndRank(cfg, 10);
      System.out.println("IMPLICIT " + conf + " " + overrides + " " + m);
      if (sets.isBlank()) {
        assertTrue(m.get("ndcg_at_10") > 1.5 * m.get("pop_ndcg_at_10"), "well above popularity: " + m);
      }
    }
  }
}
