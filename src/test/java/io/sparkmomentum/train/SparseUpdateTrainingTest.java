package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.OptimizerConfig.SparseUpdate;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.io.CheckpointStore;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code optimizer.sparse_update} through the Spark trainer, on mini-batches that touch a small part of the rows:
 * EXACT equals DENSE (to rounding) and resumes bit for bit from a checkpoint with rows behind; LAZY is its own,
 * deterministic trajectory.
 */
class SparseUpdateTrainingTest {
  static final int USERS = SyntheticMf.USERS;
  static final int ITEMS = SyntheticMf.ITEMS;
  static RatingColumns data;
  static MatrixFactorization mf;
  static JavaRDD<PartitionBlock<RatingColumns>> blocks;
  static double[] init;

  @BeforeAll
  static void setUp() {
    SyntheticMf fixture = SyntheticMf.cached("sparse update test");
    data = fixture.data();
    mf = fixture.mf();
    blocks = fixture.blocks();
    init = fixture.init();
  }

  @AfterAll
  static void tearDown() {
    blocks.unpersist();
  }

  static OptimizerConfig opt(SparseUpdate mode, int accumulation) {
    // Nesterov, cosine schedule, clipping: every ingredient of the closed-form catch-up
    return new OptimizerConfig(4.0, 0.9, 0, true, 0, ScheduleConfig.cosine(120, 0.1), 0.5, accumulation, null, mode);
  }

  static TrainerConfig tc(int checkpointEvery) {
    // batch 150 of 9000: a round reads about a third of the users and items
    return new TrainerConfig(2, 150, 3, 5, 1, 0, checkpointEvery, 50, TrainerConfig.OnDivergence.STOP, 10, 3, 0,
        null, null);
  }

  static Trainer.Result fit(OptimizerConfig o, TrainerConfig t, TrainerState start, Checkpointer c) {
    Trainer<RatingColumns> trainer = new Trainer<>(SparkTestSession.sc(), mf, o, t);
    if (c != null) trainer.checkpointer(c);
    return trainer.fit(blocks, start);
  }

  @Test
  void exactEqualsDenseToRounding() {
    double[] dense = fit(opt(SparseUpdate.DENSE, 1), tc(0), Trainer.initialState(init), null).state().weights();
    double[] exact = fit(opt(SparseUpdate.EXACT, 1), tc(0), Trainer.initialState(init), null).state().weights();
    double[] exactAcc = fit(opt(SparseUpdate.EXACT, 3), tc(0), Trainer.initialState(init), null).state().weights();
    double[] denseAcc = fit(opt(SparseUpdate.DENSE, 3), tc(0), Trainer.initialState(init), null).state().weights();
    assertClose(dense, exact, 1e-10);
    assertClose(denseAcc, exactAcc, 1e-10);
    assertTrue(maxDiff(init, dense) > 0.01, "training moved the weights");
  }

  @Test
  void lazyIsItsOwnDeterministicTrajectory() {
    double[] dense = fit(opt(SparseUpdate.DENSE, 1), tc(0), Trainer.initialState(init), null).state().weights();
    double[] lazy1 = fit(opt(SparseUpdate.LAZY, 1), tc(0), Trainer.initialState(init), null).state().weights();
    double[] lazy2 = fit(opt(SparseUpdate.LAZY, 1), tc(0), Trainer.initialState(init), null).state().weights();
    assertArrayEquals(lazy1, lazy2, 0.0);
    assertTrue(maxDiff(dense, lazy1) > 1e-4, "lazy skips the decay of untouched rows: " + maxDiff(dense, lazy1));
  }

  @Test
  void exactResumesBitForBitFromACheckpointWithRowsBehind() throws Exception {
    Path dir = Files.createTempDirectory("sm-sparse-ckpt");
    try {
      for (int accumulation : new int[] {1, 3}) {
        OptimizerConfig o = opt(SparseUpdate.EXACT, accumulation);
        Trainer.Result whole = fit(o, tc(0), Trainer.initialState(init), null);

        // stopped at round 37 (mid-epoch, mid-cycle for k = 3), checkpointed there, resumed from the files
        CheckpointStore store = new CheckpointStore(dir.resolve("run" + accumulation).toString(), new Configuration(),
            3);
        StoreCheckpointer ckpt = new StoreCheckpointer(store, "test", java.util.Map.of());
        Trainer<RatingColumns> first = new Trainer<>(SparkTestSession.sc(), mf, o, tc(1000)).checkpointer(ckpt);
        first.listener(new TrainingListener() {
          @Override
          public void onRound(RoundResult r, TrainerState s) {
            if (r.round() == 36) first.requestStop();
          }
        });
        Trainer.Result stopped = first.fit(blocks, Trainer.initialState(init));
        assertEquals(StopReason.INTERRUPTED, stopped.stopReason());
        TrainerState saved = ckpt.latest().orElseThrow();
        assertEquals(37, saved.round());
        assertTrue(saved.optimizer().rowStep() != null && behind(saved) > 0, "the checkpoint has rows behind");
        Trainer.Result resumed = fit(o, tc(1000), saved, ckpt);
        assertArrayEquals(whole.state().weights(), resumed.state().weights(), 0.0, "k = " + accumulation);
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static long behind(TrainerState s) {
    long step = s.optimizer().step();
    return java.util.Arrays.stream(s.optimizer().rowStep()).filter(a -> a < step).count();
  }

  private static double maxDiff(double[] a, double[] b) {
    double m = 0;
    for (int j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j] - b[j]));
    return m;
  }

  private static void assertClose(double[] expected, double[] actual, double tol) {
    for (int j = 0; j < expected.length; j++) {
      double scale = Math.max(1, Math.abs(expected[j]));
      assertTrue(Math.abs(expected[j] - actual[j]) <= tol * scale,
          "parameter " + j + ": " + expected[j] + " vs " + actual[j]);
    }
  }
}
