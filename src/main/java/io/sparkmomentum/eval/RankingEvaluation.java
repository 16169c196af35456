package io.sparkmomentum.eval;

import io.sparkmomentum.model.LatentFactors;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.rank.BlockScorer;
import io.sparkmomentum.rank.FactorTable;
import io.sparkmomentum.rank.QueryBlock;
import io.sparkmomentum.rank.QueryBlocks;
import io.sparkmomentum.rank.Side;
import io.sparkmomentum.rank.TopK;
import io.sparkmomentum.rank.UserRanking;
import io.sparkmomentum.train.PartitionBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * Top-K ranking metrics of any {@link LatentFactors} model, as one distributed job. Protocol (issue 13): for every
 * user, rank <b>all</b> training items except the user's training positives; the relevant set is the user's test
 * positives (test positives on items unknown to the model, or that are also training positives, cannot be ranked
 * and are left out); average over the users with at least one relevant item and one training positive. Per-user
 * definitions in {@link UserRanking}.
 *
 * <p>Positives are regrouped by user blocks ({@link QueryBlocks}); each block scores its users against item tiles
 * ({@link BlockScorer}) under the broadcast parameters (destroyed after). Each block returns one metrics row per
 * evaluated user, and the driver sums them in user order, so the figures are the same bits whatever the blocking,
 * the partitioning or the order tasks finish in.
 */
public final class RankingEvaluation {
  /** Items scored per tile: a tile of factors stays in the cache while a block's users pass over it. */
  static final int ITEM_TILE = 512;
  /** Bound on a block's score matrix (users × all items), in doubles. */
  static final int BLOCK_SCORES = 1 << 21;

  private RankingEvaluation() {}

  /**
   * {@code precision_at_K}, {@code recall_at_K}, {@code ndcg_at_K}, {@code map_at_K}, {@code mrr}, {@code auc},
   * {@code coverage_at_K} (the share of the model's items in at least one evaluated user's top K) and {@code users}
   * (how many were evaluated); the metrics are NaN when no user qualifies.
   */
  public static Map<String, Double> evaluate(JavaSparkContext sc, LatentFactors model, double[] w,
      JavaRDD<PartitionBlock<RatingColumns>> trainPositives, JavaRDD<PartitionBlock<RatingColumns>> testPositives,
      int k) {
    if (k < 1) throw new IllegalArgumentException("k = " + k + ": expected at least 1");
    if (!(model instanceof Serializable)) throw new IllegalArgumentException(model.getClass() + " is not Serializable");
    int users = model.numUsers();
    int blockSize = Math.max(1, Math.min(256, BLOCK_SCORES / Math.max(1, model.numItems())));
    int partitions = Math.max(1, Math.min((users + blockSize - 1) / blockSize, 4 * sc.defaultParallelism()));
    JavaRDD<QueryBlock> blocks = QueryBlocks.group(sc, trainPositives, testPositives, true, users, blockSize,
        partitions);
    Broadcast<double[]> bw = sc.broadcast(w);
    try {
      List<BlockResult> results = new ArrayList<>(blocks.map(new ScoreBlock(model, bw, k)).collect());
      results.sort(Comparator.comparingInt(BlockResult::block));
      return finish(results, model.numItems(), k);
    } finally {
      bw.destroy();
    }
  }

  /** A block's evaluated users, their metrics rows ({@link UserRanking#WIDTH} each) and the items in their top K. */
  public record BlockResult(int block, int[] users, double[] rows, long[] topItems) implements Serializable {}

  static Map<String, Double> finish(List<BlockResult> inUserOrder, int numItems, int k) {
    double[] sum = new double[UserRanking.WIDTH];
    long[] covered = new long[(numItems + 63) / 64];
    long n = 0;
    for (BlockResult b : inUserOrder) {
      for (int u = 0; u < b.users().length; u++) {
        for (int m = 0; m < UserRanking.WIDTH; m++) sum[m] += b.rows()[u * UserRanking.WIDTH + m];
        n++;
      }
      for (int x = 0; x < covered.length; x++) covered[x] |= b.topItems()[x];
    }
    long distinct = 0;
    for (long bits : covered) distinct += Long.bitCount(bits);
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("precision_at_" + k, sum[UserRanking.PRECISION] / n);
    out.put("recall_at_" + k, sum[UserRanking.RECALL] / n);
    out.put("ndcg_at_" + k, sum[UserRanking.NDCG] / n);
    out.put("map_at_" + k, sum[UserRanking.AP] / n);
    out.put("mrr", sum[UserRanking.RR] / n);
    out.put("auc", sum[UserRanking.AUC] / sum[UserRanking.AUC_DEFINED]);
    out.put("coverage_at_" + k, n == 0 ? Double.NaN : (double) distinct / numItems);
    out.put("users", (double) n);
    return out;
  }

  private record ScoreBlock(LatentFactors model, Broadcast<double[]> weights, int k)
      implements Function<QueryBlock, BlockResult> {
    @Override
    public BlockResult call(QueryBlock b) {
      int numItems = model.numItems();
      long[] topItems = new long[(numItems + 63) / 64];
      List<Integer> chosen = new ArrayList<>();
      List<int[]> excluded = new ArrayList<>();
      List<int[]> relevant = new ArrayList<>();
      for (int q = 0; q < b.size(); q++) {
        int[] train = b.trainOf(q);
        int[] rel = minus(b.testOf(q), train);
        if (train.length == 0 || rel.length == 0) continue;
        chosen.add(b.from() + q);
        excluded.add(train);
        relevant.add(rel);
      }
      int n = chosen.size();
      int[] users = chosen.stream().mapToInt(Integer::intValue).toArray();
      double[] rows = new double[n * UserRanking.WIDTH];
      if (n == 0) return new BlockResult(b.block(), users, rows, topItems);
      double[] w = weights.value();
      double[][] scores = allScores(model, w, users);
      TopK top = new TopK(k);
      int[] ids = new int[k];
      double[] s = new double[k];
      for (int u = 0; u < n; u++) {
        double[] m = UserRanking.metrics(scores[u], excluded.get(u), relevant.get(u), k);
        System.arraycopy(m, 0, rows, u * UserRanking.WIDTH, UserRanking.WIDTH);
        int[] ex = excluded.get(u);
        int e = 0;
        for (int i = 0; i < numItems; i++) {
          if (e < ex.length && ex[e] == i) {
            e++;
          } else {
            top.offer(i, scores[u][i]);
          }
        }
        for (int r = 0, got = top.drainBestFirst(ids, s); r < got; r++) topItems[ids[r] >>> 6] |= 1L << ids[r];
      }
      return new BlockResult(b.block(), users, rows, topItems);
    }
  }

  /** Every item's score for each of {@code users}, tile by tile. */
  static double[][] allScores(LatentFactors model, double[] w, int[] users) {
    int numItems = model.numItems();
    FactorTable p = Side.ITEMS_FOR_USERS.queryTable(model, w, users);
    double[][] scores = new double[users.length][numItems];
    double[] tile = new double[users.length * ITEM_TILE];
    for (int from = 0; from < numItems; from += ITEM_TILE) {
      int to = Math.min(numItems, from + ITEM_TILE);
      FactorTable q = Side.ITEMS_FOR_USERS.candidateTable(model, w, FactorTable.range(from, to));
      BlockScorer.score(p, q, tile);
      for (int u = 0; u < users.length; u++) System.arraycopy(tile, u * (to - from), scores[u], from, to - from);
    }
    return scores;
  }

  /** The sorted {@code a} without the elements of the sorted {@code b}. */
  static int[] minus(int[] a, int[] b) {
    int[] out = new int[a.length];
    int n = 0;
    int j = 0;
    for (int x : a) {
      while (j < b.length && b[j] < x) j++;
      if (j < b.length && b[j] == x) continue;
      out[n++] = x;
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
