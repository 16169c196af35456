package io.sparkmomentum.train;

import io.sparkmomentum.config.EarlyStoppingConfig;
import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.model.Model;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-parallel training loop. One round, top-down (see {@link #fit}):
 * <ol>
 *   <li>{@link StepApplier#catchUp}: with {@code sparse_update = exact}, the rows the round reads are brought up to
 *       date;</li>
 *   <li>{@link RoundRunner#run}: the driver broadcasts the weights (all of them, or only the rows the round reads;
 *       never captured in a closure, destroyed after the round), each partition computes the summed loss and
 *       gradient of its part of the round's mini-batch ({@link GradientAggregator#add}), and {@link TreeAggregation}
 *       sums the partitions on the driver in a fixed tree ({@link GradientAggregator#merge});</li>
 *   <li>{@link StepApplier#apply}: the driver divides by the example count, accumulates {@code accumulation_steps}
 *       rounds, has the {@link DivergenceGuard} judge the step, and takes one {@link
 *       io.sparkmomentum.optim.MomentumSgd} step;</li>
 *   <li>{@link Observers}: evaluation (test and validation), early stopping, checkpoints and listeners; or, after a
 *       divergence, a rollback.</li>
 * </ol>
 * The result depends only on the config, the seed and the data: never on task timing or retries.
 */
public final class Trainer<D> {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final JavaSparkContext sc;
  private final Model<D> model;
  private final OptimizerConfig optimizerConfig;
  private final TrainerConfig config;
  private final Observers observers;
  private EarlyStoppingConfig earlyStopping = EarlyStoppingConfig.OFF;
  private String earlyMetric = "";
  private volatile boolean stopRequested;

  public Trainer(JavaSparkContext sc, Model<D> model, OptimizerConfig optimizerConfig, TrainerConfig config) {
    this.sc = sc;
    this.model = model;
    this.optimizerConfig = optimizerConfig;
    this.config = config;
    this.observers = new Observers(config.evalEvery(), config.checkpointEvery());
  }

  public Trainer<D> listener(TrainingListener l) {
    observers.listeners.add(l);
    return this;
  }

  /** Test metrics computed every {@code eval_every} epochs and at the end. */
  public Trainer<D> evaluator(Function<double[], Map<String, Double>> e) {
    observers.evaluator = e;
    return this;
  }

  /**
   * Validation metrics computed on the same epochs as the test metrics (every epoch when early stopping watches
   * them and {@code eval_every = 0}) and at the end.
   */
  public Trainer<D> validator(Function<double[], Map<String, Double>> v) {
    observers.validator = v;
    return this;
  }

  /**
   * Stops early ({@link EarlyStopping}) on the validation metric {@code metric} (its {@code auto} resolved by the
   * caller); needs a {@link #validator} when {@code config} watches validation.
   */
  public Trainer<D> earlyStopping(EarlyStoppingConfig config, String metric) {
    this.earlyStopping = config;
    this.earlyMetric = metric;
    return this;
  }

  public Trainer<D> checkpointer(Checkpointer c) {
    observers.checkpointer = c;
    return this;
  }

  /** Asks the loop to stop at the next round boundary (from a signal handler, say). */
  public void requestStop() {
    stopRequested = true;
  }

  /** The result of {@link #fit}. */
  public record Result(TrainerState state, StopReason stopReason, RoundResult lastRound, String message) {}

  /** A fresh start from {@code initialWeights}. */
  public static TrainerState initialState(double[] initialWeights) {
    return new TrainerState(0, initialWeights.clone(), null, null, 1.0, 0);
  }

  /**
   * Trains on {@code blocks} (one {@link PartitionBlock} per partition, cached) from {@code start} until the
   * configured number of epochs, a divergence, or a stop request.
   */
  public Result fit(JavaRDD<PartitionBlock<D>> blocks, TrainerState start) {
    // issue 9 item 2: executor-side views are keyed by this training and released (in this JVM) when it ends
    ExecutorCaches.Training training = ExecutorCaches.Training.start(sc);
    try {
      return fit(blocks, start, training);
    } finally {
      ExecutorCaches.release(training);
    }
  }

  private Result fit(JavaRDD<PartitionBlock<D>> blocks, TrainerState start, ExecutorCaches.Training training) {
    long t0 = System.nanoTime();
    MiniBatchPlan plan = plan(blocks);
    long roundsPerEpoch = plan.roundsPerEpoch();
    long totalRounds = roundsPerEpoch * config.epochs();
    int depth = chooseDepth(plan);
    LOG.info("training {} examples in {} partitions: {} rounds/epoch x {} epochs, treeAggregate depth {}",
        plan.numExamples(), plan.numPartitions(), roundsPerEpoch, config.epochs(), depth);
    TreeAggregation.describe(plan.numPartitions(), depth);
    boolean exact = optimizerConfig.sparseUpdate() == OptimizerConfig.SparseUpdate.EXACT;
    RoundRunner<D> runner = new RoundRunner<>(sc, model, blocks, plan, config, depth, exact, training);
    DivergenceGuard guard = new DivergenceGuard(config, start.guard());
    StepApplier state = new StepApplier(model, optimizerConfig, start, guard);
    RoundResult last = null;
    if (earlyStopping.watchesValidation() && observers.validator == null) {
      throw new IllegalStateException("early stopping on " + earlyMetric + " needs a validation slice");
    }
    observers.early = new EarlyStopping(earlyStopping, earlyMetric, start.early());
    if (state.round() == 0) observers.checkpoint(state); // a rollback target before the first one due
    while (state.round() < totalRounds) {
      if (stopRequested) {
        observers.checkpoint(state);
        return finish(StopReason.INTERRUPTED, state.current(), last, "stopped on request at round " + state.round());
      }
      long round = state.round();
      long epoch = round / roundsPerEpoch;
      long j = round % roundsPerEpoch;
      sc.setJobDescription("spark-momentum round " + round + " (epoch " + (epoch + 1) + ", batch " + (j + 1) + "/"
          + roundsPerEpoch + ")");
      long c0 = System.nanoTime();
      if (exact) state.catchUp(runner.rowsRead(epoch, j, state.staleRows() > 0));
      long c1 = System.nanoTime();
      RoundRunner.Aggregate agg = runner.run(state.weights(), round, epoch, j);
      long s0 = System.nanoTime();
      StepApplier.Outcome out = state.apply(agg.sum());
      long s1 = System.nanoTime();
      if (out.diverged()) {
        Optional<StepApplier> back = rollback(out.divergence(), round, state, guard);
        if (back.isEmpty()) {
          return finish(StopReason.DIVERGED, state.current(), last,
              "diverged at round " + round + ": " + out.divergence());
        }
        state = back.get();
        runner.forgetRowsRead();
        continue;
      }
      var step = out.step();
      RoundResult r = new RoundResult(round, epoch, out.loss(), step == null ? Double.NaN : step.gradNorm(),
          step == null ? Double.NaN : step.lr(), agg.sum().count, step != null,
          new RoundResult.Timings(ms(agg.broadcastNanos()), agg.computeMs(),
              Math.max(0, ms(agg.aggregateNanos()) - agg.computeMs()),
              ms(s1 - s0) + ms(c1 - c0), agg.leafBytes()), (System.nanoTime() - t0) / 1e9, Map.of());
      last = observers.roundDone(r, state, j == roundsPerEpoch - 1, state.round() == totalRounds);
      StopReason early = observers.stop();
      if (early == StopReason.CONVERGED) {
        return finish(early, observers.snapshot(state), last, "converged at epoch " + (epoch + 1)
            + ": the training loss changed by at most " + earlyStopping.tolerance() + " of the previous epoch's");
      }
      if (early == StopReason.EARLY_STOPPED) {
        return restoreBest(early, state, last, "stopped early at epoch " + (epoch + 1) + ": validation "
            + observers.early.metric() + " did not improve for " + earlyStopping.patience() + " evaluations");
      }
    }
    if (earlyStopping.watchesValidation()) {
      return restoreBest(StopReason.MAX_EPOCHS, state, last, "trained " + config.epochs() + " epochs");
    }
    return finish(StopReason.MAX_EPOCHS, state.current(), last, "trained " + config.epochs() + " epochs");
  }

  /**
   * Ends a run that watched a validation metric with the weights of its best evaluation, evaluated again (test and
   * validation) so that the result's metrics are those of the model returned.
   */
  private Result restoreBest(StopReason reason, StepApplier state, RoundResult last, String message) {
    TrainerState.Early memory = observers.early.memory();
    TrainerState end = state.current().withEarly(memory);
    if (memory.bestWeights() == null || memory.bestRound() == end.round() - 1) return finish(reason, end, last, message);
    double[] best = memory.bestWeights().clone();
    RoundResult evaluated = last;
    if (observers.evaluator != null) evaluated = evaluated.withEvaluation(observers.evaluator.apply(best));
    evaluated = evaluated.withValidation(observers.validator.apply(best));
    return finish(reason, end.withWeights(best), evaluated, message + "; restored the weights of epoch "
        + (memory.bestEpoch() + 1) + " (best validation " + observers.early.metric() + " " + memory.bestValue() + ")");
  }

  /** The plan of the mini-batches, from the partitions' sizes. */
  private MiniBatchPlan plan(JavaRDD<PartitionBlock<D>> blocks) {
    Model<D> m = model;
    List<Long> sizes = blocks.map(b -> (long) m.numExamples(b.data())).collect();
    return new MiniBatchPlan(sizes.stream().mapToLong(Long::longValue).toArray(), config.batchSize(), config.seed());
  }

  /**
   * The state to continue from after a divergence at {@code round}: the checkpoint the guard picks ({@link
   * DivergenceGuard#rollbackTarget}) with half the live rate. The rate scale and the count come from the live state,
   * not the checkpoint, so that diverging again before the next checkpoint keeps halving instead of looping.
   */
  private Optional<StepApplier> rollback(String reason, long round, StepApplier state, DivergenceGuard guard) {
    Optional<TrainerState> back = guard.rollbackTarget(round, state.rollbacks(),
        observers.checkpointing() ? observers.checkpointer : null);
    if (back.isEmpty()) {
      observers.diverged(round, reason, false, Double.NaN);
      return Optional.empty();
    }
    double lrScale = state.lrScale() / 2;
    LOG.warn("round {}: {}; rolling back to round {} with learning rate x{}", round, reason, back.get().round(),
        lrScale);
    observers.diverged(round, reason, true, optimizerConfig.lr() * lrScale);
    return Optional.of(StepApplier.rolledBack(model, optimizerConfig, back.get(), lrScale,
        state.rollbacks() + 1, guard));
  }

  private Result finish(StopReason reason, TrainerState state, RoundResult last, String message) {
    observers.stopped(reason, state);
    return new Result(state, reason, last, message);
  }

  /** {@code trainer.tree_depth}, or 2 unless the partitions' payload would crowd the driver's result size limit. */
  private int chooseDepth(MiniBatchPlan plan) {
    if (config.treeDepth() > 0) return config.treeDepth();
    long perPartition = 8L * model.layout().size();
    long total = perPartition * plan.numPartitions();
    long limit = sc.getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
    int depth = limit > 0 && total > limit / 2 ? 3 : 2;
    LOG.info("treeAggregate depth {}: up to {} MB from {} partitions, spark.driver.maxResultSize {} MB", depth,
        total >> 20, plan.numPartitions(), limit >> 20);
    return depth;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
