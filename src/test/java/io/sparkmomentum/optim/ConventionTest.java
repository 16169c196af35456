package io.sparkmomentum.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.OptimizerConfig.Convention;
import io.sparkmomentum.config.OptimizerConfig.SparseUpdate;
import io.sparkmomentum.config.ScheduleConfig;
import org.junit.jupiter.api.Test;

/** The Sutskever/Keras convention against PyTorch's, and the optimizer's state as a value. */
class ConventionTest {

  static OptimizerConfig cfg(ScheduleConfig s, boolean nesterov, Convention c) {
    return new OptimizerConfig(0.1, 0.9, 0, nesterov, 0, s, 0, 1, c, SparseUpdate.DENSE);
  }

  /** Runs 6 steps on f(w) = ½‖w‖² (g = w) and returns the final weights. */
  static double[] run(OptimizerConfig c) {
    MomentumSgd opt = new MomentumSgd(c, 2);
    double[] w = {1.0, -2.0};
    for (int s = 0; s < 6; s++) opt.step(w, w.clone());
    return w;
  }

  @Test
  void conventionsAgreeAtConstantLr() {
    for (boolean nesterov : new boolean[] {false, true}) {
      double[] torch = run(cfg(ScheduleConfig.constant(), nesterov, Convention.PYTORCH));
      double[] sutskever = run(cfg(ScheduleConfig.constant(), nesterov, Convention.SUTSKEVER));
      assertArrayEquals(torch, sutskever, 1e-15);
    }
  }

  @Test
  void conventionsDifferUnderASchedule() {
    ScheduleConfig step = ScheduleConfig.step(2, 0.1);
    assertNotEquals(run(cfg(step, false, Convention.PYTORCH))[0], run(cfg(step, false, Convention.SUTSKEVER))[0]);
  }

  /** Two steps by hand: lr 0.1 then 0.01 (step schedule), μ = 0.9, w₀ = 1, g = w. */
  @Test
  void sutskeverMatchesItsFormulaByHand() {
    MomentumSgd torch = new MomentumSgd(new OptimizerConfig(0.1, 0.9, 0, false, 0, ScheduleConfig.step(1, 0.1), 0, 1,
        Convention.PYTORCH, SparseUpdate.DENSE), 1);
    MomentumSgd sk = new MomentumSgd(new OptimizerConfig(0.1, 0.9, 0, false, 0, ScheduleConfig.step(1, 0.1), 0, 1,
        Convention.SUTSKEVER, SparseUpdate.DENSE), 1);
    double[] a = {1.0};
    double[] b = {1.0};
    torch.step(a, a.clone());
    sk.step(b, b.clone());
    assertEquals(0.9, a[0], 1e-15);                  // b = 1, w = 1 - 0.1
    assertEquals(0.9, b[0], 1e-15);                  // v = 0.1, w = 1 - 0.1
    torch.step(a, a.clone());
    sk.step(b, b.clone());
    assertEquals(0.9 - 0.01 * (0.9 * 1 + 0.9), a[0], 1e-15); // b = 0.9·1 + 0.9; w -= 0.01·b
    assertEquals(0.9 - (0.9 * 0.1 + 0.01 * 0.9), b[0], 1e-15); // v = 0.9·0.1 + 0.01·0.9; w -= v
  }

  @Test
  void stateRestoresBitForBit() {
    OptimizerConfig c = cfg(ScheduleConfig.cosine(5, 0.001), true, Convention.PYTORCH);
    MomentumSgd a = new MomentumSgd(c, 2);
    double[] wa = {1.0, -2.0};
    for (int s = 0; s < 3; s++) a.step(wa, wa.clone());
    OptimizerState saved = a.state();
    double[] wb = wa.clone();
    MomentumSgd b = new MomentumSgd(c, 2);
    b.restore(saved);
    for (int s = 0; s < 4; s++) {
      a.step(wa, wa.clone());
      b.step(wb, wb.clone());
    }
    assertArrayEquals(wa, wb, 0.0);
    assertEquals(a.state(), b.state());
  }

  @Test
  void badHyperparametersNameKeyValueAndRange() {
    ConfigException e = assertThrows(ConfigException.class, () -> new OptimizerConfig(0.1, 1.0, 0, false, 0, null, 0,
        1, null, null));
    assertEquals("optimizer.momentum", e.key());
    assertEquals("config key 'optimizer.momentum' = 1.0: expected a number in [0.0, 1.0)", e.getMessage());
    e = assertThrows(ConfigException.class, () -> new OptimizerConfig(-0.1, 0.9, 0, false, 0, null, 0, 1, null, null));
    assertEquals("optimizer.lr", e.key());
    e = assertThrows(ConfigException.class, () -> new OptimizerConfig(0.1, 0.9, 0.5, true, 0, null, 0, 1, null, null));
    assertEquals("optimizer.nesterov", e.key());
    e = assertThrows(ConfigException.class, () -> new OptimizerConfig(0.1, 0.9, 1.5, false, 0, null, 0, 1, null,
        null));
    assertEquals("optimizer.dampening", e.key());
  }
}
