package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.SavedModel;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in process, on the bundled sample and the shared local[2] session. */
class CliTest {
  @TempDir
  static Path tmp;
  static Path run;
  static Map<String, Object> summary;

  @BeforeAll
  static void trainSample() throws Exception {
    SparkTestSession.get();
    run = tmp.resolve("sample-run");
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", run.toString(), "--set", "trainer.epochs=4");
    assertEquals(0, r.code(), r.err());
    summary = Json.readMap(CliRunner.lastLine(r.out()));
  }

  @Test
  void trainWritesModelMetricsAndSummary() throws Exception {
    assertEquals("ok", summary.get("status"));
    assertEquals(4L * 16, ((Number) summary.get("rounds")).longValue());
    double rmse = ((Number) summary.get("test_rmse")).doubleValue();
    assertTrue(rmse > 0.5 && rmse < 1.2, "sample test RMSE " + rmse);
    List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(64 + 1, metrics.size(), "one line per round plus the stop event");
    Map<String, Object> first = Json.readMap(metrics.get(0));
    for (String k : List.of("round", "epoch", "loss", "grad_norm", "lr", "seconds", "broadcast_ms", "compute_ms",
        "aggregate_ms", "update_ms", "bytes_aggregated")) {
      assertTrue(first.containsKey(k), "metrics.jsonl lacks " + k);
    }
    assertTrue(Json.readMap(metrics.get(63)).containsKey("test_rmse"));
    assertTrue(Files.isRegularFile(run.resolve("model/bundle.json")));
    assertTrue(Files.isRegularFile(run.resolve("config.conf")));
  }

  @Test
  void predictWritesDoublesThatReadBackExactly() throws Exception {
    Path out = tmp.resolve("pred.tsv");
    CliRunner.Out r = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--input", "data/sample/test.tsv",
        "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    SavedModel m = SavedModel.load(run.resolve("model").toString(), new Configuration());
    List<String> lines = Files.readAllLines(out);
    assertEquals(Files.readAllLines(Path.of("data/sample/test.tsv")).size(), lines.size());
    for (String line : lines.subList(0, 200)) {
      String[] f = line.split("\t");
      assertEquals(m.predict(f[0], f[1]), Double.parseDouble(f[2]), 0.0, line);
    }
    CliRunner.Out again = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--input", "data/sample/test.tsv",
        "--output", out.toString());
    assertEquals(Main.EXIT_CONFIG, again.code());
    assertTrue(again.err().contains("already exists; use --overwrite"), again.err());
  }

  @Test
  void evaluateAgreesWithTheTrainingSummary() throws Exception {
    CliRunner.Out r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--input", "data/sample/test.tsv");
    assertEquals(0, r.code(), r.err());
    Map<String, Object> m = Json.readMap(CliRunner.lastLine(r.out()));
    // the same blocks in the same partitions and order as the run's test set: the same bits, not just close
    assertEquals(((Number) summary.get("test_rmse")).doubleValue(), ((Number) m.get("rmse")).doubleValue(), 0.0);
    assertEquals(((Number) summary.get("test_mae")).doubleValue(), ((Number) m.get("mae")).doubleValue(), 0.0);
  }

  @Test
  void recommendExcludesRatedItems() throws Exception {
    CliRunner.Out r = CliRunner.run("recommend", "--model", run.resolve("model").toString(), "--user", "17", "--k", "5");
    assertEquals(0, r.code(), r.err());
    Map<String, Object> m = Json.readMap(CliRunner.lastLine(r.out()));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> recs = (List<Map<String, Object>>) m.get("recommendations");
    assertEquals(5, recs.size());
    Set<String> rated = new HashSet<>();
    for (String line : Files.readAllLines(Path.of("data/sample/train.tsv"))) {
      String[] f = line.split("\t");
      if (f[0].equals("17")) rated.add(f[1]);
    }
    assertTrue(((Number) m.get("excluded_rated")).intValue() == rated.size() && !rated.isEmpty());
    double prev = Double.POSITIVE_INFINITY;
    for (Map<String, Object> e : recs) {
      assertFalse(rated.contains((String) e.get("item")), "recommended an already rated item " + e);
      double s = ((Number) e.get("score")).doubleValue();
      assertTrue(s <= prev, "scores must be sorted");
      prev = s;
    }
  }

  @Test
  void badConfigFailsBeforeSparkNamingTheKey() {
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", tmp.resolve("x").toString(), "--set",
        "optimizer.momentum=1.5");
    assertEquals(Main.EXIT_CONFIG, r.code());
    assertTrue(r.err().contains("'optimizer.momentum' = 1.5: expected a number in [0.0, 1.0)"), r.err());
    r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", tmp.resolve("x").toString(), "--set",
        "optimizer.momentun=0.5");
    assertEquals(Main.EXIT_CONFIG, r.code());
    assertTrue(r.err().contains("'optimizer.momentun'") && r.err().contains("unknown key"), r.err());
    r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", tmp.resolve("x").toString(), "--set",
        "trainer.batch_size=zero");
    assertEquals(Main.EXIT_CONFIG, r.code());
    assertTrue(r.err().contains("'trainer.batch_size' = \"zero\": expected an integer >= 1, or full"), r.err());
    assertFalse(Files.exists(tmp.resolve("x")), "a failed run leaves no output");
  }

  @Test
  void existingOutputIsRefusedWithoutOverwrite() throws Exception {
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", run.toString());
    assertEquals(Main.EXIT_CONFIG, r.code());
    assertTrue(r.err().contains("already exists; use --overwrite"), r.err());
    assertTrue(Files.isRegularFile(run.resolve("model/bundle.json")), "the old run is untouched");
  }

  @Test
  void badInputNamesFileAndLineAndLeavesNothing() throws Exception {
    Path bad = tmp.resolve("bad.tsv");
    Files.writeString(bad, "1\t2\t3\n1\t3\tfour\n");
    Path out = tmp.resolve("bad-run");
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", out.toString(), "--set", "data.train=" + bad);
    assertEquals(Main.EXIT_DATA, r.code());
    assertTrue(r.err().contains(bad + ":2:") && r.err().contains("four"), r.err());
    assertFalse(Files.exists(out));
  }
}
