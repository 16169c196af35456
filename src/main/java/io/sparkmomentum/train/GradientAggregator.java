package io.sparkmomentum.train;

import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ParameterLayout;
import io.sparkmomentum.model.RowSet;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums one round's loss, example count and gradient over all partitions: {@link #add} computes a partition's part
 * on an executor, {@link #merge} combines partial results. The same object is {@code treeAggregate}'s zero value,
 * {@code seqOp} and {@code combOp}, and runs unchanged in local unit tests.
 *
 * <h2>Bit-exact whatever Spark's merge order</h2>
 * Spark merges task results in the order they finish, and floating-point addition is not associative, so a plain
 * running sum would change in its last bits between runs and under task retries. Here the sum has a fixed shape:
 * the balanced binary tree over partition indices {@code [0, P)}. Each partition's result is a leaf
 * {@link GradientPiece}; two pieces are combined only when they are the two children of a tree node, which makes
 * the final sum a function of the partitions' results alone. Pieces that cannot combine yet travel as they are
 * (they are sparse: only touched rows).
 */
public final class GradientAggregator<D> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Model<D> model;
  private final Weights weights;
  private final MiniBatchPlan plan;
  private final long epoch;
  private final long roundInEpoch;
  private final TreeMap<Integer, GradientPiece> pieces = new TreeMap<>();
  private boolean reportNextRows;
  private boolean narrow;
  private long maxComputeNanos;
  private long leafPayload;

  public GradientAggregator(Model<D> model, Weights weights, MiniBatchPlan plan, long epoch, long roundInEpoch) {
    this.model = model;
    this.weights = weights;
    this.plan = plan;
    this.epoch = epoch;
    this.roundInEpoch = roundInEpoch;
  }

  /**
   * Also report, with each partition's piece, the rows that the partition's part of the NEXT round reads
   * ({@link GradientPiece#nextRows()}): {@code sparse_update = exact} brings exactly those up to date before it.
   */
  public GradientAggregator<D> reportingNextRows() {
    reportNextRows = true;
    return this;
  }

  /** Send each partition's gradient rounded to float32 ({@code trainer.transfer_precision = float}). */
  public GradientAggregator<D> narrowingToFloat() {
    narrow = true;
    return this;
  }

  /**
   * Computes partition {@code block}'s summed loss and gradient over its part of this round's mini-batch.
   *
   * <p>The per-thread buffer goes back to {@link BufferCache} only after a kernel that returned normally, cleared.
   * A kernel that throws may have added values to rows it had not yet marked touched, which {@link
   * GradientBuffer#clear()} (touched rows only) would miss; that buffer is dropped, so the retry and every later
   * task on the thread start from zeros.
   */
  public GradientAggregator<D> add(PartitionBlock<D> block) {
    int p = block.partition();
    TaskFaults.maybeFail(p, epoch, roundInEpoch, plan.roundsPerEpoch());
    int n = model.numExamples(block.data());
    var selection = plan.selection(p, n, epoch, roundInEpoch);
    long t0 = System.nanoTime();
    GradientBuffer buf = BufferCache.borrow(model.layout());
    double loss = model.addLossGradient(weights.get(), block.data(), selection, buf); // throws: buf is dropped
    try {
      GradientPiece piece = GradientPiece.of(p, loss, selection.size(), buf);
      if (reportNextRows) piece.nextRows = nextRows(block, n);
      if (narrow) piece.narrow();
      leafPayload += piece.payloadBytes();
      insert(piece);
      maxComputeNanos = Math.max(maxComputeNanos, System.nanoTime() - t0);
    } finally {
      buf.clear(); // every value the kernel wrote is in a touched row
      BufferCache.release(buf);
    }
    return this;
  }

  private int[] nextRows(PartitionBlock<D> block, int n) {
    boolean epochEnd = roundInEpoch + 1 == plan.roundsPerEpoch();
    var next = plan.selection(block.partition(), n, epochEnd ? epoch + 1 : epoch, epochEnd ? 0 : roundInEpoch + 1);
    RowSet rows = new RowSet(model.layout().numRows());
    model.markRowsRead(block.data(), next, rows);
    return rows.sorted();
  }

  /** Adds another aggregator's pieces into this one. */
  public GradientAggregator<D> merge(GradientAggregator<D> other) {
    for (GradientPiece piece : other.pieces.values()) insert(piece);
    maxComputeNanos = Math.max(maxComputeNanos, other.maxComputeNanos);
    leafPayload += other.leafPayload;
    return this;
  }

  private void insert(GradientPiece piece) {
    ParameterLayout layout = model.layout();
    GradientPiece cur = piece;
    while (true) {
      if (pieces.containsKey(cur.lo)) {
        throw new IllegalStateException("partition range [" + cur.lo + "," + cur.hi + ") counted twice");
      }
      int[] sib = sibling(cur.lo, cur.hi, plan.numPartitions());
      GradientPiece other = sib == null ? null : pieces.get(sib[0]);
      if (other == null || other.hi != sib[1]) {
        pieces.put(cur.lo, cur);
        return;
      }
      pieces.remove(sib[0]);
      cur = cur.lo < other.lo ? GradientPiece.combine(cur, other, layout) : GradientPiece.combine(other, cur, layout);
    }
  }

  /** The sibling {@code [lo, hi)} of node {@code [a, b)} in the balanced tree over {@code [0, p)}, or null at root. */
  static int[] sibling(int a, int b, int p) {
    int lo = 0;
    int hi = p;
    while (true) {
      if (lo == a && hi == b) return null;
      int mid = (lo + hi) >>> 1;
      if (b <= mid) {
        if (lo == a && mid == b) return new int[] {mid, hi};
        hi = mid;
      } else if (a >= mid) {
        if (mid == a && hi == b) return new int[] {lo, mid};
        lo = mid;
      } else {
        throw new IllegalStateException("[" + a + "," + b + ") is not a node of the tree over [0," + p + ")");
      }
    }
  }

  /** The complete round: every partition summed. Fails if a partition is missing. */
  public GradientPiece result() {
    if (pieces.size() != 1) throw new IllegalStateException("incomplete aggregation: " + pieces.values());
    Map.Entry<Integer, GradientPiece> e = pieces.firstEntry();
    GradientPiece root = e.getValue().unpack(model.layout()).widen();
    if (root.lo != 0 || root.hi != plan.numPartitions()) throw new IllegalStateException("incomplete: " + root);
    return root;
  }

  /** Milliseconds of the slowest partition's gradient computation. */
  public double computeMs() {
    return maxComputeNanos / 1e6;
  }

  /** Bytes sent by all partitions (sum of their sparse payloads). */
  public long leafPayloadBytes() {
    return leafPayload;
  }

  /** Doubles currently held (the payload of this aggregator when it is serialized). */
  public long payload() {
    long s = 0;
    for (GradientPiece piece : pieces.values()) s += piece.payload();
    return s;
  }

  /** Packs the dense pieces held for the trip to the next level or the driver (see {@link GradientPiece#pack}). */
  GradientAggregator<D> packForTransport() {
    for (GradientPiece piece : pieces.values()) piece.pack(model.layout());
    return this;
  }

  /** Number of pieces (tree nodes) held: 1 once complete, more while parts of the tree are still missing. */
  public int pieceCount() {
    return pieces.size();
  }

  /** The lowest partition covered by a held piece, or -1 when none is held yet. */
  int lowestPartition() {
    return pieces.isEmpty() ? -1 : pieces.firstKey();
  }

  /** Bytes of the pieces held, as they travel: values, row indices and reported next rows. */
  public long wireBytes() {
    long s = 0;
    for (GradientPiece piece : pieces.values()) s += piece.wireBytes();
    return s;
  }

  public ParameterLayout layout() {
    return model.layout();
  }
}
