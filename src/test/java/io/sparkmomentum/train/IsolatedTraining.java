package io.sparkmomentum.train;

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
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Small trainings for the executor-cache isolation tests (issue 9, item 2): every one has the same parameter
 * layout (so that an executor-side array of one could be mistaken for another's), its own data and seed, mini-batches
 * that read few rows (so that rounds use row broadcasts, {@link RowBroadcast}), and enough rounds to reuse
 * broadcast ids.
 *
 * <p>{@link #main} trains the named trainings one after another, each in its own new {@code SparkContext} (stopped
 * after it), in this JVM, and writes each one's final weights to {@code OUT_DIR/NAME.bin}.
 */
final class IsolatedTraining {
  static final int USERS = 600;
  static final int ITEMS = 400;
  static final int RANK = 4;

  private IsolatedTraining() {}

  /**
   * Training {@code name}: its data and seed derive from the name. "short" is 3 rounds of 150 ratings (its last row
   * broadcasts have the first ids a new SparkContext hands out); any other name is 4 epochs of 40 rounds.
   */
  static double[] train(JavaSparkContext sc, String name) {
    return train(sc, name, false);
  }

  /**
   * The same; with {@code slow}, every gradient task waits 2 ms between taking the round's weights and reading
   * them (the same bits: it only widens the window in which another training could write into an array that the
   * task reads).
   */
  static double[] train(JavaSparkContext sc, String name, boolean slow) {
    long seed = 1000 + name.hashCode();
    boolean small = name.equals("short");
    RatingColumns data = SyntheticRatings.generate(USERS, ITEMS, RANK, small ? 450 : 6000, 0.3, 1, 5, seed)
        .ratings();
    MatrixFactorization mf = new MatrixFactorization(USERS, ITEMS, RANK, data.mean(), 0.05, 0.01);
    OptimizerConfig opt = new OptimizerConfig(3.0, 0.9, 0, true, 0, ScheduleConfig.constant(), 0, 1, null, null);
    TrainerConfig tc = TrainerConfig.of(small ? 1 : 4, 150, 3, seed);
    JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, data, 3, "isolation " + name);
    try {
      Model<RatingColumns> model = slow ? new SlowKernel<>(mf) : mf;
      Trainer.Result r = new Trainer<>(sc, model, opt, tc).fit(blocks,
          Trainer.initialState(mf.initialParameters(0.1, seed)));
      if (r.stopReason() != StopReason.MAX_EPOCHS) throw new AssertionError("training " + name + ": " + r.message());
      return r.state().weights();
    } finally {
      blocks.unpersist();
    }
  }

  /** {@code delegate}, whose kernel first sleeps 2 ms. */
  static final class SlowKernel<D> extends io.sparkmomentum.testing.ForwardingModel<D> {
    private static final long serialVersionUID = 1L;

    SlowKernel(Model<D> delegate) {
      super(delegate);
    }


    @Override
    public double addLossGradient(double[] params, D data, Selection selection, GradientBuffer grad) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return delegate.addLossGradient(params, data, selection, grad);
    }


  }

  static byte[] bytes(double[] w) {
    ByteBuffer b = ByteBuffer.allocate(8 * w.length);
    for (double v : w) b.putDouble(v);
    return b.array();
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    for (int k = 1; k < args.length; k++) {
      SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("isolation-" + k)
          .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1")
          .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
          .set("spark.kryo.registrator", "io.sparkmomentum.train.KryoRegistration");
      JavaSparkContext sc = new JavaSparkContext(conf);
      sc.setLogLevel("ERROR");
      try {
        Files.write(out.resolve(args[k] + ".bin"), bytes(train(sc, args[k])));
      } finally {
        sc.stop();
      }
    }
  }
}
