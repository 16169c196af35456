package io.sparkmomentum.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.OptimizerConfig.Convention;
import io.sparkmomentum.config.OptimizerConfig.SparseUpdate;
import io.sparkmomentum.config.ScheduleConfig;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code sparse_update = lazy}: untouched rows neither move nor decay. */
class SparseLazyTest {
  static final RowMap TWO = RowMap.ofWidths(1, 1);

  static OptimizerConfig cfg(double mu, double d, SparseUpdate mode) {
    return new OptimizerConfig(0.1, mu, d, false, 0, ScheduleConfig.constant(), 0, 1, Convention.PYTORCH, mode);
  }

  /**
   * Two rows of one value, w₀ = (1, 2), lr 0.1, μ 0.9, heavy ball (PyTorch). Gradients: (1, 2), then (1, 0) with
   * row 1 not touched, then (1, 1).
   * <pre>
   *   row 0, touched every step:  b = 1,     w = 1 − 0.1          = 0.9
   *                               b = 1.9,   w = 0.9 − 0.19       = 0.71
   *                               b = 2.71,  w = 0.71 − 0.271     = 0.439
   *   row 1, lazy:                b = 2,     w = 2 − 0.2          = 1.8
   *                               (skipped: b = 2, w = 1.8)
   *                               b = 0.9·2 + 1 = 2.8,  w = 1.8 − 0.28   = 1.52
   *   row 1, dense (and exact):   b = 1.8,   w = 1.8 − 0.18       = 1.62
   *                               b = 1.62 + 1 = 2.62,  w = 1.62 − 0.262 = 1.358
   * </pre>
   */
  @Test
  void twoRowsThreeStepsByHand() {
    int[][] touched = {{0, 1}, {0}, {0, 1}};
    double[][] grads = {{1, 2}, {1, 0}, {1, 1}};
    double[][] lazyW = {{0.9, 1.8}, {0.71, 1.8}, {0.439, 1.52}};
    double[][] lazyB = {{1, 2}, {1.9, 2}, {2.71, 2.8}};
    double[][] denseW = {{0.9, 1.8}, {0.71, 1.62}, {0.439, 1.358}};
    MomentumSgd lazy = new MomentumSgd(cfg(0.9, 0, SparseUpdate.LAZY), 2);
    MomentumSgd exact = new MomentumSgd(cfg(0.9, 0, SparseUpdate.EXACT), 2);
    MomentumSgd dense = new MomentumSgd(cfg(0.9, 0, SparseUpdate.DENSE), 2);
    double[] wl = {1, 2};
    double[] we = {1, 2};
    double[] wd = {1, 2};
    for (int t = 0; t < 3; t++) {
      lazy.step(wl, grads[t].clone(), touched[t], TWO);
      exact.step(we, grads[t].clone(), touched[t], TWO);
      dense.step(wd, grads[t].clone());
      assertArrayEquals(lazyW[t], wl, 1e-15, "lazy w after step " + t);
      assertArrayEquals(lazyB[t], lazy.state().velocity(), 1e-15, "lazy buffer after step " + t);
      assertArrayEquals(denseW[t], wd, 1e-15, "dense w after step " + t);
      exact.catchUpAll(we, TWO);
      assertArrayEquals(denseW[t], we, 1e-15, "exact w after step " + t);
    }
    assertNull(lazy.state().rowStep(), "lazy keeps no per-row state");
  }

  /**
   * The first-step rule is the run's, not the row's: with dampening 0.5, a row first touched at step 1 gets
   * b = 0.9·0 + 0.5·g, as in the dense optimizer; the row touched at step 0 gets b = g.
   */
  @Test
  void aRowFirstTouchedLaterIsDamped() {
    MomentumSgd lazy = new MomentumSgd(cfg(0.9, 0.5, SparseUpdate.LAZY), 2);
    double[] w = {1, 2};
    lazy.step(w, new double[] {1, 0}, new int[] {0}, TWO);
    assertArrayEquals(new double[] {1, 0}, lazy.state().velocity(), 0.0);   // b₀ = g₀ = 1
    assertArrayEquals(new double[] {0.9, 2}, w, 1e-15);
    lazy.step(w, new double[] {0, 2}, new int[] {1}, TWO);
    assertArrayEquals(new double[] {1, 1}, lazy.state().velocity(), 1e-15); // row 1: b = 0.5·2; row 0 untouched
    assertArrayEquals(new double[] {0.9, 1.9}, w, 1e-15);                   // w = 2 − 0.1·1
  }

  @Test
  void lazyIsDenseWhenEveryRowIsTouchedEveryStep() {
    RowMap rows = RowMap.ofWidths(2, 1, 3, 1, 4);
    int n = 11;
    int[] all = {0, 1, 2, 3, 4};
    List<ScheduleConfig> schedules = List.of(ScheduleConfig.constant(), ScheduleConfig.step(3, 0.5),
        ScheduleConfig.exponential(0.9), ScheduleConfig.cosine(7, 0.01), ScheduleConfig.linearWarmup(0.2, 5));
    for (Convention c : Convention.values()) {
      for (ScheduleConfig s : schedules) {
        for (double[] m : new double[][] {{0.9, 0, 0, 0}, {0.9, 0, 1, 0}, {0.9, 0.3, 0, 0}, {0, 0, 0, 0},
            {0.9, 0, 0, 0.01}}) {
          OptimizerConfig base = new OptimizerConfig(0.05, m[0], m[1], m[2] != 0, m[3], s, 1.5, 1, c,
              SparseUpdate.DENSE);
          OptimizerConfig lazyCfg = new OptimizerConfig(0.05, m[0], m[1], m[2] != 0, m[3], s, 1.5, 1, c,
              SparseUpdate.LAZY);
          MomentumSgd dense = new MomentumSgd(base, n);
          MomentumSgd lazy = new MomentumSgd(lazyCfg, n);
          Random rnd = new Random(17);
          double[] wd = new double[n];
          for (int j = 0; j < n; j++) wd[j] = rnd.nextGaussian();
          double[] wl = wd.clone();
          for (int t = 0; t < 25; t++) {
            double[] g = new double[n];
            for (int j = 0; j < n; j++) g[j] = rnd.nextGaussian();
            assertEquals(dense.step(wd, g.clone()), lazy.step(wl, g.clone(), all, rows));
          }
          assertArrayEquals(wd, wl, 0.0, c + " " + s + " " + java.util.Arrays.toString(m));
          assertArrayEquals(dense.state().velocity(), lazy.state().velocity(), 0.0);
        }
      }
    }
  }
}
