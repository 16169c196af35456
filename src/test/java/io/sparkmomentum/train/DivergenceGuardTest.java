package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Divergence is judged on a smoothed loss, NaN/Inf at once; the guard's memory survives a checkpoint. */
class DivergenceGuardTest {
  static final TrainerConfig TC = TrainerConfig.of(1, 10, 1, 1);

  /** The mean squared error of a 10-example batch whose errors are N(0, 0.45²): noisy, but healthy. */
  static double[] smallBatchLosses(int steps, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] out = new double[steps];
    for (int t = 0; t < steps; t++) {
      double s = 0;
      for (int k = 0; k < 10; k++) {
        double e = 0.45 * r.nextGaussian();
        s += e * e;
      }
      out[t] = s / 10;
    }
    return out;
  }

  @Test
  void noiseOfSmallBatchesIsNotADivergence() {
    // issue 10 item 8: "diverged at round 49: loss 0.616 > 10x 0.0557" on a 10-rating batch
    double[] known = {0.2, 0.1, 0.0557, 0.3, 0.616, 0.15};
    DivergenceGuard g = new DivergenceGuard(TC, null);
    for (double l : known) assertNull(g.check(l, 1.0), "loss " + l);
    DivergenceGuard noisy = new DivergenceGuard(TC, null);
    double[] losses = smallBatchLosses(20_000, 3);
    for (int t = 0; t < losses.length; t++) assertNull(noisy.check(losses[t], 1.0), "step " + t + ": " + losses[t]);
  }

  @Test
  void aRealDivergenceIsCaughtWithinAFewSteps() {
    DivergenceGuard g = new DivergenceGuard(TC, null);
    for (double l : smallBatchLosses(200, 5)) assertNull(g.check(l, 1.0));
    double loss = 0.2;
    int steps = 0;
    String reason = null;
    while (reason == null && steps < 100) {
      loss *= 3; // a geometric blow-up, as with lr 1e4
      reason = g.check(loss, 10);
      steps++;
    }
    assertNotNull(reason);
    assertTrue(steps <= 10, "caught after " + steps + " steps: " + reason);
  }

  @Test
  void nanAndInfinityAtOnce() {
    DivergenceGuard g = new DivergenceGuard(TC, null);
    assertTrue(g.check(Double.NaN, 1).contains("NaN"));
    assertTrue(g.check(1, Double.POSITIVE_INFINITY).contains("Infinity"));
    assertNull(g.check(0.3, 1));
    assertNotNull(g.check(Double.POSITIVE_INFINITY, 1));
  }

  @Test
  void aGuardRestoredFromItsMemoryDecidesAlike() {
    double[] before = smallBatchLosses(120, 9);
    DivergenceGuard whole = new DivergenceGuard(TC, null);
    for (double l : before) assertNull(whole.check(l, 1));
    DivergenceGuard resumed = new DivergenceGuard(TC, whole.state());
    DivergenceGuard fresh = new DivergenceGuard(TC, null);
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    List<String> c = new ArrayList<>();
    double loss = 0.3;
    for (int t = 0; t < 30; t++) {
      loss *= 1.5;
      a.add(whole.check(loss, 1));
      b.add(resumed.check(loss, 1));
      c.add(fresh.check(loss, 1));
    }
    assertEquals(a, b);
    assertTrue(a.stream().anyMatch(s -> s != null), "the growth is caught");
    assertTrue(!a.equals(c), "without the memory the decisions differ: the test can fail");
  }
}
