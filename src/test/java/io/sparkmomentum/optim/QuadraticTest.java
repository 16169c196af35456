package io.sparkmomentum.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.ScheduleConfig;
import org.junit.jupiter.api.Test;

/**
 * The seed tutorial's quadratic {@code L(w) = w² − 2w}: gradient {@code 2w − 2}, minimum at {@code w = 1}, minimised
 * by {@link MomentumSgd} at lr 0.1 and momentum 0.9 (heavy ball).
 *
 * <p>Two slips of the tutorial are not reproduced: it prints the minimum as {@code w = 0} (it is {@code w = 1}:
 * {@code L'(1) = 0}), and its update multiplies by the learning rate twice ({@code v = μv + lr·g; w −= lr·v}). Ours
 * is PyTorch's: {@code b = μb + g; w −= lr·b}, the rate applied once.
 *
 * <p>Convergence: on the error {@code e = w − 1} heavy ball is the linear recursion {@code b' = μb + 2e,
 * e' = e − lr·b'}, whose characteristic polynomial {@code λ² − (1 + μ − 2lr)λ + μ} has complex roots of modulus
 * {@code √μ ≈ 0.949} here, so {@code |e_t|} shrinks like {@code 0.949^t}: about 200× in 100 steps (from
 * {@code w = 5}, 0.011 remains), below 1e-3 from these starts by 200 steps.
 */
class QuadraticTest {
  static final double LR = 0.1;
  static final double MOMENTUM = 0.9;

  static double grad(double w) {
    return 2 * w - 2;
  }

  static double run(double start, int steps) {
    MomentumSgd opt = new MomentumSgd(new OptimizerConfig(LR, MOMENTUM, 0, false, 0, ScheduleConfig.constant(), 0, 1,
        null, null), 1);
    double[] w = {start};
    for (int t = 0; t < steps; t++) opt.step(w, new double[] {grad(w[0])});
    return w[0];
  }

  @Test
  void theMinimumIsAFixedPoint() {
    assertEquals(0.0, grad(1.0));
    assertEquals(1.0, run(1.0, 100), 0.0, "from the minimum w = 1 the gradient is 0 and w stays exactly 1");
  }

  @Test
  void convergesToOneFromOtherStarts() {
    double rate = Math.sqrt(MOMENTUM);
    for (double start : new double[] {0, 5, -3}) {
      double e100 = Math.abs(run(start, 100) - 1);
      assertTrue(e100 <= 2 * Math.abs(start - 1) * Math.pow(rate, 100),
          "from " + start + ": |w − 1| = " + e100 + " after 100 steps, more than the √μ contraction allows");
      double e200 = Math.abs(run(start, 200) - 1);
      assertTrue(e200 < 1e-3, "from " + start + ": |w − 1| = " + e200 + " after 200 steps");
    }
  }

  @Test
  void theRateIsAppliedOnce() {
    // first step: b = g, w ← w − lr·b; the tutorial's w − lr·(lr·g) would move 10× less
    double start = 5;
    double w1 = run(start, 1);
    assertEquals(start - LR * grad(start), w1, 0.0);
    // second step: b = μ·g0 + g1, w ← w1 − lr·b
    assertEquals(w1 - LR * (MOMENTUM * grad(start) + grad(w1)), run(start, 2), 1e-15);
  }
}
