package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.cli.Main;
import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.OptimizerConfig.SparseUpdate;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.TrainingRatings;
import io.sparkmomentum.io.CheckpointStore;
import io.sparkmomentum.model.IalsFactorization;
import io.sparkmomentum.model.ImplicitSpec;
import io.sparkmomentum.model.ModelRegistry;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.ExactRanking;
import io.sparkmomentum.testing.ImplicitRuns;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ials} through the Spark trainer on events made by {@code generate --implicit} (planted tastes): it recovers
 * the held-out events far above popularity, and task retries and a resume from a mid-epoch checkpoint give the
 * uninterrupted model bit for bit (the driver's all-pairs term is a function of the weights alone). Trainer-level:
 * a model with a global term refuses sparse steps; the frequency-scaled L2 trains to the same bits twice.
 */
class IalsTrainingTest {
  @TempDir
  static Path tmp;
  static Path data;
  static TrainingRatings ratings;
  static IalsFactorization model;

  static List<String> dataKeys() {
    return List.of("data.train=" + data.resolve("train.tsv"), "data.test=" + data.resolve("test.tsv"),
        "data.positive_threshold=1", "trainer.partitions=3");
  }

  static RunConfig config(String... sets) {
    List<String> all = new ArrayList<>(dataKeys());
    all.addAll(List.of("model.type=ials", "model.rank=8", "model.lambda=0.01", "model.alpha0=0.05",
        "model.gradient_scale=batch"));
    all.addAll(List.of(sets));
    return ImplicitRuns.config("conf/ml100k-implicit.conf", all);
  }

  @BeforeAll
  static void generate() {
    SparkTestSession.get();
    data = tmp.resolve("events");
    assertEquals(0, Main.run("generate", "--users=300", "--items=200", "--ratings=8000", "--rank=4", "--snr=4",
        "--seed=4", "--implicit", "--test-fraction=0.2", "--output=" + data));
    RunConfig c = config();
    ratings = TrainingRatings.load(SparkTestSession.get(), c.data(), c.trainer().seed(), c.trainer().partitions());
    model = (IalsFactorization) ModelRegistry.spec("ials").build(c.model(), ratings.schema());
  }

  @AfterAll
  static void tearDown() {
    if (ratings != null) ratings.unpersist();
  }

  /**
   * On {@link ImplicitTrainingTest}'s planted rank-3 tastes (each user's top items), row-scaled ials recovers the
   * held-out positives: they rank high (AUC) and NDCG@10 is well above popularity's.
   */
  @Test
  void recoversAPlantedRanking() {
    ImplicitTrainingTest.plant();
    try {
      RatingColumns tr = ImplicitTrainingTest.train;
      int users = ImplicitTrainingTest.USERS;
      int items = ImplicitTrainingTest.ITEMS;
      int[] nu = new int[users];
      int[] ni = new int[items];
      for (int x = 0; x < tr.size(); x++) {
        nu[tr.users()[x]]++;
        ni[tr.items()[x]]++;
      }
      IalsFactorization m = new IalsFactorization(users, items, 8, 0.01, 0, 0.05, tr.size()).withRowScales(nu, ni, 1);
      OptimizerConfig o = new OptimizerConfig(0.3, 0.9, 0, true, 0, ScheduleConfig.constant(), 0, 1, null,
          SparseUpdate.DENSE);
      TrainerConfig t = new TrainerConfig(60, 0, 3, 7, 0, 0, 0, 50, TrainerConfig.OnDivergence.STOP, 10,
          3, 0, null, null);
      double[] w = new Trainer<>(SparkTestSession.sc(), m, o, t).fit(ImplicitTrainingTest.blocks,
          Trainer.initialState(m.factors().initialParameters(0.1, 3))).state().weights();
      Map<String, Double> got = ExactRanking.evaluate(m, w, tr, ImplicitTrainingTest.test, 10);
      double[] counts = Arrays.copyOf(ExactRanking.itemCounts(tr, items), items + 1);
      Map<String, Double> pop = ExactRanking.evaluate(ExactRanking.popularity(users, items), counts, tr,
          ImplicitTrainingTest.test, 10);
      System.out.println("IALS planted " + got + " popularity " + pop);
      assertTrue(got.get("auc") > 0.9, "held-out positives rank high: " + got);
      assertTrue(got.get("ndcg_at_10") > 2 * pop.get("ndcg_at_10"), "well above popularity " + pop + ": " + got);
    } finally {
      ImplicitTrainingTest.tearDown();
    }
  }

  static OptimizerConfig opt(SparseUpdate mode) {
    return new OptimizerConfig(5, 0.9, 0, true, 0, ScheduleConfig.cosine(60, 1), 0, 1, null, mode);
  }

  static TrainerConfig tc(int epochs, int checkpointEvery) {
    return new TrainerConfig(epochs, 1500, 3, 7, 0, 0, checkpointEvery, 50, TrainerConfig.OnDivergence.STOP, 10, 3,
        0, null, null);
  }

  static double[] init() {
    return ImplicitSpec.factors(model).initialParameters(0.1, 5);
  }

  static double[] fit(OptimizerConfig o, TrainerConfig t) {
    return new Trainer<>(SparkTestSession.sc(), model, o, t).fit(ratings.trainBlocks(),
        Trainer.initialState(init())).state().weights();
  }

  @Test
  void taskRetriesDoNotChangeABit() throws Exception {
    double[] clean = fit(opt(SparseUpdate.DENSE), tc(2, 0));
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
      faulty = fit(opt(SparseUpdate.DENSE), tc(2, 0));
    } finally {
      System.clearProperty(TaskFaults.FAIL_FIRST_ATTEMPTS);
      sc.sc().listenerBus().waitUntilEmpty();
      sc.sc().removeSparkListener(counter);
    }
    assertTrue(failed.get() >= 3, "failures were injected and retried: " + failed.get());
    assertArrayEquals(clean, faulty, 0.0, "bit-identical despite " + failed.get() + " failed task attempts");
    assertTrue(!Arrays.equals(clean, init()), "it trained");
  }

  /**
   * {@code model.regularization = frequency} through the CLI's config and spec: its driver-side L2 trains to the same
   * bits twice (a function of the weights alone), moves the model away from the per-example L2's, and stays finite.
   */
  @Test
  void theFrequencyL2TrainsDeterministically() {
    RunConfig c = config("model.regularization=frequency", "model.lambda=0.003");
    IalsFactorization freq = (IalsFactorization) ModelRegistry.spec("ials").build(c.model(), ratings.schema());
    assertTrue(freq.frequencyRegularized() && freq.hasGlobalTerm());
    OptimizerConfig o = opt(SparseUpdate.DENSE);
    double[] a = new Trainer<>(SparkTestSession.sc(), freq, o, tc(2, 0)).fit(ratings.trainBlocks(),
        Trainer.initialState(init())).state().weights();
    double[] b = new Trainer<>(SparkTestSession.sc(), freq, o, tc(2, 0)).fit(ratings.trainBlocks(),
        Trainer.initialState(init())).state().weights();
    assertArrayEquals(a, b, 0.0, "the same bits twice");
    assertTrue(Arrays.stream(a).allMatch(Double::isFinite), "finite");
    assertFalse(Arrays.equals(a, fit(o, tc(2, 0))), "not the per-example L2's model");
  }

  @Test
  void resumeIsBitExact() throws Exception {
    OptimizerConfig o = opt(SparseUpdate.DENSE);
    double[] whole = fit(o, tc(3, 0));
    Path dir = Files.createTempDirectory("sm-ials-ckpt");
    try {
      CheckpointStore store = new CheckpointStore(dir.toString(), new Configuration(), 3);
      StoreCheckpointer ckpt = new StoreCheckpointer(store, "test", Map.of());
      Trainer<RatingColumns> first = new Trainer<>(SparkTestSession.sc(), model, o, tc(3, 1000)).checkpointer(ckpt);
      first.listener(new TrainingListener() {
        @Override
        public void onRound(RoundResult r, TrainerState s) {
          if (r.round() == 5) first.requestStop();
        }
      });
      assertEquals(StopReason.INTERRUPTED, first.fit(ratings.trainBlocks(), Trainer.initialState(init()))
          .stopReason());
      TrainerState saved = ckpt.latest().orElseThrow();
      assertEquals(6, saved.round(), "stopped mid-epoch");
      assertTrue(saved.round() % new MiniBatchPlan(partitionSizes(), 1500, 7).roundsPerEpoch() != 0, "mid-epoch");
      double[] resumed = new Trainer<>(SparkTestSession.sc(), model, o, tc(3, 1000)).checkpointer(ckpt)
          .fit(ratings.trainBlocks(), saved).state().weights();
      assertArrayEquals(whole, resumed, 0.0, "resumed bit for bit");
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  static long[] partitionSizes() {
    return ratings.trainBlocks().map(b -> (long) b.data().size()).collect().stream().mapToLong(Long::longValue)
        .toArray();
  }

  @Test
  void theTrainerRefusesSparseStepsForAGlobalTerm() {
    for (SparseUpdate mode : new SparseUpdate[] {SparseUpdate.EXACT, SparseUpdate.LAZY}) {
      ConfigException e = assertThrows(ConfigException.class, () -> fit(opt(mode), tc(1, 0)));
      assertEquals("optimizer.sparse_update", e.key());
    }
  }
}
