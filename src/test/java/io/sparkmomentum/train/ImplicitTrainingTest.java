package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.OptimizerConfig.SparseUpdate;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.eval.RankingEvaluation;
import io.sparkmomentum.io.CheckpointStore;
import io.sparkmomentum.model.BprFactorization;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.model.SampledSoftmaxFactorization;
import io.sparkmomentum.testing.ExactRanking;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The implicit losses through the Spark trainer, negative sampling on: task retries and a resume from a checkpoint
 * (rows behind under {@code sparse_update = exact}, so the restore re-marks the rows a round reads, drawing the same
 * negatives) give the model of the uninterrupted run bit for bit; and BPR recovers a planted ranking.
 */
class ImplicitTrainingTest {
  static final int USERS = 300;
  static final int ITEMS = 200;
  static final int PER_USER = 20;
  static final int HELD_PER_USER = 4;

  static RatingColumns train;
  static RatingColumns test;
  static JavaRDD<PartitionBlock<RatingColumns>> blocks;

  /**
   * Planted rank-3 tastes: each user's positives are its {@link #PER_USER} best items under N(0, 1) factors plus an
   * item popularity term; {@link #HELD_PER_USER} of them, chosen by the seed, are held out as the test positives.
   */
  @BeforeAll
  static void plant() {
    SplittableRandom rng = new SplittableRandom(2024);
    double[][] p = new double[USERS][3];
    double[][] q = new double[ITEMS][3];
    double[] pop = new double[ITEMS];
    for (double[] r : p) for (int f = 0; f < 3; f++) r[f] = rng.nextGaussian();
    for (int i = 0; i < ITEMS; i++) {
      for (int f = 0; f < 3; f++) q[i][f] = rng.nextGaussian();
      pop[i] = 0.5 * rng.nextGaussian();
    }
    List<int[]> tr = new ArrayList<>();
    List<int[]> te = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      final int user = u;
      Integer[] items = new Integer[ITEMS];
      double[] s = new double[ITEMS];
      for (int i = 0; i < ITEMS; i++) {
        items[i] = i;
        s[i] = pop[i] + p[u][0] * q[i][0] + p[u][1] * q[i][1] + p[u][2] * q[i][2];
      }
      Arrays.sort(items, (a, b) -> Double.compare(s[b], s[a]));
      int[] held = rng.ints(0, PER_USER).distinct().limit(HELD_PER_USER).toArray();
      for (int r = 0; r < PER_USER; r++) {
        final int rank = r;
        (Arrays.stream(held).anyMatch(h -> h == rank) ? te : tr).add(new int[] {user, items[r]});
      }
    }
    train = columns(tr);
    test = columns(te);
    blocks = RatingBlocks.distribute(SparkTestSession.sc(), train, 3, "planted positives");
  }

  static RatingColumns columns(List<int[]> pairs) {
    int n = pairs.size();
    int[] us = new int[n];
    int[] is = new int[n];
    float[] ls = new float[n];
    for (int k = 0; k < n; k++) {
      us[k] = pairs.get(k)[0];
      is[k] = pairs.get(k)[1];
      ls[k] = 1;
    }
    return new RatingColumns(us, is, ls);
  }

  @AfterAll
  static void tearDown() {
    blocks.unpersist();
  }

  static OptimizerConfig opt(SparseUpdate mode) {
    return new OptimizerConfig(30, 0.9, 0, true, 0, ScheduleConfig.cosine(150, 1), 0, 1, null, mode);
  }

  static TrainerConfig tc(int epochs, int checkpointEvery) {
    return new TrainerConfig(epochs, 1000, 3, 7, 0, 0, checkpointEvery, 50, TrainerConfig.OnDivergence.STOP, 10, 3,
        0, null, null);
  }

  static double[] fit(Model<RatingColumns> m, double[] init, OptimizerConfig o, TrainerConfig t) {
    return new Trainer<>(SparkTestSession.sc(), m, o, t).fit(blocks, Trainer.initialState(init)).state().weights();
  }

  @Test
  void bprRecoversAPlantedRanking() {
    BprFactorization bpr = new BprFactorization(USERS, ITEMS, 8, 1e-3, 0, 1);
    double[] w = fit(bpr, bpr.factors().initialParameters(0.1, 3), opt(SparseUpdate.DENSE), tc(30, 0));
    Map<String, Double> m = ExactRanking.evaluate(bpr, w, train, test, 10);
    double[] counts = Arrays.copyOf(ExactRanking.itemCounts(train, ITEMS), ITEMS + 1);
    Map<String, Double> pop = ExactRanking.evaluate(ExactRanking.popularity(USERS, ITEMS), counts, train, test, 10);
    assertTrue(m.get("auc") > 0.95, "held-out positives rank high: " + m);
    assertTrue(m.get("ndcg_at_10") > 2 * pop.get("ndcg_at_10"), "well above popularity " + pop + ": " + m);
    JavaRDD<PartitionBlock<RatingColumns>> testBlocks = RatingBlocks.distribute(SparkTestSession.sc(), test, 3,
        "planted test positives");
    try {
      Map<String, Double> blocked = RankingEvaluation.evaluate(SparkTestSession.sc(), bpr, w, blocks, testBlocks, 10);
      for (String key : new String[] {"ndcg_at_10", "precision_at_10", "recall_at_10", "map_at_10", "auc"}) {
        assertEquals(m.get(key), blocked.get(key), 1e-9, key + ": the blocked evaluation and the exact one agree");
      }
    } finally {
      testBlocks.unpersist();
    }
  }

  @Test
  void taskRetriesDoNotChangeABitWithNegativeSampling() throws Exception {
    SampledSoftmaxFactorization sm = new SampledSoftmaxFactorization(USERS, ITEMS, 4, 1e-3, 1e-3, 5);
    double[] init = sm.factors().initialParameters(0.1, 5);
    OptimizerConfig o = opt(SparseUpdate.EXACT);
    double[] clean = fit(sm, init, o, tc(2, 0));
    AtomicInteger failed = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        if (!e.taskInfo().successful()) failed.incrementAndGet();
      }
    };
    var sc = SparkTestSession.sc();
    sc.sc().addSparkListener(counter);
    System.setProperty(TaskFaults.FAIL_FIRST_ATTEMPTS, "3");
    double[] faulty;
    try {
      faulty = fit(sm, init, o, tc(2, 0));
    } finally {
      System.clearProperty(TaskFaults.FAIL_FIRST_ATTEMPTS);
      sc.sc().listenerBus().waitUntilEmpty();
      sc.sc().removeSparkListener(counter);
    }
    assertTrue(failed.get() >= 3, "failures were injected and retried: " + failed.get());
    assertArrayEquals(clean, faulty, 0.0, "bit-identical despite " + failed.get() + " failed task attempts");
    assertTrue(Arrays.stream(clean).map(Math::abs).sum() != Arrays.stream(init).map(Math::abs).sum(), "it trained");
  }

  @Test
  void resumeIsBitExactWithNegativeSampling() throws Exception {
    BprFactorization bpr = new BprFactorization(USERS, ITEMS, 4, 1e-3, 1e-3, 3);
    double[] init = bpr.factors().initialParameters(0.1, 6);
    OptimizerConfig o = opt(SparseUpdate.EXACT);
    double[] whole = fit(bpr, init, o, tc(3, 0));
    Path dir = Files.createTempDirectory("sm-implicit-ckpt");
    try {
      CheckpointStore store = new CheckpointStore(dir.toString(), new Configuration(), 3);
      StoreCheckpointer ckpt = new StoreCheckpointer(store, "test", Map.of());
      Trainer<RatingColumns> first = new Trainer<>(SparkTestSession.sc(), bpr, o, tc(3, 1000)).checkpointer(ckpt);
      first.listener(new TrainingListener() {
        @Override
        public void onRound(RoundResult r, TrainerState s) {
          if (r.round() == 9) first.requestStop();
        }
      });
      assertEquals(StopReason.INTERRUPTED, first.fit(blocks, Trainer.initialState(init)).stopReason());
      TrainerState saved = ckpt.latest().orElseThrow();
      assertEquals(10, saved.round(), "stopped mid-epoch (6 rounds an epoch)");
      double[] resumed = new Trainer<>(SparkTestSession.sc(), bpr, o, tc(3, 1000)).checkpointer(ckpt)
          .fit(blocks, saved).state().weights();
      assertArrayEquals(whole, resumed, 0.0, "resumed bit for bit");
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
