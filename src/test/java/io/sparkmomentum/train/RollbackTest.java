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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollbacks (issue 9 item 5): a resumed run makes the same divergence decisions as an uninterrupted one, and with
 * {@code sparse_update = exact} a rollback still gives the dense result. At lr 60 this run diverges at rounds 10,
 * 14 and 22 (uninterrupted), rolls back each time with half the rate, and finishes its epoch.
 */
class RollbackTest {
  static final int USERS = SyntheticMf.USERS;
  static final int ITEMS = SyntheticMf.ITEMS;
  static RatingColumns data;
  static MatrixFactorization mf;
  static JavaRDD<PartitionBlock<RatingColumns>> blocks;
  static double[] init;
  @TempDir
  static Path tmp;

  @BeforeAll
  static void setUp() {
    SyntheticMf fixture = SyntheticMf.cached("rollback test");
    data = fixture.data();
    mf = fixture.mf();
    blocks = fixture.blocks();
    init = fixture.init();
  }

  @AfterAll
  static void tearDown() {
    blocks.unpersist();
  }

  static OptimizerConfig opt(double lr, SparseUpdate mode) {
    return new OptimizerConfig(lr, 0.9, 0, true, 0, ScheduleConfig.cosine(120, 0.1), 0, 1, null, mode);
  }

  static TrainerConfig tc(int epochs) {
    return new TrainerConfig(epochs, 150, 3, 5, 1, 0, 5, 50, TrainerConfig.OnDivergence.ROLLBACK, 10, 6, 0, null,
        null);
  }

  static int runs;

  static StoreCheckpointer checkpointer() throws java.io.IOException {
    CheckpointStore store = new CheckpointStore(tmp.resolve("run" + (runs++)).toString(), new Configuration(), 50);
    return new StoreCheckpointer(store, "test", java.util.Map.of());
  }

  /** A run with its divergence events ("round:rolledBack"), optionally stopped after a listener's say-so. */
  record Run(Trainer.Result result, List<String> events) {}

  static Run run(OptimizerConfig o, TrainerState start, StoreCheckpointer ckpt, int stopAfterEvents, long stopRound) {
    List<String> ev = new ArrayList<>();
    Trainer<RatingColumns> t = new Trainer<>(SparkTestSession.sc(), mf, o, tc(1)).checkpointer(ckpt);
    t.listener(new TrainingListener() {
      @Override
      public void onDivergence(long round, String reason, boolean rolledBack, double newLr) {
        ev.add(round + ":" + rolledBack + ":" + newLr);
      }

      @Override
      public void onRound(RoundResult r, TrainerState s) {
        if (ev.size() == stopAfterEvents && r.round() == stopRound) t.requestStop();
      }
    });
    return new Run(t.fit(blocks, start), ev);
  }

  @Test
  void aResumedRunRollsBackAsTheUninterruptedOneDoes() throws Exception {
    OptimizerConfig o = opt(60, SparseUpdate.DENSE);
    Run whole = run(o, Trainer.initialState(init), checkpointer(), -1, -1);
    assertEquals(StopReason.MAX_EPOCHS, whole.result().stopReason());
    assertTrue(whole.events().size() >= 2, "the scenario rolls back more than once: " + whole.events());

    // stopped 3 rounds after the first rollback, before the second divergence; resumed from the files
    StoreCheckpointer ckpt = checkpointer();
    long firstTarget = -1;
    Run first = run(o, Trainer.initialState(init), ckpt, 1, 7);
    assertEquals(StopReason.INTERRUPTED, first.result().stopReason());
    assertEquals(whole.events().subList(0, 1), first.events());
    TrainerState saved = ckpt.latest().orElseThrow();
    assertEquals(8, saved.round());
    assertTrue(saved.guard() != null && saved.guard().lastRollbackTarget() >= 0, "the guard's memory is saved");
    Run resumed = run(o, saved, ckpt, -1, -1);
    List<String> events = new ArrayList<>(first.events());
    events.addAll(resumed.events());
    assertEquals(whole.events(), events, "the same divergence decisions");
    assertArrayEquals(whole.result().state().weights(), resumed.result().state().weights(), 0.0);
  }

  @Test
  void exactEqualsDenseAfterRollbacks() throws Exception {
    Run dense = run(opt(60, SparseUpdate.DENSE), Trainer.initialState(init), checkpointer(), -1, -1);
    Run exact = run(opt(60, SparseUpdate.EXACT), Trainer.initialState(init), checkpointer(), -1, -1);
    assertTrue(dense.events().size() >= 2, dense.events().toString());
    assertEquals(dense.events(), exact.events());
    double[] d = dense.result().state().weights();
    double[] e = exact.result().state().weights();
    for (int j = 0; j < d.length; j++) {
      assertTrue(Math.abs(d[j] - e[j]) <= 1e-9 * Math.max(1, Math.abs(d[j])), "parameter " + j + ": " + d[j] + " vs "
          + e[j]);
    }
  }
}
