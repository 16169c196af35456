package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero-config training: with only the data keys, {@code optimizer.lr = auto} searches the unset settings on a
 * validation slice (successive halving), records the candidates and the choice in the summary, the run's
 * {@code config.conf} and {@code tuning/}, never overrides a key the user set, and beats the training mean.
 */
class ZeroConfigCliTest {
  @TempDir
  static Path tmp;
  static Map<String, Object> auto;

  static Map<String, Object> train(Path out, String... sets) throws Exception {
    return CliRunner.trainSummary(List.of("--output", out.toString(), "--set", "data.train=data/sample/train.tsv",
        "--set", "data.test=data/sample/test.tsv"), sets);
  }

  @BeforeAll
  static void zeroConfig() throws Exception {
    SparkTestSession.get();
    auto = train(tmp.resolve("auto"), "trainer.epochs=12");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSearchAndTheRefitOnMergedBlocksGiveTheSameBitsEveryRun() throws Exception {
    Map<String, Object> again = train(tmp.resolve("auto-again"), "trainer.epochs=12");
    List<Map<String, Object>> a = (List<Map<String, Object>>) ((Map<String, Object>) auto.get("tuning"))
        .get("candidates");
    List<Map<String, Object>> b = (List<Map<String, Object>>) ((Map<String, Object>) again.get("tuning"))
        .get("candidates");
    assertEquals(a.size(), b.size());
    for (int k = 0; k < a.size(); k++) {
      for (String key : List.of("candidate", "epochs", "validation_rmse", "best_epoch")) {
        assertEquals(a.get(k).get(key), b.get(k).get(key), key + " of row " + k);
      }
    }
    assertEquals(auto.get("test_rmse"), again.get("test_rmse"));
    assertEquals(auto.get("final_loss"), again.get("final_loss"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSearchIsRecordedAndItsChoiceIsWhatTrained() throws Exception {
    Map<String, Object> tuning = (Map<String, Object>) auto.get("tuning");
    List<Map<String, Object>> candidates = (List<Map<String, Object>>) tuning.get("candidates");
    assertEquals(6 + 2, candidates.size(), candidates.toString()); // 6 at 4 epochs, the best 2 at 12
    String chosen = (String) tuning.get("chosen");
    double bestFinal = candidates.stream().filter(c -> ((Number) c.get("epochs")).intValue() == 12)
        .mapToDouble(c -> ((Number) c.get("validation_rmse")).doubleValue()).min().orElseThrow();
    Map<String, Object> winner = candidates.stream().filter(c -> c.get("candidate").equals(chosen)
        && ((Number) c.get("epochs")).intValue() == 12).findFirst().orElseThrow();
    assertEquals(bestFinal, ((Number) winner.get("validation_rmse")).doubleValue(), 0.0);
    // the run's config states the chosen numbers
    String conf = Files.readString(tmp.resolve("auto/config.conf"));
    assertTrue(conf.contains("\"gradient_scale\" : \"row\""), conf);
    assertFalse(conf.contains("\"lr\" : \"auto\""), conf);
    for (Map<String, Object> c : candidates) {
      assertTrue(Files.exists(tmp.resolve("auto/tuning/" + c.get("candidate") + "/metrics.jsonl")));
    }
    assertTrue(Files.exists(tmp.resolve("auto/tuning/search.json")));
    // better than predicting the training mean (the data's RMSE around its mean is about 1)
    double rmse = ((Number) auto.get("test_rmse")).doubleValue();
    assertTrue(rmse < 0.9, auto.toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void keysTheUserSetAreNeverOverridden() throws Exception {
    Map<String, Object> s = train(tmp.resolve("rank"), "trainer.epochs=6", "model.rank=3", "model.lambda=0.07");
    Map<String, Object> tuning = (Map<String, Object>) s.get("tuning");
    for (Map<String, Object> c : (List<Map<String, Object>>) tuning.get("candidates")) {
      List<String> settings = (List<String>) c.get("settings");
      assertFalse(settings.stream().anyMatch(o -> o.startsWith("model.rank=") || o.startsWith("model.lambda=")),
          settings.toString());
    }
    assertEquals(1, ((List<?>) tuning.get("candidates")).size()); // nothing left to search but the run itself
    String conf = Files.readString(tmp.resolve("rank/config.conf"));
    assertTrue(conf.matches("(?s).*\"rank\" : \"?3\"?,.*") && conf.matches("(?s).*\"lambda\" : \"?0\\.07\"?,.*"),
        conf);
  }

  @Test
  void resumingAFinishedSelfTunedRunComparesItsChosenSettings() throws Exception {
    CliRunner.Out r = CliRunner.run("train", "--output", tmp.resolve("auto").toString(), "--set",
        "data.train=data/sample/train.tsv", "--set", "data.test=data/sample/test.tsv", "--set", "trainer.epochs=12",
        "--resume");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("has already ended"), r.err());
    assertEquals(auto.get("test_rmse"), Json.readMap(r.out().strip()).get("test_rmse"));
    // the chosen settings and the candidates head the run's config
    String conf = Files.readString(tmp.resolve("auto/config.conf"));
    assertTrue(conf.startsWith("# optimizer.lr = auto: self-tuning"), conf);
  }

  @Test
  @SuppressWarnings("unchecked")
  void onAWideRatingScaleTheSearchLowersTheRateInsteadOfFailing() throws Exception {
    // the sample's ratings (0.5..5) times 100: 50..500, where lr 1 diverges (the factors grow with the scale)
    Path dir = tmp.resolve("wide-data");
    Files.createDirectories(dir);
    for (String f : List.of("train.tsv", "test.tsv")) {
      List<String> lines = Files.readAllLines(Path.of("data/sample/" + f)).stream().map(l -> {
        String[] c = l.split("\t");
        c[2] = Double.toString(100 * Double.parseDouble(c[2]));
        return String.join("\t", c);
      }).toList();
      Files.write(dir.resolve(f), lines);
    }
    Map<String, Object> s = CliRunner.trainSummary(List.of("--output", tmp.resolve("wide").toString(), "--set",
        "data.train=" + dir.resolve("train.tsv"), "--set", "data.test=" + dir.resolve("test.tsv")),
        "trainer.epochs=30");
    assertEquals("ok", s.get("status"), s.toString());
    List<Map<String, Object>> candidates =
        (List<Map<String, Object>>) ((Map<String, Object>) s.get("tuning")).get("candidates");
    List<Map<String, Object>> atOne = candidates.stream()
        .filter(c -> ((List<String>) c.get("settings")).contains("optimizer.lr=1.0")).toList();
    assertEquals(6, atOne.size(), candidates.toString());
    assertTrue(atOne.stream().allMatch(c -> Boolean.TRUE.equals(c.get("diverged"))), candidates.toString());
    String chosen = (String) ((Map<String, Object>) s.get("tuning")).get("chosen");
    assertTrue(chosen.contains("-lr0."), chosen);
    double rmse = ((Number) s.get("test_rmse")).doubleValue();
    assertTrue(rmse < 100 * 0.9, s.toString()); // better than the training mean (about 100 × 1 on this scale)
  }

  @Test
  void aNumericRateTurnsTheSearchOff() throws Exception {
    Map<String, Object> s = train(tmp.resolve("manual"), "trainer.epochs=2", "optimizer.lr=10");
    assertFalse(s.containsKey("tuning"), s.toString());
  }
}
