package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.data.SyntheticRatings;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.SparkTestSession;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;

/**
 * With {@code local[2,4]} and the first attempt of a third of the gradient tasks failing, the model is bit-identical
 * to the run without failures: a task's result depends on (seed, round, partition), never on the attempt or on
 * the order in which results arrive.
 */
class TaskFailureTest {
  @Test
  void injectedTaskFailuresDoNotChangeABit() throws Exception {
    var sc = SparkTestSession.sc();
    RatingColumns data = SyntheticRatings.generate(300, 200, 4, 12000, 0.3, 1, 5, 11).ratings();
    MatrixFactorization mf = new MatrixFactorization(300, 200, 4, data.mean(), 0.05, 0.01);
    OptimizerConfig opt = new OptimizerConfig(2.0, 0.9, 0.1, false, 1e-5, ScheduleConfig.step(5, 0.7), 5.0, 2, null,
        null);
    TrainerConfig tc = TrainerConfig.of(3, 1500, 5, 3);
    JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, data, 5, "failure test");
    double[] init = mf.initialParameters(0.1, 5);
    double[] clean = new Trainer<>(sc, mf, opt, tc).fit(blocks, Trainer.initialState(init)).state().weights();

    AtomicInteger failed = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        if (!e.taskInfo().successful()) failed.incrementAndGet();
      }
    };
    sc.sc().addSparkListener(counter);
    System.setProperty(TaskFaults.FAIL_FIRST_ATTEMPTS, "3");
    double[] faulty;
    try {
      faulty = new Trainer<>(sc, mf, opt, tc).fit(blocks, Trainer.initialState(init)).state().weights();
    } finally {
      System.clearProperty(TaskFaults.FAIL_FIRST_ATTEMPTS);
      sc.sc().listenerBus().waitUntilEmpty();
      sc.sc().removeSparkListener(counter);
      blocks.unpersist();
    }
    assertTrue(failed.get() >= 10, "failures were injected and retried: " + failed.get());
    assertArrayEquals(clean, faulty, 0.0, "bit-identical despite " + failed.get() + " failed task attempts");
  }
}
