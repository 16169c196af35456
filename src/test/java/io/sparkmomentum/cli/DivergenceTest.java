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

/** A diverging run stops with a clear message and keeps its checkpoints, or rolls back with half the rate. */
class DivergenceTest {
  @TempDir
  static Path tmp;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  static List<Map<String, Object>> events(Path run, String kind) throws Exception {
    return Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(Json::readMap)
        .filter(m -> kind.equals(m.get("event"))).toList();
  }

  @Test
  void stopsWithAClearMessageAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path run = tmp.resolve("stop");
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", run.toString(), "--set",
        "optimizer.lr=5000", "--set", "trainer.checkpoint_every=2", "--set", "trainer.epochs=3");
    assertEquals(Main.EXIT_DIVERGED, r.code(), r.err());
    assertTrue(r.err().contains("diverged at round") && r.err().contains("the last checkpoint, of round "), r.err());
    Map<String, Object> summary = Json.readMap(CliRunner.lastLine(r.out()));
    assertEquals("diverged", summary.get("status"));
    assertFalse(Files.exists(run.resolve("model")), "no model from a diverged run");
    assertTrue(Files.isDirectory(run.resolve("checkpoints/ckpt-0000000000")), "the initial checkpoint is kept");
    assertEquals(1, events(run, "diverged").size());
  }

  /**
   * Issue 10: with checkpoint_every = 0 the message named a checkpoints directory that does not exist, and the
   * summary of a run that diverged early said "epochs": the configured count.
   */
  @Test
  void aDivergenceWithoutCheckpointsSaysSoAndCountsTheEpochsItTrained() throws Exception {
    Path run = tmp.resolve("no-checkpoints");
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", run.toString(), "--set",
        "optimizer.lr=5000", "--set", "trainer.epochs=3");
    assertEquals(Main.EXIT_DIVERGED, r.code(), r.err());
    assertTrue(r.err().contains("no checkpoint was written (trainer.checkpoint_every = 0)"), r.err());
    assertFalse(r.err().contains("checkpoints"), "names no checkpoints directory: " + r.err());
    assertFalse(Files.exists(run.resolve("checkpoints")));
    Map<String, Object> summary = Json.readMap(CliRunner.lastLine(r.out()));
    assertEquals(3L, ((Number) summary.get("epochs_configured")).longValue());
    double epochs = ((Number) summary.get("epochs")).doubleValue();
    long rounds = ((Number) summary.get("rounds")).longValue();
    assertTrue(epochs < 3, "epochs trained: " + epochs);
    assertEquals(rounds / 16.0, epochs, 1e-3, "rounds / rounds per epoch (16 on the sample)");
  }

  @Test
  void rollsBackWithHalfTheRateAndRecovers() throws Exception {
    Path run = tmp.resolve("rollback");
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", run.toString(), "--set",
        "optimizer.lr=300", "--set", "trainer.checkpoint_every=4", "--set", "trainer.on_divergence=rollback",
        "--set", "trainer.max_rollbacks=8", "--set", "trainer.epochs=3");
    assertEquals(0, r.code(), r.err());
    List<Map<String, Object>> rollbacks = events(run, "rollback");
    assertFalse(rollbacks.isEmpty(), "the run rolled back");
    double lastLr = ((Number) rollbacks.get(rollbacks.size() - 1).get("new_lr")).doubleValue();
    assertEquals(300 / Math.pow(2, rollbacks.size()), lastLr, 1e-12, "each rollback halves the rate");
    Map<String, Object> summary = Json.readMap(CliRunner.lastLine(r.out()));
    assertEquals("ok", summary.get("status"));
    assertTrue(Double.isFinite(((Number) summary.get("test_rmse")).doubleValue()));
    assertTrue(Files.isDirectory(run.resolve("model")));
  }

  @Test
  void noiseOfTenRatingBatchesIsNotADivergence() throws Exception {
    // issue 10 item 8: exited 4, "diverged at round 49: loss 0.616 > 10x 0.0557", before the loss was smoothed
    Path run = tmp.resolve("small-batches");
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", run.toString(), "--set",
        "trainer.batch_size=10", "--set", "trainer.partitions=1", "--set", "optimizer.lr=0.01", "--set",
        "optimizer.schedule.type=constant", "--set", "data.test=", "--set", "trainer.epochs=1");
    assertEquals(0, r.code(), r.err());
    assertTrue(events(run, "diverged").isEmpty());
  }

  @Test
  void aRealDivergenceOfSmallBatchesStillStops() throws Exception {
    Path run = tmp.resolve("small-batches-lr1e4");
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", run.toString(), "--set",
        "trainer.batch_size=10", "--set", "trainer.partitions=1", "--set", "optimizer.lr=1e4", "--set",
        "optimizer.schedule.type=constant", "--set", "data.test=", "--set", "trainer.epochs=1");
    assertEquals(Main.EXIT_DIVERGED, r.code(), r.err());
    assertTrue(r.err().contains("diverged at round"), r.err());
  }
}
