package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.testing.SharedData;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code conf/ml100k-fm.conf} (FM with side and implicit features) on MovieLens 100K, fold u1; skips without
 * {@code ../shared}. {@code -Dfm.folds=1,2,3,4,5} runs those folds and prints each test RMSE and the mean;
 * {@code -Dfm.set=key=value;key=value} overrides the config; {@code -Dfm.grid=set|set|...} runs several such
 * override sets in turn (tuning).
 */
class MovieLensFmTest {

  @Test
  void fmWithSideAndImplicitFeaturesBeatsTheMeanOnU1() throws IOException {
    Path dir = SharedData.file("ml-100k");
    AssertionError first = null;
    for (String overrides : System.getProperty("fm.grid", System.getProperty("fm.set", "")).split("\\|")) {
      try {
        runFolds(dir, overrides);
      } catch (AssertionError e) { // the other override sets still run
        System.out.println("fm [" + overrides + "]: " + e.getMessage());
        if (first == null) first = e;
      }
    }
    if (first != null) throw first;
  }

  private static void runFolds(Path dir, String overrides) throws IOException {
    List<Double> rmses = new ArrayList<>();
    for (String fold : System.getProperty("fm.folds", "1").split(",")) {
      List<String> set = new ArrayList<>(List.of("data.train=" + dir.resolve("u" + fold + ".base"),
          "data.test=" + dir.resolve("u" + fold + ".test"), "features.user_file=" + dir.resolve("u.user"),
          "features.item_file=" + dir.resolve("u.item")));
      for (String kv : overrides.split(";")) if (!kv.isBlank()) set.add(kv.trim());
      RunConfig cfg = ConfigLoader.load(new File("conf/ml100k-fm.conf"), set);
      Map<String, Object> r = FmOnRatings.run(SparkTestSession.get(), cfg);
      System.out.println("fm fold u" + fold + ": " + r);
      rmses.add((Double) r.get("rmse"));
      assertEquals("MAX_EPOCHS", r.get("stop"));
      double mean = trainingMean(dir.resolve("u" + fold + ".base"));
      double baseline = Math.sqrt(Files.readAllLines(dir.resolve("u" + fold + ".test")).stream()
          .mapToDouble(l -> Math.pow(Double.parseDouble(l.split("\t")[2]) - mean, 2)).average().orElseThrow());
      assertTrue((Double) r.get("rmse") < baseline - 0.1, "fm " + r.get("rmse") + " vs the training mean " + baseline);
    }
    System.out.println("fm folds " + System.getProperty("fm.folds", "1") + " [" + overrides + "]: mean test RMSE "
        + rmses.stream().mapToDouble(Double::doubleValue).average().orElseThrow() + " " + rmses);
  }

  private static double trainingMean(Path base) throws IOException {
    return Files.readAllLines(base).stream().mapToDouble(l -> Double.parseDouble(l.split("\t")[2])).average()
        .orElseThrow();
  }
}
