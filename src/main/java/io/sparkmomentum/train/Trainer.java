package io.sparkmomentum.train;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.optim.GradientAccumulator;
import io.sparkmomentum.optim.MomentumSgd;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-parallel training loop. One round:
 * <ol>
 *   <li>the driver broadcasts the weights (never captured in a closure; the broadcast is destroyed after the round);</li>
 *   <li>each partition computes the summed loss and gradient of its part of the round's mini-batch
 *       ({@link GradientAggregator#add});</li>
 *   <li>{@code treeAggregate} sums the partitions on the driver in a fixed tree ({@link GradientAggregator#merge});</li>
 *   <li>the driver divides by the example count, accumulates {@code accumulation_steps} rounds, and</li>
 *   <li>takes one {@link MomentumSgd} step.</li>
 * </ol>
 * The result depends only on the config, the seed and the data: never on task timing or retries.
 */
public final class Trainer<D> {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final JavaSparkContext sc;
  private final Model<D> model;
  private final OptimizerConfig optimizerConfig;
  private final TrainerConfig config;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private Function<double[], Map<String, Double>> evaluator;
  private Checkpointer checkpointer;
  private volatile boolean stopRequested;
  private long lastRollbackTarget = -1;

  public Trainer(JavaSparkContext sc, Model<D> model, OptimizerConfig optimizerConfig, TrainerConfig config) {
    this.sc = sc;
    this.model = model;
    this.optimizerConfig = optimizerConfig;
    this.config = config;
  }

  public Trainer<D> listener(TrainingListener l) {
    listeners.add(l);
    return this;
  }

  /** Test metrics computed every {@code eval_every} epochs and at the end. */
  public Trainer<D> evaluator(Function<double[], Map<String, Double>> e) {
    this.evaluator = e;
    return this;
  }

  public Trainer<D> checkpointer(Checkpointer c) {
    this.checkpointer = c;
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
    long t0 = System.nanoTime();
    Model<D> m = model;
    List<Long> sizes = blocks.map(b -> (long) m.numExamples(b.data())).collect();
    long[] partitionSizes = sizes.stream().mapToLong(Long::longValue).toArray();
    MiniBatchPlan plan = new MiniBatchPlan(partitionSizes, config.batchSize(), config.seed());
    long roundsPerEpoch = plan.roundsPerEpoch();
    long totalRounds = roundsPerEpoch * config.epochs();
    int depth = chooseDepth(plan);
    LOG.info("training {} examples in {} partitions: {} rounds/epoch x {} epochs, treeAggregate depth {}",
        plan.numExamples(), plan.numPartitions(), roundsPerEpoch, config.epochs(), depth);
    TreeAggregation.describe(plan.numPartitions(), depth);

    int n = model.layout().size();
    Loop loop = new Loop(start, n);
    ArrayDeque<Double> recent = new ArrayDeque<>();
    RoundResult last = null;
    long evalEvery = config.evalEvery();
    if (checkpointer != null && config.checkpointEvery() > 0 && loop.round == 0) {
      checkpointer.save(loop.snapshot()); // a rollback target before the first scheduled checkpoint
    }
    while (loop.round < totalRounds) {
      if (stopRequested) {
        TrainerState snap = loop.snapshot();
        if (checkpointer != null && config.checkpointEvery() > 0) checkpointer.save(snap);
        return finish(StopReason.INTERRUPTED, snap, last, "stopped on request at round " + loop.round);
      }
      long round = loop.round;
      long epoch = round / roundsPerEpoch;
      long j = round % roundsPerEpoch;
      sc.setJobDescription("spark-momentum round " + round + " (epoch " + (epoch + 1) + ", batch " + (j + 1) + "/"
          + roundsPerEpoch + ")");
      long b0 = System.nanoTime();
      Broadcast<double[]> bc = sc.broadcast(loop.weights);
      long b1 = System.nanoTime();
      GradientAggregator<D> agg;
      try {
        GradientAggregator<D> zero = new GradientAggregator<>(model, new BroadcastWeights(bc), plan, epoch, j);
        agg = TreeAggregation.run(blocks, zero, depth);
      } finally {
        bc.destroy();
      }
      long b2 = System.nanoTime();
      GradientPiece sum = agg.result();
      double loss = sum.count == 0 ? 0 : sum.loss / sum.count;
      double[] mean = sum.meanDense(model.layout());
      boolean due = loop.accumulator.add(mean, loss);
      MomentumSgd.StepReport step = null;
      String divergence = null;
      if (due) {
        double stepLoss = loop.accumulator.take(mean);
        double norm = io.sparkmomentum.optim.Vectors.norm2(mean);
        divergence = divergence(stepLoss, norm, recent);
        if (divergence == null) step = loop.optimizer.step(loop.weights, mean);
      }
      long b3 = System.nanoTime();
      if (divergence != null) {
        Optional<TrainerState> back = rollback(divergence, round, loop.lrScale, loop.rollbacks);
        if (back.isEmpty()) {
          return finish(StopReason.DIVERGED, loop.snapshot(), last, "diverged at round " + round + ": " + divergence);
        }
        loop = new Loop(back.get(), n);
        recent.clear();
        continue;
      }
      loop.round++;
      RoundResult r = new RoundResult(round, epoch, loss, step == null ? Double.NaN : step.gradNorm(),
          step == null ? Double.NaN : step.lr(), sum.count, step != null,
          new RoundResult.Timings(ms(b1 - b0), agg.computeMs(), Math.max(0, ms(b2 - b1) - agg.computeMs()),
              ms(b3 - b2), 8 * agg.leafPayload()), (System.nanoTime() - t0) / 1e9, Map.of());
      boolean epochEnd = j == roundsPerEpoch - 1;
      boolean lastRound = loop.round == totalRounds;
      if (evaluator != null && epochEnd && (lastRound || (evalEvery > 0 && (epoch + 1) % evalEvery == 0))) {
        r = r.withEvaluation(evaluator.apply(loop.weights));
      }
      last = r;
      TrainerState snap = null;
      if (checkpointer != null && config.checkpointEvery() > 0 && loop.round % config.checkpointEvery() == 0) {
        snap = loop.snapshot();
        checkpointer.save(snap);
      }
      for (TrainingListener l : listeners) l.onRound(r, snap != null ? snap : loop.view());
    }
    return finish(StopReason.MAX_EPOCHS, loop.snapshot(), last, "trained " + config.epochs() + " epochs");
  }

  private Result finish(StopReason reason, TrainerState state, RoundResult last, String message) {
    for (TrainingListener l : listeners) l.onStop(reason, state);
    return new Result(state, reason, last, message);
  }

  /** Null when healthy, else why the step counts as diverged. */
  private String divergence(double loss, double gradNorm, ArrayDeque<Double> recent) {
    if (!Double.isFinite(loss)) return "loss is " + loss;
    if (!Double.isFinite(gradNorm)) return "gradient norm is " + gradNorm;
    double min = recent.stream().mapToDouble(Double::doubleValue).min().orElse(Double.POSITIVE_INFINITY);
    if (loss > config.divergenceFactor() * min && min > 0) {
      return "loss " + loss + " is more than " + config.divergenceFactor() + "x the recent minimum " + min;
    }
    recent.addLast(loss);
    if (recent.size() > 50) recent.removeFirst();
    return null;
  }

  /**
   * The state to continue from after a divergence: the newest checkpoint at least one checkpoint interval before
   * the divergence (a checkpoint just before it may already hold exploding but finite weights), and no newer than
   * the previous rollback's target when the run diverges again within four intervals of it, with half the current
   * rate; empty when rollbacks are off or used up. The rate scale and count come from the live loop, not the checkpoint, so that
   * diverging again before the next checkpoint keeps halving instead of looping.
   */
  private Optional<TrainerState> rollback(String reason, long round, double lrScale, int rollbacks) {
    boolean can = config.onDivergence() == TrainerConfig.OnDivergence.ROLLBACK && checkpointer != null
        && rollbacks < config.maxRollbacks();
    long limit = round - config.checkpointEvery();
    if (lastRollbackTarget >= 0 && round - lastRollbackTarget < 4L * config.checkpointEvery()) {
      limit = Math.min(limit, lastRollbackTarget); // diverged again soon: checkpoints since then are suspect
    }
    Optional<TrainerState> back = can ? checkpointer.atOrBefore(limit) : Optional.empty();
    if (back.isEmpty()) {
      for (TrainingListener l : listeners) l.onDivergence(round, reason, false, Double.NaN);
      return Optional.empty();
    }
    TrainerState s = back.get();
    lastRollbackTarget = s.round();
    TrainerState halved = new TrainerState(s.round(), s.weights(), s.optimizer(), s.accumulator(), lrScale / 2,
        rollbacks + 1);
    LOG.warn("round {}: {}; rolling back to round {} with learning rate x{}", round, reason, s.round(),
        halved.lrScale());
    for (TrainingListener l : listeners) l.onDivergence(round, reason, true, optimizerConfig.lr() * halved.lrScale());
    return Optional.of(halved);
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

  /** The mutable loop state on the driver. */
  private final class Loop {
    long round;
    final double[] weights;
    final MomentumSgd optimizer;
    final GradientAccumulator accumulator;
    final double lrScale;
    final int rollbacks;

    Loop(TrainerState s, int n) {
      if (s.weights().length != n) {
        throw new IllegalArgumentException("state has " + s.weights().length + " weights, model needs " + n);
      }
      round = s.round();
      weights = s.weights().clone();
      lrScale = s.lrScale();
      rollbacks = s.rollbacks();
      OptimizerConfig oc = lrScale == 1.0 ? optimizerConfig : optimizerConfig.withLr(optimizerConfig.lr() * lrScale);
      optimizer = new MomentumSgd(oc, n);
      if (s.optimizer() != null) optimizer.restore(s.optimizer());
      accumulator = new GradientAccumulator(optimizerConfig.accumulationSteps(), n);
      if (s.accumulator() != null) accumulator.restore(s.accumulator());
    }

    TrainerState snapshot() {
      return new TrainerState(round, weights.clone(), optimizer.state(), accumulator.state(), lrScale, rollbacks);
    }

    /** A state that shares the live weights: for listeners that only read. */
    TrainerState view() {
      return new TrainerState(round, weights, null, null, lrScale, rollbacks);
    }
  }

  /** Reads the round's weights from the broadcast on the executor. */
  private static final class BroadcastWeights implements Weights {
    private static final long serialVersionUID = 1L;
    private final Broadcast<double[]> bc;

    BroadcastWeights(Broadcast<double[]> bc) {
      this.bc = bc;
    }

    @Override
    public double[] get() {
      return bc.value();
    }
  }
}
