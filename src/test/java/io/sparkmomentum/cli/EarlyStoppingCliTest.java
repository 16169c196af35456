package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trainer.early_stopping} through the CLI on {@code conf/sample.conf}: the validation
 * slice is held out of the training file and reported as {@code validation_*}; a run whose patience runs out stops as
 * {@code early_stopped} with the best epoch's weights restored (the same bits as a run of that many epochs); a run
 * whose loss settles stops as {@code converged}.
 */
class EarlyStoppingCliTest {
  @TempDir
  static Path tmp;

  /** One epoch on the training slice (validation held out). */
  static Map<String, Object> one;
  static long roundsPerEpoch;

  @BeforeAll
  static void oneEpoch() throws Exception {
    SparkTestSession.get();
    one = train(tmp.resolve("one"), "trainer.epochs=1");
    roundsPerEpoch = ((Number) one.get("rounds")).longValue();
  }

  static Map<String, Object> train(Path out, String... sets) throws Exception {
    return CliRunner.trainSummary(List.of("--config", "conf/sample.conf", "--output", out.toString(), "--set",
        "trainer.eval_every=0", "--set", "data.validation_fraction=0.1"), sets);
  }

  @Test
  void patienceRunsOutAndTheBestEpochIsRestoredBitForBit() throws Exception {
    // min_delta 100: no evaluation after the first counts as an improvement, so the run stops after 1 + 2 epochs
    Map<String, Object> early = train(tmp.resolve("early"), "trainer.epochs=20",
        "trainer.early_stopping.patience=2", "trainer.early_stopping.min_delta=100");
    assertEquals("early_stopped", early.get("stop_reason"), early.toString());
    assertEquals(3 * roundsPerEpoch, ((Number) early.get("rounds")).longValue());
    assertEquals(1, ((Number) early.get("best_epoch")).intValue());
    assertTrue(((Number) early.get("validation_rmse")).doubleValue() > 0, early.toString());
    assertEquals(early.get("best_validation_value"), early.get("validation_rmse"));
    assertTrue(String.valueOf(early.get("message")).contains("restored the weights of epoch 1"), early.toString());

    // the same training slice for one epoch: the restored model is that model, to the bit
    assertEquals("max_epochs", one.get("stop_reason"));
    assertEquals(one.get("test_rmse"), early.get("test_rmse"));
    assertEquals(one.get("validation_rmse"), early.get("validation_rmse"));

    // every epoch of the early-stopped run validated, and the log says why it stopped
    List<String> lines = Files.readAllLines(tmp.resolve("early/metrics.jsonl"));
    assertEquals(3, lines.stream().filter(l -> l.contains("\"validation_rmse\"")).count());
    assertTrue(lines.get(lines.size() - 1).contains("early_stopped"), lines.get(lines.size() - 1));
  }

  @Test
  void aFactorizationMachineOnRatingsStopsEarlyToo() throws Exception {
    Map<String, Object> fm = train(tmp.resolve("fm"), "model.type=fm", "model.rank=4", "optimizer.lr=0.3",
        "optimizer.schedule.type=constant", "model.lambda_factors=0.01", "trainer.epochs=10",
        "trainer.early_stopping.patience=1", "trainer.early_stopping.min_delta=100");
    assertEquals("early_stopped", fm.get("stop_reason"), fm.toString());
    assertEquals(1, ((Number) fm.get("best_epoch")).intValue());
    assertTrue(((Number) fm.get("validation_rmse")).doubleValue() > 0, fm.toString());
  }

  @Test
  void aSettledLossStopsAsConverged() throws Exception {
    // tolerance 0.99: the second epoch's loss is within 99% of the first's
    Map<String, Object> s = train(tmp.resolve("converged"), "trainer.epochs=20",
        "trainer.early_stopping.tolerance=0.99");
    assertEquals("converged", s.get("stop_reason"), s.toString());
    assertEquals(2 * roundsPerEpoch, ((Number) s.get("rounds")).longValue());
  }

  @Test
  void theValidationSliceIsHeldOutOfTheTrainingFile() throws Exception {
    Map<String, Object> with = one;
    Map<String, Object> without = train(tmp.resolve("without"), "trainer.epochs=1", "data.validation_fraction=0");
    long a = ((Number) with.get("train_ratings")).longValue();
    long b = ((Number) without.get("train_ratings")).longValue();
    assertTrue(a < b && a > 0.85 * b, a + " of " + b);
    assertTrue(with.containsKey("validation_rmse") && !without.containsKey("validation_rmse"));
  }
}
