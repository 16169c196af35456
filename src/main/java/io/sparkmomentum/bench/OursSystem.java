package io.sparkmomentum.bench;

import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.data.RatingData;
import io.sparkmomentum.data.Ratings;
import io.sparkmomentum.eval.RatingMetrics;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import io.sparkmomentum.train.RoundResult;
import io.sparkmomentum.train.StopReason;
import io.sparkmomentum.train.Trainer;
import io.sparkmomentum.train.TrainerState;
import io.sparkmomentum.train.TrainingListener;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Our trainer through the library API: {@link RatingBlocks} → {@link MatrixFactorization} → {@link Trainer}, with
 * the settings of the base config file ({@link ConfigLoader#load}) plus overrides.
 *
 * <p>Timing: {@code fit} wall time only (the blocks are distributed and cached before). When the test set is
 * evaluated at every epoch end (for time-to-target), each evaluation is timed and subtracted: reported times are
 * training time, evaluation excluded. The raw figures (evaluation included) are kept in the JSON.
 */
final class OursSystem {
  private OursSystem() {}

  /** A configuration of our trainer: overrides on top of the base config file. */
  record Candidate(String name, List<String> overrides) {}

  /** One epoch end: training seconds so far (evaluation excluded), raw seconds, and the test RMSE. */
  record EpochPoint(long epoch, double trainSeconds, double rawSeconds, double rmse) {}

  /**
   * One fit.
   *
   * @param wallSeconds {@code Trainer.fit} wall time, evaluations included
   * @param evalSeconds time spent in the per-epoch evaluations
   * @param rmse final RMSE on the evaluation set (all rows, clamped, driver-side)
   * @param timeToTarget training seconds (evaluation excluded) at the first epoch end with RMSE ≤ target; NaN if
   *     never
   * @param rounds rounds trained
   */
  record Fit(double wallSeconds, double evalSeconds, double rmse, double timeToTarget, double timeToTargetRaw,
      long epochToTarget, List<EpochPoint> curve, long rounds, String stopReason, double[] medianTimingsMs,
      double[] predictions) {
    double trainSeconds() {
      return wallSeconds - evalSeconds;
    }
  }

  /**
   * The run config for {@code candidate} on a training set of {@code nTrain} ratings: base file, then the split's
   * data overrides, then the candidate's, then {@code trainer.eval_every}. A cosine schedule's {@code t_max} is set to
   * the run's total optimizer steps (epochs × rounds per epoch ÷ accumulation), as the base config does for u1.
   */
  static RunConfig config(File base, List<String> dataOverrides, Candidate candidate, long nTrain, int evalEvery) {
    List<String> o = new ArrayList<>(dataOverrides);
    o.addAll(candidate.overrides());
    o.add("trainer.eval_every=" + evalEvery);
    RunConfig c = ConfigLoader.load(base, o);
    if (c.optimizer().schedule().type() == ScheduleConfig.Type.COSINE
        && candidate.overrides().stream().noneMatch(s -> s.startsWith("optimizer.schedule.t_max"))) {
      long b = c.trainer().batchSize();
      long rpe = b <= 0 || b >= nTrain ? 1 : (nTrain + b - 1) / b;
      long steps = Math.max(1, rpe * c.trainer().epochs() / c.optimizer().accumulationSteps());
      o.add("optimizer.schedule.t_max=" + steps);
      c = ConfigLoader.load(base, o);
    }
    return c;
  }

  /**
   * Trains on {@code train} and evaluates on {@code eval} (at every {@code trainer.eval_every} epoch end and at the
   * end). {@code target}: the RMSE whose first crossing is timed (NaN: none).
   */
  static Fit fit(JavaSparkContext sc, RunConfig cfg, Ratings train, Ratings eval, int numUsers, int numItems,
      double target) {
    int partitions = cfg.trainer().partitions() > 0 ? cfg.trainer().partitions() : sc.defaultParallelism();
    RatingColumns tr = RatingData.columns(train);
    RatingColumns te = RatingData.columns(eval);
    JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, tr, partitions, "bench train");
    JavaRDD<PartitionBlock<RatingColumns>> evalBlocks = RatingBlocks.distribute(sc, te, partitions, "bench eval");
    try {
      var mc = cfg.model();
      MatrixFactorization mf = rowScaled(new MatrixFactorization(numUsers, numItems, mc.rank(), tr.mean(),
          mc.lambda(), mc.lambdaBias()), mc, tr);
      double[] clamp = mc.clamp() ? new double[] {train.min(), train.max()} : null;
      TrainerState start = Trainer.initialState(mf.initialParameters(mc.initStd(), cfg.trainer().seed()));
      Recorder rec = new Recorder(target);
      Trainer<RatingColumns> trainer = new Trainer<>(sc, mf, cfg.optimizer(), cfg.trainer())
          .evaluator(w -> rec.evaluate(() -> RatingMetrics.evaluate(sc, mf, w, evalBlocks, clamp)))
          .listener(rec);
      long t0 = System.nanoTime();
      Trainer.Result result = trainer.fit(blocks, start);
      double wall = (System.nanoTime() - t0) / 1e9;
      if (result.stopReason() != StopReason.MAX_EPOCHS) {
        System.err.println("warning: our trainer stopped: " + result.stopReason() + ": " + result.message());
      }
      double[] w = result.state().weights();
      RatingMetrics.Sums s = RatingMetrics.sums(mf, w, te, clamp);
      double rmse = Math.sqrt(s.sse() / s.n());
      double[] predictions = new double[te.size()];
      for (int k = 0; k < predictions.length; k++) predictions[k] = mf.predict(w, te.users()[k], te.items()[k]);
      return new Fit(wall, rec.evalNanos / 1e9, rmse, rec.ttt, rec.tttRaw, rec.tttEpoch, rec.curve,
          result.state().round(), result.stopReason().name().toLowerCase(), rec.medianTimings(), predictions);
    } finally {
      blocks.unpersist(false);
      evalBlocks.unpersist(false);
    }
  }

  /**
   * {@code model.gradient_scale = row}: the model with row-scaled steps from {@code train}'s row counts (as
   * {@code MatrixFactorizationSpec} builds it from the data's schema); else {@code mf} unchanged.
   */
  static MatrixFactorization rowScaled(MatrixFactorization mf, io.sparkmomentum.config.ModelConfig mc,
      RatingColumns train) {
    if (!mc.rowScaled()) return mf;
    int[] users = new int[mf.numUsers()];
    int[] items = new int[mf.numItems()];
    for (int k = 0; k < train.size(); k++) {
      users[train.users()[k]]++;
      items[train.items()[k]]++;
    }
    return mf.withRowScales(train.size(), users, items, mc.rowCountFloor());
  }

  /** Times the evaluations and records the learning curve and the first epoch reaching the target. */
  private static final class Recorder implements TrainingListener {
    final double target;
    long evalNanos;
    long evalNanosBeforeLast;
    double ttt = Double.NaN;
    double tttRaw = Double.NaN;
    long tttEpoch = -1;
    final List<EpochPoint> curve = new ArrayList<>();
    final List<double[]> timings = new ArrayList<>();

    Recorder(double target) {
      this.target = target;
    }

    Map<String, Double> evaluate(java.util.function.Supplier<Map<String, Double>> f) {
      evalNanosBeforeLast = evalNanos;
      long t0 = System.nanoTime();
      Map<String, Double> m = f.get();
      evalNanos += System.nanoTime() - t0;
      return m;
    }

    @Override
    public void onRound(RoundResult r, TrainerState state) {
      RoundResult.Timings t = r.timings();
      timings.add(new double[] {t.broadcastMs(), t.computeMs(), t.aggregateMs(), t.updateMs()});
      Double rmse = r.evaluation().get("rmse");
      if (rmse == null) return;
      // r.seconds() was taken before this epoch's evaluation ran: subtract the earlier evaluations only.
      double train = r.seconds() - evalNanosBeforeLast / 1e9;
      curve.add(new EpochPoint(r.epoch() + 1, train, r.seconds(), rmse));
      if (tttEpoch < 0 && !Double.isNaN(target) && rmse <= target) {
        ttt = train;
        tttRaw = r.seconds();
        tttEpoch = r.epoch() + 1;
      }
    }

    double[] medianTimings() {
      double[] out = new double[4];
      for (int j = 0; j < 4; j++) {
        double[] col = new double[timings.size()];
        for (int k = 0; k < col.length; k++) col[k] = timings.get(k)[j];
        out[j] = Stats.median(col);
      }
      return out;
    }
  }
}
