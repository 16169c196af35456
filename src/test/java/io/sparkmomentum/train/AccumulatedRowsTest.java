package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.OptimizerConfig.SparseUpdate;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.io.CheckpointStore;
import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.ParameterLayout;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows a partial accumulation holds are part of the checkpoint (issue 9 item 5): with {@code sparse_update =
 * lazy}, a row touched with an accumulated gradient of exactly 0.0 still takes its momentum step after a resume.
 * Also: a round with no examples neither accumulates nor steps (issue 10 item 4).
 */
class AccumulatedRowsTest {
  static final ParameterLayout LAYOUT = ParameterLayout.builder().matrix("w", 20, 2).build();
  static final OptimizerConfig LAZY_K2 = new OptimizerConfig(0.1, 0.9, 0, false, 0, ScheduleConfig.constant(), 0, 2,
      null, SparseUpdate.LAZY);
  static final TrainerConfig TC = TrainerConfig.of(1, 1, 1, 1);

  @TempDir
  Path tmp;

  /** A one-partition round sum touching {@code rows} with the given per-row values (2 each). */
  static GradientPiece piece(int count, int[] rows, double[][] values) {
    GradientBuffer buf = new GradientBuffer(LAYOUT);
    for (int i = 0; i < rows.length; i++) {
      int off = LAYOUT.rowOffset(rows[i]);
      buf.values()[off] = values[i][0] * count;
      buf.values()[off + 1] = values[i][1] * count;
      buf.touch(rows[i]);
    }
    return GradientPiece.of(0, 0.5 * count, count, buf);
  }

  static final GradientPiece[] ROUNDS = {
      piece(2, new int[] {0}, new double[][] {{1, 1}}),
      piece(2, new int[] {0}, new double[][] {{1, 1}}), // step 1: row 0 gets a velocity
      piece(2, new int[] {0, 1}, new double[][] {{0, 0}, {1, -1}}), // row 0 touched with an exact 0.0
      piece(2, new int[] {1}, new double[][] {{1, 1}}), // step 2: lazy moves rows 0 and 1
  };

  static StepApplier applier(TrainerState s) {
    return new StepApplier(LAYOUT, LAZY_K2, s, new DivergenceGuard(TC, s.guard()));
  }

  @Test
  void aRowWithAZeroAccumulatedGradientSurvivesTheCheckpoint() throws Exception {
    double[] init = new double[LAYOUT.size()];
    for (int j = 0; j < init.length; j++) init[j] = 0.01 * j;
    StepApplier whole = applier(Trainer.initialState(init));
    for (GradientPiece p : ROUNDS) assertNull(whole.apply(p).divergence());

    StepApplier first = applier(Trainer.initialState(init));
    for (int r = 0; r < 3; r++) first.apply(ROUNDS[r]);
    StoreCheckpointer ckpt = new StoreCheckpointer(new CheckpointStore(tmp.toString(), new Configuration(), 3), "test",
        java.util.Map.of());
    ckpt.save(first.snapshot());
    TrainerState saved = ckpt.latest().orElseThrow();
    assertArrayEquals(new int[] {0, 1}, saved.accumulatedRows());
    StepApplier resumed = applier(saved);
    resumed.apply(ROUNDS[3]);

    int row0 = LAYOUT.rowOffset(0);
    assertArrayEquals(whole.weights(), resumed.weights(), 0.0);
    assertTrue(whole.weights()[row0] != applyWithoutRow0(init)[row0], "the test can tell the difference");
  }

  /** What the resume gave when the touched set was rebuilt from the nonzero accumulated values. */
  private static double[] applyWithoutRow0(double[] init) {
    StepApplier a = applier(Trainer.initialState(init));
    for (int r = 0; r < 3; r++) a.apply(ROUNDS[r]);
    TrainerState s = a.snapshot();
    StepApplier rebuilt = applier(new TrainerState(s.round(), s.weights(), s.optimizer(), s.accumulator(), s.lrScale(),
        s.rollbacks(), null, s.guard()));
    rebuilt.apply(ROUNDS[3]);
    return rebuilt.weights();
  }

  @Test
  void anEmptyRoundNeitherAccumulatesNorSteps() {
    double[] init = new double[LAYOUT.size()];
    StepApplier a = applier(Trainer.initialState(init));
    a.apply(ROUNDS[0]);
    StepApplier.Outcome empty = a.apply(piece(0, new int[0], new double[0][]));
    assertNull(empty.step());
    assertEquals(2, a.round(), "the empty round is counted as a round");
    StepApplier.Outcome next = a.apply(ROUNDS[1]);
    assertTrue(next.step() != null, "the second non-empty round completes the accumulation of k = 2");
  }
}
