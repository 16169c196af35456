package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.data.SyntheticRatings;
import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.model.Selection;
import io.sparkmomentum.testing.SparkTestSession;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 6: a kernel that fails after writing gradient values into rows it has not yet marked touched must
 * not leave those values in the per-thread buffer ({@link BufferCache}) for the retry or the next task.
 */
class FailedKernelBufferTest {
  /** Thrown by {@link DirtyFailingModel}. */
  static final class InjectedKernelFailure extends RuntimeException {
    InjectedKernelFailure(String m) {
      super(m);
    }
  }

  /**
   * The worst failing kernel: it writes 1.0 into every gradient value without marking any row touched, then throws.
   * It fails only where {@link #fails()} says (by default: the first attempt of every even partition's task in a
   * Spark task, always outside one); otherwise it is the wrapped model.
   */
  static class DirtyFailingModel<D> extends io.sparkmomentum.testing.ForwardingModel<D> {
    private static final long serialVersionUID = 1L;

    DirtyFailingModel(Model<D> delegate) {
      super(delegate);
    }

    boolean fails() {
      TaskContext ctx = TaskContext.get();
      return ctx == null || (ctx.attemptNumber() == 0 && ctx.partitionId() % 2 == 0);
    }


    @Override
    public double addLossGradient(double[] params, D data, Selection selection, GradientBuffer grad) {
      if (fails()) {
        Arrays.fill(grad.values(), 1.0);
        throw new InjectedKernelFailure("injected kernel failure after writing untouched rows");
      }
      return delegate.addLossGradient(params, data, selection, grad);
    }


  }

  final RatingColumns data = SyntheticRatings.generate(40, 30, 4, 2000, 0.3, 1, 5, 7).ratings();
  final MatrixFactorization mf = new MatrixFactorization(40, 30, 4, data.mean(), 0.05, 0.01);
  final double[] w = mf.initialParameters(0.1, 3);

  @Test
  void theNextTaskOnTheThreadSeesNoValueOfAFailedKernel() {
    List<PartitionBlock<RatingColumns>> blocks = RatingBlocks.split(data, 1);
    MiniBatchPlan plan = new MiniBatchPlan(blocks.stream().mapToLong(b -> b.data().size()).toArray(), 200, 11);
    double[] weights = w;
    GradientPiece expected = new GradientAggregator<>(mf, () -> weights, plan, 0, 0).add(blocks.get(0)).result();
    for (int attempt = 0; attempt < 2; attempt++) {
      var failing = new GradientAggregator<>(new DirtyFailingModel<>(mf), () -> weights, plan, 0, 0);
      assertThrows(InjectedKernelFailure.class, () -> failing.add(blocks.get(0)));
      // the retry, on the same thread (as Spark's executor threads are reused)
      GradientPiece retried = new GradientAggregator<>(mf, () -> weights, plan, 0, 0).add(blocks.get(0)).result();
      assertArrayEquals(expected.rows(), retried.rows(), "rows after failure " + attempt);
      assertArrayEquals(expected.meanDense(mf.layout()), retried.meanDense(mf.layout()), 0.0,
          "the retried gradient is bit-identical after failure " + attempt);
      assertEquals(expected.loss, retried.loss, 0.0);
    }
  }

  @Test
  void injectedKernelFailuresAndRetriesGiveTheSameModel() throws Exception {
    var sc = SparkTestSession.sc();
    RatingColumns d = SyntheticRatings.generate(300, 200, 4, 12000, 0.3, 1, 5, 11).ratings();
    MatrixFactorization model = new MatrixFactorization(300, 200, 4, d.mean(), 0.05, 0.01);
    OptimizerConfig opt = new OptimizerConfig(2.0, 0.9, 0.1, false, 0, ScheduleConfig.constant(), 0, 1, null, null);
    TrainerConfig tc = TrainerConfig.of(2, 1500, 4, 3);
    JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, d, 4, "failed kernel test");
    double[] init = model.initialParameters(0.1, 5);
    AtomicInteger failed = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        if (!e.taskInfo().successful()) failed.incrementAndGet();
      }
    };
    try {
      double[] clean = new Trainer<>(sc, model, opt, tc).fit(blocks, Trainer.initialState(init)).state().weights();
      sc.sc().addSparkListener(counter);
      double[] faulty = new Trainer<>(sc, new DirtyFailingModel<>(model), opt, tc)
          .fit(blocks, Trainer.initialState(init)).state().weights();
      sc.sc().listenerBus().waitUntilEmpty();
      assertTrue(failed.get() >= 8, "kernel failures were injected and retried: " + failed.get());
      assertArrayEquals(clean, faulty, 0.0, "bit-identical despite " + failed.get() + " failed kernels");
    } finally {
      sc.sc().removeSparkListener(counter);
      blocks.unpersist();
    }
  }
}
