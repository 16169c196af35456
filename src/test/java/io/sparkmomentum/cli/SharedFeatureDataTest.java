package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SharedData;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature-model configs on the real data of {@code ../shared/data} (skipped when it is absent, see
 * {@link SharedData}): a9a logistic regression reaches its targets, and one epoch of the Fashion-MNIST MLP learns.
 */
class SharedFeatureDataTest {
  @TempDir
  Path tmp;

  private static double num(Map<String, Object> m, String k) {
    assertTrue(m.get(k) instanceof Number, () -> k + " missing: " + m);
    return ((Number) m.get(k)).doubleValue();
  }

  @Test
  void a9aLogisticRegressionReachesItsTargets() {
    Path train = SharedData.file("a9a/a9a");
    Path test = SharedData.file("a9a/a9a.t");
    SparkTestSession.get();
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/a9a-logistic.conf", "--output",
        tmp.resolve("a9a").toString(), "--set", "data.train=" + train, "--set", "data.test=" + test);
    assertEquals(0, r.code(), r::show);
    Map<String, Object> s = Json.readMap(CliRunner.lastLine(r.out()));
    assertTrue(num(s, "test_accuracy") >= 0.850 && num(s, "test_log_loss") <= 0.325, s.toString());
    assertEquals(16281L, s.get("test_count"));
    CliRunner.Out e = CliRunner.run("evaluate", "--model", tmp.resolve("a9a/model").toString(), "--input",
        test.toString());
    assertEquals(0, e.code(), e::show);
    assertEquals(num(s, "test_auc"), num(Json.readMap(CliRunner.lastLine(e.out())), "auc"), 0.0);
  }

  @Test
  void fashionMnistMlpLearnsInOneEpoch() {
    Path dir = SharedData.file("fashion-mnist");
    SparkTestSession.get();
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/fashion-mnist-mlp.conf", "--output",
        tmp.resolve("fashion").toString(), "--set", "trainer.epochs=1", "--set", "optimizer.schedule.t_max=235",
        "--set", "data.train=" + dir.resolve("train-images-idx3-ubyte.gz"),
        "--set", "data.labels=" + dir.resolve("train-labels-idx1-ubyte.gz"),
        "--set", "data.test=" + dir.resolve("t10k-images-idx3-ubyte.gz"),
        "--set", "data.test_labels=" + dir.resolve("t10k-labels-idx1-ubyte.gz"));
    assertEquals(0, r.code(), r::show);
    Map<String, Object> s = Json.readMap(CliRunner.lastLine(r.out()));
    assertTrue(num(s, "test_accuracy") > 0.80, "one epoch: " + s);
    assertEquals(10000L, s.get("test_count"));
  }
}
