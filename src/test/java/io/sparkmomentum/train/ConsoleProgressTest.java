package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Progress lines show a test RMSE only on the epochs that were evaluated (issue 10, eval_every = 2). */
class ConsoleProgressTest {

  static RoundResult round(long round, long epoch, Map<String, Double> eval) {
    return new RoundResult(round, epoch, 0.5, 1, 0.1, 10, true, new RoundResult.Timings(0, 0, 0, 0, 0), 1.0 + round,
        eval);
  }

  @Test
  void noStaleRmseOnEpochsNotEvaluated() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2, 4, 0, 0);
    for (long r = 0; r < 8; r++) {
      long epoch = r / 2;
      boolean evaluated = r % 2 == 1 && epoch % 2 == 1; // eval_every = 2: after epochs 2 and 4
      progress.onRound(round(r, epoch, evaluated ? Map.of("rmse", 0.9 - epoch / 10.0) : Map.of()), null);
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(4, lines.length, String.join("\n", lines));
    assertFalse(lines[0].contains("test_rmse"), lines[0]);
    assertTrue(lines[1].contains("test_rmse 0.80000"), lines[1]);
    assertFalse(lines[2].contains("test_rmse"), "epoch 3 was not evaluated: " + lines[2]);
    assertTrue(lines[3].contains("test_rmse 0.60000"), lines[3]);
  }

  @Test
  void anEvaluationIsShownEvenBetweenLogEveryLines() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // log_every = 3 rounds, 2 rounds per epoch: the evaluation after round 2 (index 1) is not on a log_every line
    ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2, 3, 3, 0);
    for (long r = 0; r < 6; r++) {
      progress.onRound(round(r, r / 2, r == 1 ? Map.of("rmse", 0.75) : Map.of()), null);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("round 2/6") && out.contains("test_rmse 0.75000"), out);
    assertEquals(1, out.split("test_rmse", -1).length - 1, out);
  }
}
