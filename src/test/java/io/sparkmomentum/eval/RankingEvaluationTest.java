package io.sparkmomentum.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.SparkTestSession;
import io.sparkmomentum.train.PartitionBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.evaluation.RankingMetrics;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * {@link RankingEvaluation} against Spark's {@link RankingMetrics} on the same ranked lists (P@k, NDCG@k, MAP@k,
 * whose definitions coincide with ours) and against a brute-force ranking (full sort) for the rest.
 */
class RankingEvaluationTest {
  private static final int USERS = 300;
  private static final int ITEMS = 700; // more than one item tile
  private static final int K = 10;

  private final MatrixFactorization model = new MatrixFactorization(USERS, ITEMS, 6, 3.5, 0, 0);
  private final double[] w = weights(model);
  private final List<TreeSet<Integer>> train = positives(11, 0.05);
  private final List<TreeSet<Integer>> test = positives(12, 0.03);

  @Test
  void matchesSparkRankingMetricsAndBruteForce() {
    JavaSparkContext sc = SparkTestSession.sc();
    Map<String, Double> ours = RankingEvaluation.evaluate(sc, model, w, blocks(sc, train, 3, true),
        blocks(sc, test, 2, true), K);

    List<Tuple2<List<Integer>, List<Integer>>> lists = new ArrayList<>();
    double recall = 0, rr = 0, auc = 0;
    int n = 0;
    TreeSet<Integer> covered = new TreeSet<>();
    for (int u = 0; u < USERS; u++) {
      List<Integer> ranked = ranking(u);
      List<Integer> rel = new ArrayList<>(test.get(u));
      rel.removeAll(train.get(u));
      if (train.get(u).isEmpty() || rel.isEmpty()) continue;
      n++;
      List<Integer> top = ranked.subList(0, K);
      covered.addAll(top);
      lists.add(new Tuple2<>(new ArrayList<>(top), rel));
      recall += top.stream().filter(rel::contains).count() / (double) rel.size();
      int first = 0;
      while (!rel.contains(ranked.get(first))) first++;
      rr += 1.0 / (first + 1);
      long good = 0;
      for (int a = 0; a < ranked.size(); a++) {
        if (!rel.contains(ranked.get(a))) continue;
        for (int b = a + 1; b < ranked.size(); b++) if (!rel.contains(ranked.get(b))) good++;
      }
      auc += good / ((double) rel.size() * (ranked.size() - rel.size()));
    }
    assertTrue(n > 100, "users evaluated: " + n);
    RankingMetrics<Integer> spark = RankingMetrics.of(sc.parallelize(lists, 3));
    assertEquals(n, ours.get("users"));
    assertEquals(spark.precisionAt(K), ours.get("precision_at_" + K), 1e-12);
    assertEquals(spark.ndcgAt(K), ours.get("ndcg_at_" + K), 1e-12);
    assertEquals(spark.meanAveragePrecisionAt(K), ours.get("map_at_" + K), 1e-12);
    assertEquals(recall / n, ours.get("recall_at_" + K), 1e-12);
    assertEquals(rr / n, ours.get("mrr"), 1e-12);
    assertEquals(auc / n, ours.get("auc"), 1e-12);
    assertEquals(covered.size() / (double) ITEMS, ours.get("coverage_at_" + K), 1e-15);
  }

  @Test
  void sameBitsWhateverThePartitioningAndDuplicates() {
    JavaSparkContext sc = SparkTestSession.sc();
    Map<String, Double> a = RankingEvaluation.evaluate(sc, model, w, blocks(sc, train, 1, false),
        blocks(sc, test, 1, false), K);
    Map<String, Double> b = RankingEvaluation.evaluate(sc, model, w, blocks(sc, train, 5, true),
        blocks(sc, test, 4, true), K);
    assertEquals(a, b);
    assertTrue(a.get("ndcg_at_" + K) > 0, a.toString());
  }

  /** All items except u's training positives, best first (score, then lower index). */
  private List<Integer> ranking(int u) {
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) if (!train.get(u).contains(i)) items.add(i);
    items.sort(Comparator.<Integer>comparingDouble(i -> -model.rankingScore(w, u, i)).thenComparingInt(i -> i));
    return items;
  }

  private static double[] weights(MatrixFactorization m) {
    double[] w = m.initialParameters(1.0, 5);
    SplittableRandom rng = new SplittableRandom(9);
    for (int i = 0; i < ITEMS; i++) w[m.itemBiasOffset(i)] = rng.nextGaussian();
    for (int i = 0; i < 40; i++) w[m.itemBiasOffset(rng.nextInt(ITEMS))] = 1e6; // ties among the very best
    return w;
  }

  /** Each (user, item) a positive with probability p, popular items more often. */
  private static List<TreeSet<Integer>> positives(long seed, double p) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<TreeSet<Integer>> out = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      TreeSet<Integer> s = new TreeSet<>();
      for (int i = 0; i < ITEMS; i++) if (rng.nextDouble() < p * (i < 50 ? 4 : 1)) s.add(i);
      out.add(s);
    }
    return out;
  }

  /** The positives as rating blocks, with a cold row (-1) and, when asked, every pair twice (shuffled order). */
  private static JavaRDD<PartitionBlock<RatingColumns>> blocks(JavaSparkContext sc, List<TreeSet<Integer>> pos,
      int partitions, boolean twice) {
    List<int[]> pairs = new ArrayList<>();
    for (int u = 0; u < USERS; u++) for (int i : pos.get(u)) pairs.add(new int[] {u, i});
    if (twice) {
      pairs.addAll(new ArrayList<>(pairs));
      java.util.Collections.shuffle(pairs, new java.util.Random(3));
    }
    pairs.add(new int[] {0, -1});
    pairs.add(new int[] {-1, 3});
    int[] us = pairs.stream().mapToInt(x -> x[0]).toArray();
    int[] is = pairs.stream().mapToInt(x -> x[1]).toArray();
    float[] r = new float[us.length];
    Arrays.fill(r, 5f);
    return RatingBlocks.distribute(sc, new RatingColumns(us, is, r), partitions, "positives");
  }
}
