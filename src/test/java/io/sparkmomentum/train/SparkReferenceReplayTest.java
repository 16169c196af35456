package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.ReferenceCase;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the full-batch {@code mf} references ({@code num_batches = 1}, {@code accumulation_steps = 1}) through the
 * Spark trainer: broadcast, partitions' gradients, treeAggregate, driver-side step; the ratings spread over 3
 * partitions of a {@code local[2]} context. Every step's parameters must match within 1e-9.
 */
class SparkReferenceReplayTest {
  static final int PARTITIONS = 3;

  @TestFactory
  Stream<DynamicTest> replaysFullBatchMfThroughSpark() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path f : ReferenceCase.files()) {
      ReferenceCase c = ReferenceCase.load(f);
      if (c.type().equals("mf") && c.numBatches() == 1 && c.accumulationSteps() == 1) {
        tests.add(DynamicTest.dynamicTest(c.file(), () -> replay(c)));
      }
    }
    assertTrue(!tests.isEmpty(), "no full-batch mf case in " + ReferenceCase.dir());
    return tests.stream();
  }

  static void replay(ReferenceCase c) {
    var p = c.problem();
    MatrixFactorization model = new MatrixFactorization(p.get("num_users").asInt(), p.get("num_items").asInt(),
        p.get("rank").asInt(), p.get("mu").asDouble(), p.get("lambda").asDouble(), p.get("lambda_bias").asDouble());
    RatingColumns ratings = c.ratings();
    JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(SparkTestSession.sc(), ratings,
        PARTITIONS, "reference " + c.file());
    assertEquals(PARTITIONS, blocks.getNumPartitions());
    List<double[]> seen = new ArrayList<>();
    Trainer<RatingColumns> trainer = new Trainer<>(SparkTestSession.sc(), model, c.optimizer(),
        TrainerConfig.of(c.steps(), 0, PARTITIONS, 1));
    trainer.listener(new TrainingListener() {
      @Override
      public void onRound(RoundResult r, TrainerState s) {
        c.assertClose("loss", (int) r.round(), new double[] {r.loss()}, new double[] {c.losses()[(int) r.round()]},
            1e-9);
        seen.add(s.weights().clone());
      }
    });
    Trainer.Result result = trainer.fit(blocks, Trainer.initialState(c.init()));
    blocks.unpersist();
    assertEquals(StopReason.MAX_EPOCHS, result.stopReason());
    assertEquals(c.steps(), seen.size());
    for (int s = 0; s < c.steps(); s++) c.assertClose("params", s, seen.get(s), c.trajectory()[s], 1e-9);
  }
}
