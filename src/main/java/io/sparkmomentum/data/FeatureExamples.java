package io.sparkmomentum.data;

import io.sparkmomentum.data.source.FeatureChunk;
import io.sparkmomentum.data.source.ReadReport;
import io.sparkmomentum.data.source.SourceErrors;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.train.PartitionBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Turns labelled feature rows read on the executors ({@link FeatureChunk}s) into the trainer's cached
 * {@link FeatureRows} blocks, as {@link RatingExamples} does for ratings: each row goes to the partition of a hash of
 * its content (label, weight, features), and each block is sorted by (hash, content). The blocks therefore depend
 * only on the multiset of rows, not on the input's format, file splitting or master.
 */
public final class FeatureExamples {
  private FeatureExamples() {}

  /**
   * Counts and label statistics of built blocks, and the feature count (the largest of the chunks' {@code dim}).
   */
  public record Stats(long count, double labelSum, float minLabel, float maxLabel, int dim) implements Serializable {
    Stats plus(Stats o) {
      return new Stats(count + o.count, labelSum + o.labelSum, Math.min(minLabel, o.minLabel),
          Math.max(maxLabel, o.maxLabel), Math.max(dim, o.dim));
    }

    public double meanLabel() {
      return count == 0 ? Double.NaN : labelSum / count;
    }
  }

  /** Built blocks with their statistics. */
  public record Blocks(JavaRDD<PartitionBlock<FeatureRows>> rdd, Stats stats) {
    public void unpersist() {
      rdd.unpersist(false);
    }
  }

  /** The merged reports of every chunk (an action: bad input surfaces here). */
  public static ReadReport report(JavaRDD<FeatureChunk> chunks) {
    return ReadReport.mergeAll(SourceErrors.unwrap(() -> chunks.map(FeatureChunk::report).collect())).orThrow();
  }

  /** The content hash of row {@code r}: label, weight, then every (index, value) in order. */
  static long rowHash(FeatureChunk c, int r) {
    long h = ExampleHash.mix64(0x2545F4914F6CDD1DL ^ Float.floatToIntBits(c.labels()[r]));
    if (c.weights() != null) h = ExampleHash.mix64(h + Float.floatToIntBits(c.weights()[r]));
    int from = c.sparse() ? c.rowPtr()[r] : r * c.dim();
    int to = c.sparse() ? c.rowPtr()[r + 1] : (r + 1) * c.dim();
    for (int k = from; k < to; k++) {
      int idx = c.sparse() ? c.indices()[k] : k - from;
      h = ExampleHash.mix64(h + ((long) idx << 32 | (Float.floatToIntBits(c.values()[k]) & 0xffffffffL)));
    }
    return h;
  }

  /** The blocks of {@code chunks} in {@code partitions} partitions, with {@code dim} features (0: the chunks'). */
  public static Blocks build(JavaSparkContext sc, JavaRDD<FeatureChunk> chunks, int partitions, int dim,
      String name) {
    JavaRDD<Built> built = chunks.mapPartitionsToPair(new ToPieces(partitions))
        .partitionBy(new RatingExamples.ByIndex(partitions))
        .mapPartitionsWithIndex(new BuildBlock(dim), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<Built> parts = SourceErrors.unwrap(() -> built.map(Built::withoutBlock).collect());
    Stats stats = new Stats(0, 0, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, dim);
    for (Built b : parts.stream().sorted(Comparator.comparingInt(Built::partition)).toList()) {
      stats = stats.plus(b.stats);
    }
    JavaRDD<PartitionBlock<FeatureRows>> blocks = built.map(Built::block).setName(name + " (" + stats.count()
        + " rows in " + partitions + " blocks)");
    RatingBlocks.cache(sc, blocks);
    built.unpersist(false);
    return new Blocks(blocks, stats);
  }

  /** One partition's block and statistics. */
  public record Built(int partition, PartitionBlock<FeatureRows> block, Stats stats) implements Serializable {
    Built withoutBlock() {
      return new Built(partition, null, stats);
    }
  }

  /** Cuts each chunk into one piece (a {@link FeatureChunk} of its rows) per target partition. */
  private record ToPieces(int partitions) implements PairFlatMapFunction<Iterator<FeatureChunk>, Integer,
      FeatureChunk> {
    @Override
    public Iterator<Tuple2<Integer, FeatureChunk>> call(Iterator<FeatureChunk> it) {
      List<Tuple2<Integer, FeatureChunk>> out = new ArrayList<>();
      while (it.hasNext()) {
        FeatureChunk c = it.next();
        List<List<Integer>> rows = new ArrayList<>();
        for (int p = 0; p < partitions; p++) rows.add(new ArrayList<>());
        for (int r = 0; r < c.size(); r++) {
          rows.get((int) Math.floorMod(rowHash(c, r), (long) partitions)).add(r);
        }
        for (int p = 0; p < partitions; p++) {
          if (!rows.get(p).isEmpty()) out.add(new Tuple2<>(p, select(c, rows.get(p))));
        }
      }
      return out.iterator();
    }
  }

  /** The rows {@code rs} of {@code c}, in that order, as a chunk. */
  static FeatureChunk select(FeatureChunk c, List<Integer> rs) {
    int n = rs.size();
    float[] labels = new float[n];
    float[] weights = c.weights() == null ? null : new float[n];
    int nnz = 0;
    for (int r : rs) nnz += c.sparse() ? c.rowPtr()[r + 1] - c.rowPtr()[r] : c.dim();
    int[] ptr = c.sparse() ? new int[n + 1] : null;
    int[] idx = c.sparse() ? new int[nnz] : null;
    float[] vals = new float[nnz];
    int at = 0;
    for (int k = 0; k < n; k++) {
      int r = rs.get(k);
      labels[k] = c.labels()[r];
      if (weights != null) weights[k] = c.weights()[r];
      int from = c.sparse() ? c.rowPtr()[r] : r * c.dim();
      int len = c.sparse() ? c.rowPtr()[r + 1] - from : c.dim();
      if (idx != null) System.arraycopy(c.indices(), from, idx, at, len);
      System.arraycopy(c.values(), from, vals, at, len);
      at += len;
      if (ptr != null) ptr[k + 1] = at;
    }
    return new FeatureChunk(c.dim(), ptr, idx, vals, labels, weights, ReadReport.empty(c.report().split()));
  }

  /** Concatenates a partition's pieces in (hash, content) order into one block. */
  private record BuildBlock(int declaredDim) implements Function2<Integer, Iterator<Tuple2<Integer, FeatureChunk>>,
      Iterator<Built>> {
    @Override
    public Iterator<Built> call(Integer partition, Iterator<Tuple2<Integer, FeatureChunk>> it) {
      List<FeatureChunk> pieces = new ArrayList<>();
      while (it.hasNext()) pieces.add(it.next()._2());
      int dim = declaredDim;
      boolean sparse = false;
      boolean weighted = false;
      List<long[]> order = new ArrayList<>(); // {hash, piece, row}
      for (int p = 0; p < pieces.size(); p++) {
        FeatureChunk c = pieces.get(p);
        dim = Math.max(dim, c.dim());
        sparse |= c.sparse();
        weighted |= c.weights() != null;
        for (int r = 0; r < c.size(); r++) order.add(new long[] {rowHash(c, r), p, r});
      }
      order.sort((a, b) -> {
        int h = Long.compare(a[0], b[0]);
        return h != 0 ? h : compareRows(pieces.get((int) a[1]), (int) a[2], pieces.get((int) b[1]), (int) b[2]);
      });
      FeatureRows block = concat(pieces, order, dim, sparse, weighted);
      double sum = 0;
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (double d : block.labels()) {
        float l = (float) d; // read as floats: exact
        sum += l;
        min = Math.min(min, l);
        max = Math.max(max, l);
      }
      Stats s = new Stats(block.size(), sum, min, max, dim);
      return List.of(new Built(partition, new PartitionBlock<>(partition, block), s)).iterator();
    }
  }

  /** A total order on rows' contents: label, weight, length, then (index, value) pairs. */
  static int compareRows(FeatureChunk a, int ra, FeatureChunk b, int rb) {
    int c = Float.compare(a.labels()[ra], b.labels()[rb]);
    if (c != 0) return c;
    c = Float.compare(a.weights() == null ? 1f : a.weights()[ra], b.weights() == null ? 1f : b.weights()[rb]);
    if (c != 0) return c;
    int fa = a.sparse() ? a.rowPtr()[ra] : ra * a.dim();
    int ea = a.sparse() ? a.rowPtr()[ra + 1] : (ra + 1) * a.dim();
    int fb = b.sparse() ? b.rowPtr()[rb] : rb * b.dim();
    int eb = b.sparse() ? b.rowPtr()[rb + 1] : (rb + 1) * b.dim();
    c = Integer.compare(ea - fa, eb - fb);
    for (int k = 0; c == 0 && k < ea - fa; k++) {
      c = Integer.compare(a.sparse() ? a.indices()[fa + k] : k, b.sparse() ? b.indices()[fb + k] : k);
      if (c == 0) c = Float.compare(a.values()[fa + k], b.values()[fb + k]);
    }
    return c;
  }

  private static FeatureRows concat(List<FeatureChunk> pieces, List<long[]> order, int dim, boolean sparse,
      boolean weighted) {
    int n = order.size();
    long nnz = 0;
    for (FeatureChunk c : pieces) nnz += c.values().length;
    double[] labels = new double[n];
    float[] weights = weighted ? new float[n] : null;
    int[] ptr = sparse ? new int[n + 1] : null;
    int[] idx = sparse ? new int[(int) nnz] : null;
    double[] vals = new double[sparse ? (int) nnz : Math.multiplyExact(n, dim)];
    int at = 0;
    for (int k = 0; k < n; k++) {
      FeatureChunk c = pieces.get((int) order.get(k)[1]);
      int r = (int) order.get(k)[2];
      labels[k] = c.labels()[r];
      if (weights != null) weights[k] = c.weights() == null ? 1f : c.weights()[r];
      if (sparse) {
        int from = c.rowPtr()[r];
        int len = c.rowPtr()[r + 1] - from;
        System.arraycopy(c.indices(), from, idx, at, len);
        widen(c.values(), from, vals, at, len);
        at += len;
        ptr[k + 1] = at;
      } else {
        widen(c.values(), r * c.dim(), vals, k * dim, c.dim());
      }
    }
    return new FeatureRows(dim, ptr, idx, vals, labels, weights);
  }

  private static void widen(float[] from, int at, double[] to, int to0, int len) {
    for (int k = 0; k < len; k++) to[to0 + k] = from[at + k];
  }
}
