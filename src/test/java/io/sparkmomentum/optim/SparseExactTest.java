package io.sparkmomentum.optim;

import static io.sparkmomentum.testing.ReferenceCase.relErr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.OptimizerConfig.Convention;
import io.sparkmomentum.config.OptimizerConfig.SparseUpdate;
import io.sparkmomentum.config.ScheduleConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sparse_update = exact} against the dense optimizer on random row-sparse gradients: after a catch-up every
 * weight and every velocity agrees within 1e-12 (relative to max(1, |x|)), for both conventions, every momentum
 * variant, every schedule, with and without clipping, across a state()/restore() into a fresh optimizer.
 */
class SparseExactTest {
  static final double TOL = 1e-12;
  static final int[] WIDTHS = {3, 1, 4, 1, 5, 2, 6, 1, 3, 2, 1, 1, 2, 7, 1, 3, 2, 1, 4, 2};
  static final RowMap ROWS = RowMap.ofWidths(WIDTHS);
  static final int N = sum(WIDTHS);
  static final int STEPS = 60;

  enum Momentum { HEAVY_BALL, NESTEROV, DAMPENING_0_3, MU_0 }

  static int sum(int[] a) {
    int s = 0;
    for (int x : a) s += x;
    return s;
  }

  static OptimizerConfig cfg(Convention c, Momentum m, ScheduleConfig s, double clip, SparseUpdate mode) {
    return switch (m) {
      case HEAVY_BALL -> new OptimizerConfig(0.05, 0.9, 0, false, 0, s, clip, 1, c, mode);
      case NESTEROV -> new OptimizerConfig(0.05, 0.9, 0, true, 0, s, clip, 1, c, mode);
      case DAMPENING_0_3 -> new OptimizerConfig(0.05, 0.9, 0.3, false, 0, s, clip, 1, c, mode);
      case MU_0 -> new OptimizerConfig(0.05, 0, 0, false, 0, s, clip, 1, c, mode);
    };
  }

  static Stream<Arguments> cases() {
    List<ScheduleConfig> schedules = List.of(ScheduleConfig.constant(), ScheduleConfig.step(7, 0.5),
        ScheduleConfig.exponential(0.95), ScheduleConfig.cosine(25, 0.001), ScheduleConfig.linearWarmup(0.1, 20));
    List<Arguments> out = new ArrayList<>();
    for (Convention c : Convention.values()) {
      for (Momentum m : Momentum.values()) {
        for (ScheduleConfig s : schedules) {
          for (double clip : new double[] {0, 2.5}) out.add(Arguments.of(c, m, s, clip));
        }
      }
    }
    return out.stream();
  }

  /**
   * Rows touched at step {@code s}: at step 0 only the even rows below 10; afterwards each row with its own
   * probability (from 0.8 down to 0.03, so rows 10-17 sit out long stretches); row 18 only from step 40 on, row 19
   * never.
   */
  static int[] touched(Random rnd, int s) {
    double[] p = {0.8, 0.8, 0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.4, 0.4, 0.1, 0.1, 0.1, 0.1, 0.1, 0.03, 0.03, 0.03, 0.5,
        0};
    List<Integer> rows = new ArrayList<>();
    for (int r = 0; r < WIDTHS.length; r++) {
      boolean t = s == 0 ? r < 10 && r % 2 == 0 : (r != 18 || s >= 40) && rnd.nextDouble() < p[r];
      if (t) rows.add(r);
    }
    return rows.stream().mapToInt(Integer::intValue).toArray();
  }

  static double[] gradient(Random rnd, int[] touched) {
    double[] g = new double[N];
    for (int r : touched) {
      for (int j = ROWS.start(r); j < ROWS.start(r) + ROWS.width(r); j++) g[j] = rnd.nextGaussian();
    }
    return g;
  }

  @ParameterizedTest(name = "{0} {1} {2} clip={3}")
  @MethodSource("cases")
  void exactEqualsDense(Convention c, Momentum m, ScheduleConfig s, double clip) {
    Random rnd = new Random(31L * c.ordinal() + 7L * m.ordinal() + s.type().ordinal() * 1009L + (long) clip);
    OptimizerConfig exactCfg = cfg(c, m, s, clip, SparseUpdate.EXACT);
    MomentumSgd dense = new MomentumSgd(cfg(c, m, s, clip, SparseUpdate.DENSE), N);
    MomentumSgd exact = new MomentumSgd(exactCfg, N);
    double[] wd = new double[N];
    for (int j = 0; j < N; j++) wd[j] = rnd.nextGaussian();
    double[] we = wd.clone();
    int restoreAt = 15 + rnd.nextInt(30);
    int catchUpA = 5 + rnd.nextInt(20);
    int catchUpB = 30 + rnd.nextInt(25);
    int staleChecks = 0;
    int staleSeen = 0;
    for (int t = 0; t < STEPS; t++) {
      int[] rows = touched(rnd, t);
      double[] g = gradient(rnd, rows);
      MomentumSgd.StepReport rd = dense.step(wd, g.clone());
      MomentumSgd.StepReport re = exact.step(we, g.clone(), rows, ROWS);
      assertEquals(rd, re, "step " + t + ": rate, norm and clipping are those of the dense step");
      if (rnd.nextInt(4) == 0) { // the trainer catches up the rows the next round reads, in any order
        int[] some = rnd.ints(3, 0, WIDTHS.length).toArray();
        exact.catchUp(we, some, ROWS);
        for (int r : some) assertRowAgrees(dense, exact, wd, we, r, t);
      }
      if (t == catchUpA || t == catchUpB) {
        if (m != Momentum.MU_0) {
          staleChecks++;
          if (exact.staleRows() > 0 && differs(wd, we)) staleSeen++;
        }
        exact.catchUpAll(we, ROWS);
        assertEquals(0, exact.staleRows());
        assertAgrees(dense, exact, wd, we, t);
      }
      if (t == restoreAt) { // a state taken with rows behind must continue correctly
        OptimizerState st = exact.state();
        exact = new MomentumSgd(exactCfg, N);
        exact.restore(st);
        assertEquals(st, exact.state());
      }
    }
    exact.catchUpAll(we, ROWS);
    assertAgrees(dense, exact, wd, we, STEPS);
    if (m != Momentum.MU_0) {
      assertEquals(2, staleChecks);
      assertEquals(2, staleSeen, "before catchUpAll, the rows left behind must differ from the dense weights");
    } else {
      assertNull(exact.state().rowStep(), "momentum 0 keeps no per-row state");
    }
  }

  /** A long run with μ = 0.5 (the catch-up sum is cut after 60 terms) and gaps far longer than that. */
  @Test
  void longGapsAreTruncatedHarmlessly() {
    assertEquals(60, MomentumSgd.horizon(0.5));
    for (Convention c : Convention.values()) {
      for (boolean nesterov : new boolean[] {false, true}) {
        ScheduleConfig s = ScheduleConfig.cosine(90, 0.0);
        MomentumSgd dense = new MomentumSgd(new OptimizerConfig(0.1, 0.5, 0, nesterov, 0, s, 0, 1, c,
            SparseUpdate.DENSE), N);
        MomentumSgd exact = new MomentumSgd(new OptimizerConfig(0.1, 0.5, 0, nesterov, 0, s, 0, 1, c,
            SparseUpdate.EXACT), N);
        Random rnd = new Random(5);
        double[] wd = new double[N];
        for (int j = 0; j < N; j++) wd[j] = rnd.nextGaussian();
        double[] we = wd.clone();
        for (int t = 0; t < 400; t++) {
          // row r is touched at steps < 10 + 15·r and then never again: its last-current steps are spread out
          List<Integer> rows = new ArrayList<>();
          for (int r = 0; r < WIDTHS.length; r++) if (t < 10 + 15 * r || r == 0) rows.add(r);
          int[] tr = rows.stream().mapToInt(Integer::intValue).toArray();
          double[] g = gradient(rnd, tr);
          dense.step(wd, g.clone());
          exact.step(we, g.clone(), tr, ROWS);
          if (t == 150 || t == 399) {
            exact.catchUpAll(we, ROWS);
            assertAgrees(dense, exact, wd, we, t);
          }
        }
      }
    }
  }

  /** μ = 0.99 Nesterov under a cosine schedule: a slowly decaying buffer, many distinct catch-up points. */
  @Test
  void slowDecayManyDistinctSteps() {
    ScheduleConfig s = ScheduleConfig.cosine(50, 0.001);
    for (Convention c : Convention.values()) {
      MomentumSgd dense = new MomentumSgd(new OptimizerConfig(0.01, 0.99, 0, true, 0, s, 0, 1, c,
          SparseUpdate.DENSE), N);
      MomentumSgd exact = new MomentumSgd(new OptimizerConfig(0.01, 0.99, 0, true, 0, s, 0, 1, c,
          SparseUpdate.EXACT), N);
      Random rnd = new Random(11);
      double[] wd = new double[N];
      double[] we = wd.clone();
      for (int t = 0; t < 200; t++) {
        int[] tr = {t % WIDTHS.length};
        double[] g = gradient(rnd, tr);
        dense.step(wd, g.clone());
        exact.step(we, g.clone(), tr, ROWS);
      }
      assertTrue(exact.staleRows() > 0);
      exact.catchUpAll(we, ROWS);
      assertAgrees(dense, exact, wd, we, 200);
    }
  }

  @Test
  void denseModeSparseStepIsTheDenseStepBitForBit() {
    ScheduleConfig s = ScheduleConfig.step(3, 0.5);
    for (Momentum m : Momentum.values()) {
      MomentumSgd a = new MomentumSgd(cfg(Convention.PYTORCH, m, s, 2.5, SparseUpdate.DENSE), N);
      MomentumSgd b = new MomentumSgd(cfg(Convention.PYTORCH, m, s, 2.5, SparseUpdate.DENSE), N);
      Random rnd = new Random(3);
      double[] wa = new double[N];
      double[] wb = new double[N];
      for (int t = 0; t < 20; t++) {
        int[] tr = touched(rnd, t);
        double[] g = gradient(rnd, tr);
        assertEquals(a.step(wa, g.clone()), b.step(wb, g.clone(), tr, ROWS));
      }
      assertArrayEquals(wa, wb, 0.0);
      assertEquals(a.state(), b.state());
    }
  }

  @Test
  void aDenseStepNeedsEveryRowCurrent() {
    MomentumSgd opt = new MomentumSgd(cfg(Convention.PYTORCH, Momentum.HEAVY_BALL, ScheduleConfig.constant(), 0,
        SparseUpdate.EXACT), N);
    double[] w = new double[N];
    opt.step(w, gradient(new Random(1), new int[] {0, 1}), new int[] {0, 1}, ROWS);
    opt.step(w, gradient(new Random(2), new int[] {1}), new int[] {1}, ROWS);
    assertEquals(WIDTHS.length - 1, opt.staleRows()); // every row but row 1 is behind step 2
    assertThrows(IllegalStateException.class, () -> opt.step(w, new double[N]));
    opt.catchUpAll(w, ROWS);
    opt.step(w, new double[N]);
    assertEquals(0, opt.staleRows());
  }

  @Test
  void touchedRowsMustBeSortedAndDistinct() {
    MomentumSgd opt = new MomentumSgd(cfg(Convention.PYTORCH, Momentum.HEAVY_BALL, ScheduleConfig.constant(), 0,
        SparseUpdate.EXACT), N);
    double[] w = new double[N];
    assertThrows(IllegalArgumentException.class, () -> opt.step(w, new double[N], new int[] {2, 1}, ROWS));
    assertThrows(IllegalArgumentException.class, () -> opt.step(w, new double[N], new int[] {1, 1}, ROWS));
    assertThrows(IllegalArgumentException.class, () -> opt.step(w, new double[N], new int[] {20}, ROWS));
  }

  @Test
  void stateCarriesRowSteps() {
    OptimizerConfig c = cfg(Convention.PYTORCH, Momentum.NESTEROV, ScheduleConfig.constant(), 0, SparseUpdate.EXACT);
    MomentumSgd opt = new MomentumSgd(c, N);
    double[] w = new double[N];
    opt.step(w, gradient(new Random(1), new int[] {0, 3}), new int[] {0, 3}, ROWS);
    opt.step(w, gradient(new Random(2), new int[] {3}), new int[] {3}, ROWS);
    OptimizerState st = opt.state();
    long[] expected = new long[WIDTHS.length];
    expected[0] = 1; // current after step 0
    expected[3] = 2; // the others are current at 0: they have not moved yet
    assertArrayEquals(expected, st.rowStep());
    OptimizerState other = new OptimizerState(st.step(), st.velocity(), null);
    assertNotEquals(st, other);
    assertNotEquals(st.hashCode(), other.hashCode());
    assertTrue(st.toString().contains("rowStep=20 rows"), st.toString());
    // rows behind cannot be restored into an optimizer that cannot catch them up
    MomentumSgd dense = new MomentumSgd(cfg(Convention.PYTORCH, Momentum.NESTEROV, ScheduleConfig.constant(), 0,
        SparseUpdate.DENSE), N);
    assertThrows(IllegalArgumentException.class, () -> dense.restore(st));
    opt.catchUpAll(w, ROWS);
    dense.restore(opt.state());
    assertNull(dense.state().rowStep());
    // a state without rowStep (every row current) restores into an exact optimizer
    MomentumSgd exact = new MomentumSgd(c, N);
    exact.restore(other);
    assertEquals(0, exact.staleRows());
  }

  static boolean differs(double[] a, double[] b) {
    for (int j = 0; j < a.length; j++) if (relErr(b[j], a[j]) > TOL) return true;
    return false;
  }

  static void assertAgrees(MomentumSgd dense, MomentumSgd exact, double[] wd, double[] we, int t) {
    for (int r = 0; r < WIDTHS.length; r++) assertRowAgrees(dense, exact, wd, we, r, t);
    assertEquals(dense.stepCount(), exact.stepCount());
    if (dense.state().velocity() == null) assertNull(exact.state().velocity());
  }

  static void assertRowAgrees(MomentumSgd dense, MomentumSgd exact, double[] wd, double[] we, int r, int t) {
    double[] vd = dense.state().velocity();
    double[] ve = exact.state().velocity();
    for (int j = ROWS.start(r); j < ROWS.start(r) + ROWS.width(r); j++) {
      int jj = j;
      assertTrue(relErr(we[j], wd[j]) <= TOL, () -> "step " + t + " row " + r + " w[" + jj + "]: exact "
          + we[jj] + ", dense " + wd[jj]);
      if (vd != null) {
        assertTrue(relErr(ve[j], vd[j]) <= TOL, () -> "step " + t + " row " + r + " v[" + jj
            + "]: exact " + ve[jj] + ", dense " + vd[jj]);
      }
    }
  }
}
