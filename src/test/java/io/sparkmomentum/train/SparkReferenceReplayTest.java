package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.ReferenceCase;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the full-batch references ({@code num_batches = 1}, {@code accumulation_steps = 1}) of every replayed
 * folder ({@link ReferenceCase#dirs()}: by default the 90 first cases and the models' 60) through the Spark trainer:
 * broadcast, partitions' gradients, tree aggregation, driver-side step; the examples spread over 3 partitions of a
 * {@code local[2]} context, every model type (fm on dense and on CSR rows). Every step's loss and parameters must
 * match within 1e-9.
 */
class SparkReferenceReplayTest {
  static final int PARTITIONS = 3;
  static final Set<String> TYPES = new TreeSet<>();

  @TestFactory
  List<DynamicTest> replaysFullBatchCasesThroughSpark() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path f : ReferenceCase.allFiles()) {
      ReferenceCase c = ReferenceCase.load(f);
      if (c.numBatches() == 1 && c.accumulationSteps() == 1) {
        for (ReferenceCase.Setup<?> s : c.setups()) {
          tests.add(DynamicTest.dynamicTest(c.file() + " [" + s.what() + "]", () -> replay(c.withLabel(s.what()), s)));
        }
      }
    }
    assertTrue(!tests.isEmpty(), "no full-batch case in " + ReferenceCase.dirs());
    return tests;
  }

  @AfterAll
  static void report() {
    System.out.println("SparkReferenceReplayTest replayed full-batch cases of types " + TYPES);
  }

  /** {@code all} cut into {@code partitions} contiguous, nearly equal blocks, cached without lineage. */
  @SuppressWarnings("unchecked")
  static <D> JavaRDD<PartitionBlock<D>> distribute(JavaSparkContext sc, D all, int partitions, String name) {
    if (all instanceof RatingColumns r) {
      return (JavaRDD<PartitionBlock<D>>) (JavaRDD<?>) RatingBlocks.distribute(sc, r, partitions, name);
    }
    FeatureRows x = (FeatureRows) all;
    List<PartitionBlock<D>> blocks = new ArrayList<>();
    long n = x.size();
    for (int p = 0; p < partitions; p++) {
      blocks.add(new PartitionBlock<>(p, (D) x.slice((int) (p * n / partitions), (int) ((p + 1) * n / partitions))));
    }
    JavaRDD<PartitionBlock<D>> rdd = sc.parallelize(blocks, partitions).setName(name);
    RatingBlocks.cache(sc, rdd);
    return rdd;
  }

  static <D> void replay(ReferenceCase c, ReferenceCase.Setup<D> s) {
    JavaRDD<PartitionBlock<D>> blocks = distribute(SparkTestSession.sc(), s.data(), PARTITIONS,
        "reference " + c.file());
    assertEquals(PARTITIONS, blocks.getNumPartitions());
    List<double[]> seen = new ArrayList<>();
    Trainer<D> trainer = new Trainer<>(SparkTestSession.sc(), s.model(), c.optimizer(),
        TrainerConfig.of(c.steps(), 0, PARTITIONS, 1));
    trainer.listener(new TrainingListener() {
      @Override
      public void onRound(RoundResult r, TrainerState st) {
        c.assertClose("loss", (int) r.round(), new double[] {r.loss()}, new double[] {c.losses()[(int) r.round()]},
            1e-9);
        seen.add(st.weights().clone());
      }
    });
    Trainer.Result result = trainer.fit(blocks, Trainer.initialState(c.init()));
    blocks.unpersist();
    assertEquals(StopReason.MAX_EPOCHS, result.stopReason());
    assertEquals(c.steps(), seen.size());
    for (int step = 0; step < c.steps(); step++) c.assertClose("params", step, seen.get(step), c.trajectory()[step], 1e-9);
    synchronized (TYPES) {
      TYPES.add(c.type());
    }
  }
}
