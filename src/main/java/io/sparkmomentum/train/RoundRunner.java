package io.sparkmomentum.train;

import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.RowSet;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the distributed half of a round: broadcasts the weights, has every partition compute its part of the
 * round's gradient ({@link GradientAggregator#add}) and sums the parts in the fixed tree ({@link TreeAggregation}).
 *
 * <h2>The broadcast strategy</h2>
 * <ul>
 *   <li><b>full</b>: the whole {@code double[]} (full batch, {@code trainer.broadcast = full}, or when a round reads
 *       most rows);</li>
 *   <li><b>rows</b>: only the rows the round reads ({@link RowBroadcast}), when they are under half of the
 *       parameters; the rows come from the previous round, whose partitions also reported the rows that their part of
 *       the next round reads ({@link GradientPiece#nextRows()});</li>
 *   <li><b>float32</b>: either of the above rounded to float ({@code trainer.transfer_precision = float}); the
 *       gradients then travel as float32 too.</li>
 * </ul>
 * The weights a task reads are the same under full and row broadcasts, so the result is too.
 *
 * <h2>The rows the next round reads</h2>
 * Known after each round when the partitions report them (row broadcasts, or {@code sparse_update = exact}, which
 * brings exactly those rows up to date before the round). After a restore they are not known yet; {@link #rowsRead}
 * then runs a small job that marks them.
 */
final class RoundRunner<D> {
  private static final Logger LOG = LoggerFactory.getLogger(RoundRunner.class);

  private final JavaSparkContext sc;
  private final Model<D> model;
  private final JavaRDD<PartitionBlock<D>> blocks;
  private final MiniBatchPlan plan;
  private final int depth;
  private final boolean exact;
  private final boolean narrow;
  private final int numParams;
  private final int[] allRows;
  /** Row broadcasts are on (turned off for good once a round reads most rows). */
  private boolean rowBroadcast;
  /** The rows the next round reads, when known; else null. */
  private int[] rowsRead;
  private final ExecutorCaches.Training training;

  /** What the aggregation returned, and what it cost. */
  record Aggregate(GradientPiece sum, long broadcastNanos, long aggregateNanos, double computeMs, long leafBytes) {}

  /**
   * @param exact {@code sparse_update = exact}: every round reports the rows its successor reads
   * @param training keys this training's executor-side weight views ({@link ExecutorCaches})
   */
  RoundRunner(JavaSparkContext sc, Model<D> model, JavaRDD<PartitionBlock<D>> blocks, MiniBatchPlan plan,
      TrainerConfig config, int depth, boolean exact, ExecutorCaches.Training training) {
    this.sc = sc;
    this.training = training;
    this.model = model;
    this.blocks = blocks;
    this.plan = plan;
    this.depth = depth;
    this.exact = exact;
    this.narrow = config.transferPrecision() == TrainerConfig.Precision.FLOAT;
    this.rowBroadcast = config.broadcast() == TrainerConfig.BroadcastMode.AUTO && !plan.fullBatch();
    this.numParams = model.layout().size();
    this.allRows = IntStream.range(0, model.layout().numRows()).toArray();
  }

  /**
   * The rows round {@code (epoch, j)} reads: as reported by the previous round, else (when {@code needed}) from a
   * small job, else null.
   */
  int[] rowsRead(long epoch, long j, boolean needed) {
    if (rowsRead == null && needed) rowsRead = markRowsRead(epoch, j);
    return rowsRead;
  }

  /** After a rollback: the rows the next round reads are not known. */
  void forgetRowsRead() {
    rowsRead = null;
  }

  /** Broadcasts {@code weights}, computes round {@code (epoch, j)} on the partitions and sums it in the tree. */
  Aggregate run(double[] weights, long round, long epoch, long j) {
    long b0 = System.nanoTime();
    boolean rowsOnly = rowBroadcast && rowsRead != null && RowBroadcast.width(rowsRead, model.layout()) * 2 < numParams;
    Broadcast<?> bc;
    Weights view;
    if (rowsOnly || narrow) {
      Broadcast<RowBroadcast.Runs> runs = sc.broadcast(RowBroadcast.Runs.pack(weights, rowsOnly ? rowsRead : allRows,
          model.layout(), narrow));
      bc = runs;
      view = new RowBroadcast(runs, training);
    } else {
      Broadcast<double[]> all = sc.broadcast(weights);
      bc = all;
      view = Weights.of(all);
    }
    long b1 = System.nanoTime();
    GradientAggregator<D> agg;
    try {
      GradientAggregator<D> zero = new GradientAggregator<>(model, view, plan, epoch, j);
      if (exact || rowBroadcast) zero.reportingNextRows();
      if (narrow) zero.narrowingToFloat();
      agg = TreeAggregation.run(blocks, zero, depth);
    } finally {
      bc.destroy();
    }
    long b2 = System.nanoTime();
    GradientPiece sum = agg.result();
    if (exact || rowBroadcast) rowsRead = sum.nextRows();
    if (rowBroadcast && !exact && RowBroadcast.width(rowsRead, model.layout()) * 4 >= 3L * numParams) {
      // the batches read most rows: full broadcasts from now on, and no more row reports to compute
      LOG.info("round {} reads {} of {} rows: broadcasting all weights from now on", round, rowsRead.length,
          allRows.length);
      rowBroadcast = false;
      rowsRead = null;
    }
    return new Aggregate(sum, b1 - b0, b2 - b1, agg.computeMs(), agg.leafPayloadBytes());
  }

  /** The rows that round {@code (epoch, j)} reads in every partition (a small job; used after a restore). */
  private int[] markRowsRead(long epoch, long j) {
    Model<D> m = model;
    MiniBatchPlan p = plan;
    List<int[]> parts = blocks.map(b -> {
      RowSet set = new RowSet(m.layout().numRows());
      m.markRowsRead(b.data(), p.selection(b.partition(), m.numExamples(b.data()), epoch, j), set);
      return set.sorted();
    }).collect();
    int[] all = new int[0];
    for (int[] part : parts) all = GradientPiece.union(all, part);
    return all;
  }

}
