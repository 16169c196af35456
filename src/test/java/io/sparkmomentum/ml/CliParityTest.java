package io.sparkmomentum.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkmomentum.cli.Main;
import io.sparkmomentum.io.SavedModel;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fit gives the bits of the CLI's {@code train} on the same ratings with the same settings: the saved model's
 * parameters, ids, μ and clamp range, mini-batches, Nesterov and a cosine schedule included. (The CLI also
 * evaluates on {@code data.test}, which does not touch the weights.)
 */
class CliParityTest {
  @TempDir
  Path tmp;

  @Test
  void fitGivesTheBitsOfTrain() throws Exception {
    Path run = tmp.resolve("run");
    int code = Main.run("train", "--config", "conf/sample.conf", "--output", run.toString(), "--set",
        "trainer.epochs=3");
    assertEquals(0, code, "the CLI's train");
    SavedModel cli = SavedModel.load(run.resolve("model").toString(), new Configuration());

    MomentumMFModel fit = SampleRatings.estimator(3).fit(SampleRatings.tsv("train"));
    MfScorer ours = fit.scorer();
    assertEquals(cli.users().rawIds(), ours.users().rawIds());
    assertEquals(cli.items().rawIds(), ours.items().rawIds());
    assertEquals(cli.model().mu(), ours.model().mu());
    assertArrayEquals(cli.clamp(), ours.clamp());
    assertEquals(cli.weights().length, ours.weights().length);
    for (int k = 0; k < ours.weights().length; k++) {
      if (Double.doubleToRawLongBits(cli.weights()[k]) != Double.doubleToRawLongBits(ours.weights()[k])) {
        throw new AssertionError("parameter " + k + ": CLI " + cli.weights()[k] + ", estimator " + ours.weights()[k]);
      }
    }
    assertEquals(cli.predict("1", "1"), ours.predict("1", "1", false));
  }
}
