package io.sparkmomentum.train;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ParameterLayout;
import io.sparkmomentum.model.RowSet;
import io.sparkmomentum.optim.GradientAccumulator;
import io.sparkmomentum.optim.MomentumSgd;
import io.sparkmomentum.optim.RowMap;
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
    RowMap rows = rowMap(model.layout());
    boolean sparse = optimizerConfig.sparseUpdate() != OptimizerConfig.SparseUpdate.DENSE;
    boolean exact = optimizerConfig.sparseUpdate() == OptimizerConfig.SparseUpdate.EXACT;
    boolean rowBroadcast = config.broadcast() == TrainerConfig.BroadcastMode.AUTO && !plan.fullBatch();
    boolean narrow = config.transferPrecision() == TrainerConfig.Precision.FLOAT;
    int[] allRows = java.util.stream.IntStream.range(0, rows.numRows()).toArray();
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
        return finish(StopReason.INTERRUPTED, loop.current(), last, "stopped on request at round " + loop.round);
      }
      long round = loop.round;
      long epoch = round / roundsPerEpoch;
      long j = round % roundsPerEpoch;
      sc.setJobDescription("spark-momentum round " + round + " (epoch " + (epoch + 1) + ", batch " + (j + 1) + "/"
          + roundsPerEpoch + ")");
      long c0 = System.nanoTime();
      if (exact) {
        if (loop.rowsRead == null && loop.optimizer.staleRows() > 0) {
          loop.rowsRead = rowsRead(blocks, plan, epoch, j); // after a restore: rows of this round not yet known
        }
        if (loop.rowsRead != null) loop.optimizer.catchUp(loop.weights, loop.rowsRead, rows);
      }
      long b0 = System.nanoTime();
      boolean rowsOnly = rowBroadcast && loop.rowsRead != null
          && RowBroadcast.width(loop.rowsRead, model.layout()) * 2 < n;
      Broadcast<?> bc;
      Weights weights;
      if (rowsOnly || narrow) {
        Broadcast<RowBroadcast.Runs> runs = sc.broadcast(RowBroadcast.Runs.pack(loop.weights,
            rowsOnly ? loop.rowsRead : allRows, model.layout(), narrow));
        bc = runs;
        weights = new RowBroadcast(runs, training); // issue 9 item 2: keyed by training
      } else {
        Broadcast<double[]> all = sc.broadcast(loop.weights);
        bc = all;
        weights = new BroadcastWeights(all);
      }
      long b1 = System.nanoTime();
      GradientAggregator<D> agg;
      try {
        GradientAggregator<D> zero = new GradientAggregator<>(model, weights, plan, epoch, j);
        if (exact || rowBroadcast) zero.reportingNextRows();
        if (narrow) zero.narrowingToFloat();
        agg = TreeAggregation.run(blocks, zero, depth);
      } finally {
        bc.destroy();
      }
      long b2 = System.nanoTime();
      GradientPiece sum = agg.result();
      if (exact || rowBroadcast) loop.rowsRead = sum.nextRows();
      if (rowBroadcast && !exact && RowBroadcast.width(loop.rowsRead, model.layout()) * 4 >= 3L * n) {
        // the batches read most rows: full broadcasts from now on, and no more row reports to compute
        LOG.info("round {} reads {} of {} rows: broadcasting all weights from now on", round, loop.rowsRead.length,
            rows.numRows());
        rowBroadcast = false;
        loop.rowsRead = null;
      }
      double loss = sum.count == 0 ? 0 : sum.loss / sum.count;
      MomentumSgd.StepReport step = null;
      String divergence = null;
      // The mean gradient lives in a reused buffer that is zero outside the rows being accumulated, so the driver's
      // work before the step is proportional to the rows touched, in every mode.
      int[] roundRows = sum.rows() != null ? sum.rows() : allRows;
      sum.meanInto(loop.mean, model.layout());
      loop.touched.addAll(roundRows);
      boolean due;
      double stepLoss = loss;
      if (loop.accumulator.steps() == 1) {
        due = true; // nothing to average: skip the accumulator's two dense passes
      } else {
        due = loop.accumulator.add(loop.mean, loss);
        if (due) {
          stepLoss = loop.accumulator.take(loop.mean);
        } else {
          clearRows(loop.mean, roundRows);
        }
      }
      if (due) {
        int[] touched = loop.touched.sorted();
        double norm = norm2(loop.mean, touched); // = the dense norm: the other entries are exact zeros
        divergence = divergence(stepLoss, norm, recent);
        if (divergence == null) {
          step = sparse ? loop.optimizer.step(loop.weights, loop.mean, touched, rows)
              : loop.optimizer.step(loop.weights, loop.mean);
        }
        clearRows(loop.mean, touched);
        loop.touched.clear();
      }
      long b3 = System.nanoTime();
      if (divergence != null) {
        Optional<TrainerState> back = rollback(divergence, round, loop.lrScale, loop.rollbacks);
        if (back.isEmpty()) {
          return finish(StopReason.DIVERGED, loop.current(), last, "diverged at round " + round + ": " + divergence);
        }
        loop = new Loop(back.get(), n);
        recent.clear();
        continue;
      }
      loop.round++;
      RoundResult r = new RoundResult(round, epoch, loss, step == null ? Double.NaN : step.gradNorm(),
          step == null ? Double.NaN : step.lr(), sum.count, step != null,
          new RoundResult.Timings(ms(b1 - b0), agg.computeMs(), Math.max(0, ms(b2 - b1) - agg.computeMs()),
              ms(b3 - b2) + ms(b0 - c0), agg.leafPayloadBytes()), (System.nanoTime() - t0) / 1e9, Map.of());
      boolean epochEnd = j == roundsPerEpoch - 1;
      boolean lastRound = loop.round == totalRounds;
      if (evaluator != null && epochEnd && (lastRound || (evalEvery > 0 && (epoch + 1) % evalEvery == 0))) {
        r = r.withEvaluation(evaluator.apply(loop.current().weights()));
      }
      last = r;
      TrainerState snap = null;
      if (checkpointer != null && config.checkpointEvery() > 0 && loop.round % config.checkpointEvery() == 0) {
        snap = loop.snapshot();
        checkpointer.save(snap);
      }
      for (TrainingListener l : listeners) l.onRound(r, snap != null ? snap : loop.view());
    }
    return finish(StopReason.MAX_EPOCHS, loop.current(), last, "trained " + config.epochs() + " epochs");
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

  /** The rows that round {@code (epoch, j)} reads in every partition (a small job; used after a restore). */
  private int[] rowsRead(JavaRDD<PartitionBlock<D>> blocks, MiniBatchPlan plan, long epoch, long j) {
    Model<D> m = model;
    List<int[]> parts = blocks.map(b -> {
      RowSet set = new RowSet(m.layout().numRows());
      m.markRowsRead(b.data(), plan.selection(b.partition(), m.numExamples(b.data()), epoch, j), set);
      return set.sorted();
    }).collect();
    int[] all = new int[0];
    for (int[] p : parts) all = GradientPiece.union(all, p);
    return all;
  }

  static RowMap rowMap(ParameterLayout layout) {
    return new RowMap() {
      @Override
      public int numRows() {
        return layout.numRows();
      }

      @Override
      public int start(int row) {
        return layout.rowOffset(row);
      }

      @Override
      public int width(int row) {
        return layout.rowWidth(row);
      }
    };
  }

  /** The norm over the given rows, in increasing index order: the dense norm when the rest is zero. */
  private double norm2(double[] g, int[] rowIds) {
    ParameterLayout layout = model.layout();
    double s = 0;
    for (int r : rowIds) {
      for (int j = layout.rowOffset(r), e = j + layout.rowWidth(r); j < e; j++) s += g[j] * g[j];
    }
    return Math.sqrt(s);
  }

  private void clearRows(double[] g, int[] rowIds) {
    ParameterLayout layout = model.layout();
    for (int r : rowIds) java.util.Arrays.fill(g, layout.rowOffset(r), layout.rowOffset(r) + layout.rowWidth(r), 0);
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
    /** The step's mean gradient, kept at zero outside the rows being accumulated. */
    final double[] mean;
    /** Rows touched by the rounds accumulated so far. */
    final RowSet touched;
    /** The rows the next round reads (from the previous round's pieces; exact or row broadcasts), or null. */
    int[] rowsRead;

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
      mean = new double[n];
      touched = new RowSet(model.layout().numRows());
      if (s.accumulator() != null && s.accumulator().count() > 0) {
        double[] sum = s.accumulator().sum(); // a resumed accumulation: its rows are the nonzero ones
        ParameterLayout layout = model.layout();
        for (int r = 0; r < layout.numRows(); r++) {
          for (int j = layout.rowOffset(r), e = j + layout.rowWidth(r); j < e; j++) {
            if (sum[j] != 0) {
              touched.add(r);
              break;
            }
          }
        }
      }
    }

    /** The state as it is; with {@code sparse_update = exact} rows may be behind (their steps are in the state). */
    TrainerState snapshot() {
      return new TrainerState(round, weights.clone(), optimizer.state(), accumulator.state(), lrScale, rollbacks);
    }

    /**
     * The state with every row up to date: what evaluation, the final model and a caller see. Computed on copies,
     * so the live loop (and hence every later bit) is the same whether or not anyone asked.
     */
    TrainerState current() {
      TrainerState raw = snapshot();
      if (optimizer.staleRows() == 0) return raw;
      MomentumSgd copy = new MomentumSgd(optimizer.config(), raw.weights().length);
      copy.restore(raw.optimizer());
      double[] w = raw.weights();
      copy.catchUpAll(w, rowMap(model.layout()));
      return new TrainerState(round, w, copy.state(), raw.accumulator(), lrScale, rollbacks);
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
