package io.sparkmomentum.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.IntBinaryOperator;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** {@link TopKJob}'s blocked lists against a full sort of every query's candidates (scores compared bit for bit). */
class TopKJobTest {
  private static final int USERS = 530; // three query blocks, the last one short
  private static final int ITEMS = 1100; // three candidate tiles
  private static final int K = 7;

  private final MatrixFactorization model = new MatrixFactorization(USERS, ITEMS, 5, 0, 0, 0);
  private final double[] w = model.initialParameters(1.0, 21);
  private final List<int[]> pairs = new ArrayList<>();
  private final java.util.Set<Long> pairSet = new java.util.HashSet<>();

  TopKJobTest() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int i = 0; i < ITEMS; i++) w[model.itemBiasOffset(i)] = i % 97 == 0 ? 50 : rng.nextGaussian(); // ties
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < ITEMS; i++) if (rng.nextDouble() < 0.02) pairs.add(new int[] {u, i});
    }
    for (int[] p : pairs) pairSet.add((long) p[0] * ITEMS + p[1]);
  }

  @Test
  void itemsForUsers() {
    check(Side.ITEMS_FOR_USERS, USERS, ITEMS, (u, i) -> contains(u, i) ? 1 : 0,
        (u, i) -> model.rankingScore(w, u, i));
  }

  @Test
  void usersForItems() {
    check(Side.USERS_FOR_ITEMS, ITEMS, USERS, (i, u) -> contains(u, i) ? 1 : 0,
        (i, u) -> model.rankingScore(w, u, i));
  }

  @Test
  void similarItems() {
    FactorTable all = FactorTable.items(model, w, FactorTable.range(0, ITEMS)).normalized();
    check(Side.SIMILAR_ITEMS, ITEMS, ITEMS, (i, j) -> i == j ? 1 : 0, (i, j) -> {
      double s = 0;
      for (int f = 0; f < 5; f++) s += all.rows()[i * 5 + f] * all.rows()[j * 5 + f];
      return s;
    });
  }

  private boolean contains(int u, int i) {
    return pairSet.contains((long) u * ITEMS + i);
  }

  private interface Score {
    double of(int query, int candidate);
  }

  private void check(Side side, int queries, int candidates, IntBinaryOperator excluded, Score score) {
    JavaSparkContext sc = SparkTestSession.sc();
    int[] us = pairs.stream().mapToInt(p -> p[0]).toArray();
    int[] is = pairs.stream().mapToInt(p -> p[1]).toArray();
    var train = RatingBlocks.distribute(sc, new RatingColumns(us, is, new float[us.length]), 3, "train");
    List<TopKJob.Ranked> got = new ArrayList<>(TopKJob.run(sc, model, w, side, train, K, rdd -> rdd.collect()));
    got.sort(Comparator.comparingInt(TopKJob.Ranked::query).thenComparingInt(TopKJob.Ranked::rank));
    List<TopKJob.Ranked> want = new ArrayList<>();
    boolean[][] ex = new boolean[queries][candidates];
    for (int q = 0; q < queries; q++) for (int c = 0; c < candidates; c++) ex[q][c] = excluded.applyAsInt(q, c) == 1;
    for (int q = 0; q < queries; q++) {
      final int query = q;
      TreeSet<Integer> order = new TreeSet<>(Comparator.<Integer>comparingDouble(c -> -score.of(query, c))
          .thenComparingInt(c -> c));
      for (int c = 0; c < candidates; c++) if (!ex[q][c]) order.add(c);
      int r = 0;
      for (int c : order) {
        if (++r > K) break;
        want.add(new TopKJob.Ranked(q, c, score.of(q, c), r));
      }
    }
    assertEquals(want.size(), got.size());
    for (int x = 0; x < want.size(); x++) assertEquals(want.get(x), got.get(x), "entry " + x);
  }
}
