package io.sparkmomentum.rank;

import io.sparkmomentum.model.LatentFactors;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * Top K for every query, blocked on the executors (the scheme of Spark's {@code recommendForAll}, SPARK-20587):
 * queries in blocks of {@link #QUERY_BLOCK}, candidates in tiles of {@link #CANDIDATE_TILE}, each (block, tile) pair
 * one small matrix product ({@link BlockScorer}) whose scores feed a bounded heap per query ({@link TopK}); the
 * query's training positives are skipped as the tiles pass (a sorted list walked once), and for similar items the
 * item itself. The parameters are broadcast and destroyed when {@code use} returns. Ties go to the lower index, so
 * the lists are the same whatever the blocking.
 */
public final class TopKJob {
  static final int QUERY_BLOCK = 256;
  static final int CANDIDATE_TILE = 512;

  private TopKJob() {}

  /** One entry of a query's list: 1-based {@code rank}. */
  public record Ranked(int query, int candidate, double score, int rank) implements Serializable {}

  /** A block's lists: query q's entries are {@code candidates[q·k ..]} (−1 past the end of a short list). */
  public record Lists(int[] queries, int k, int[] candidates, double[] scores) implements Serializable {}

  /**
   * Runs {@code use} on the top-{@code k} lists of every query of {@code side}, then frees the broadcast.
   *
   * @param trainPositives the positives to exclude (queries' training interactions), or null for none
   */
  public static <T> T run(JavaSparkContext sc, LatentFactors model, double[] w, Side side,
      JavaRDD<PartitionBlock<RatingColumns>> trainPositives, int k,
      java.util.function.Function<JavaRDD<Ranked>, T> use) {
    if (k < 1) throw new IllegalArgumentException("k = " + k + ": expected at least 1");
    if (!(model instanceof Serializable)) throw new IllegalArgumentException(model.getClass() + " is not Serializable");
    int queries = side.queries(model);
    int blocks = (queries + QUERY_BLOCK - 1) / QUERY_BLOCK;
    int partitions = Math.max(1, Math.min(blocks, 4 * sc.defaultParallelism()));
    JavaRDD<PartitionBlock<RatingColumns>> exclude = side == Side.SIMILAR_ITEMS ? null : trainPositives;
    JavaRDD<QueryBlock> grouped = QueryBlocks.group(sc, exclude, null, side.queriesAreUsers(), queries, QUERY_BLOCK,
        partitions);
    Broadcast<double[]> bw = sc.broadcast(w);
    try {
      return use.apply(grouped.map(b -> lists(model, bw.value(), side, b, k)).flatMap(new Explode()));
    } finally {
      bw.destroy();
    }
  }

  /** The lists of one block of queries. */
  public static Lists lists(LatentFactors model, double[] w, Side side, QueryBlock b, int k) {
    int n = b.size();
    int[] queries = FactorTable.range(b.from(), b.to());
    FactorTable a = side.queryTable(model, w, queries);
    int numCandidates = side.candidates(model);
    TopK[] heaps = new TopK[n];
    for (int q = 0; q < n; q++) heaps[q] = new TopK(k);
    int[] next = b.trainStart().clone(); // per query: the next excluded candidate in b.train()
    double[] tile = new double[n * CANDIDATE_TILE];
    for (int from = 0; from < numCandidates; from += CANDIDATE_TILE) {
      int to = Math.min(numCandidates, from + CANDIDATE_TILE);
      int width = to - from;
      BlockScorer.score(a, side.candidateTable(model, w, FactorTable.range(from, to)), tile);
      for (int q = 0; q < n; q++) {
        int end = b.trainStart()[q + 1];
        int self = side == Side.SIMILAR_ITEMS ? queries[q] : -1;
        TopK heap = heaps[q];
        for (int c = from; c < to; c++) {
          if (next[q] < end && b.train()[next[q]] == c) {
            next[q]++;
            continue;
          }
          if (c != self) heap.offer(c, tile[q * width + c - from]);
        }
      }
    }
    int[] candidates = new int[n * k];
    double[] scores = new double[n * k];
    java.util.Arrays.fill(candidates, -1);
    int[] ids = new int[k];
    double[] s = new double[k];
    for (int q = 0; q < n; q++) {
      int got = heaps[q].drainBestFirst(ids, s);
      System.arraycopy(ids, 0, candidates, q * k, got);
      System.arraycopy(s, 0, scores, q * k, got);
    }
    return new Lists(queries, k, candidates, scores);
  }

  private static final class Explode implements FlatMapFunction<Lists, Ranked> {
    @Override
    public Iterator<Ranked> call(Lists l) {
      List<Ranked> out = new ArrayList<>();
      for (int q = 0; q < l.queries().length; q++) {
        for (int r = 0; r < l.k(); r++) {
          int c = l.candidates()[q * l.k() + r];
          if (c >= 0) out.add(new Ranked(l.queries()[q], c, l.scores()[q * l.k() + r], r + 1));
        }
      }
      return out.iterator();
    }
  }
}
