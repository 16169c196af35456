package io.sparkmomentum.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.ConfigException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference gradient checks of the implicit losses with the negatives fixed by the selection's random stream
 * (each evaluation redraws the same items), the rows contract (every row the loss reads, negatives included, is
 * marked by {@code markRowsRead}), and the sampling: the same stream gives the same negatives, another stream others,
 * and a negative never equals its positive.
 */
class ImplicitGradientCheckTest {
  static final int USERS = 5;
  static final int ITEMS = 6;

  /** Positives with counts (labels) and weights, repeated pairs included. */
  static RatingColumns events(boolean weighted) {
    return new RatingColumns(new int[] {0, 1, 4, 4, 2, 0, 3}, new int[] {0, 3, 1, 1, 5, 3, 2},
        new float[] {1, 1, 2, 1, 3, 1, 1}, weighted ? new float[] {1, 0.5f, 2, 1, 0.25f, 1.5f, 1} : null);
  }

  static Selection[] selections(int n) {
    return new Selection[] {Selection.all(n).withRandom(42, 7, 1),
        Selection.of(new int[] {3, 0, 2, 6, 3, 5, 1}, 1, 6).withRandom(42, 8, 0)};
  }

  static void checkModel(String name, Model<RatingColumns> model) {
    for (boolean weighted : new boolean[] {false, true}) {
      RatingColumns data = events(weighted);
      for (Selection sel : selections(data.size())) {
        double[] w = GradientCheckTest.random(model.layout().size(), 3);
        GradientCheckTest.check(name + (weighted ? " weighted" : ""), model, w, data, sel);
        GradientCheckTest.checkRows(name, model, w, data, sel);
      }
    }
  }

  @Test
  void bprGradientsMatchFiniteDifferences() {
    checkModel("bpr m=1", new BprFactorization(USERS, ITEMS, 3, 0.07, 0.02, 1));
    checkModel("bpr m=3", new BprFactorization(USERS, ITEMS, 3, 0.07, 0.02, 3));
    checkModel("bpr no L2", new BprFactorization(USERS, ITEMS, 2, 0, 0, 2));
  }

  @Test
  void sampledSoftmaxGradientsMatchFiniteDifferences() {
    checkModel("softmax m=1", new SampledSoftmaxFactorization(USERS, ITEMS, 3, 0.07, 0.02, 1));
    checkModel("softmax m=4", new SampledSoftmaxFactorization(USERS, ITEMS, 3, 0.07, 0.02, 4));
    checkModel("softmax no L2", new SampledSoftmaxFactorization(USERS, ITEMS, 2, 0, 0, 8));
  }

  @Test
  void withOneNegativeSampledSoftmaxIsBpr() {
    RatingColumns data = events(true);
    BprFactorization bpr = new BprFactorization(USERS, ITEMS, 3, 0.07, 0.02, 1);
    SampledSoftmaxFactorization sm = new SampledSoftmaxFactorization(USERS, ITEMS, 3, 0.07, 0.02, 1);
    double[] w = GradientCheckTest.random(bpr.layout().size(), 9);
    Selection sel = Selection.all(data.size()).withRandom(1, 2, 3);
    GradientBuffer gb = new GradientBuffer(bpr.layout());
    GradientBuffer gs = new GradientBuffer(sm.layout());
    double lb = bpr.addLossGradient(w, data, sel, gb);
    double ls = sm.addLossGradient(w, data, sel, gs);
    assertEquals(lb, ls, 1e-12 * Math.abs(lb), "−log σ(s_i − s_j) = −log softmax over {i, j}");
    for (int j = 0; j < w.length; j++) assertEquals(gb.values()[j], gs.values()[j], 1e-12, "gradient " + j);
  }

  @Test
  void negativesComeFromTheSelectionsStream() {
    ItemFactors f = new ItemFactors(USERS, ITEMS, 2);
    RatingColumns data = events(false);
    BprFactorization bpr = new BprFactorization(USERS, ITEMS, 2, 0, 0, 5);
    double[] w = GradientCheckTest.random(bpr.layout().size(), 4);
    Selection a = Selection.all(data.size()).withRandom(42, 10, 0);
    Selection b = Selection.all(data.size()).withRandom(42, 11, 0);
    double la = bpr.addLossGradient(w, data, a, new GradientBuffer(bpr.layout()));
    assertEquals(la, bpr.addLossGradient(w, data, a, new GradientBuffer(bpr.layout())), 0.0, "same stream, same loss");
    assertNotEquals(la, bpr.addLossGradient(w, data, b, new GradientBuffer(bpr.layout())), "another round, others");
    SplittableRandom rng = new SplittableRandom(5);
    int[] seen = new int[ITEMS];
    for (int t = 0; t < 6000; t++) seen[f.drawNegative(rng, 2)]++;
    assertEquals(0, seen[2], "a negative is never the positive");
    for (int j = 0; j < ITEMS; j++) if (j != 2) assertTrue(Math.abs(seen[j] - 1200) < 150, "uniform: " + seen[j]);
    assertThrows(IllegalStateException.class, () -> bpr.addLossGradient(w, data, Selection.all(data.size()),
        new GradientBuffer(bpr.layout())), "a selection without a stream cannot draw negatives");
  }

  @Test
  void layoutAndRankingScore() {
    BprFactorization bpr = new BprFactorization(USERS, ITEMS, 3, 0, 0, 1);
    double[] w = GradientCheckTest.random(bpr.layout().size(), 6);
    double s = 0;
    for (int t = 0; t < 3; t++) s += w[bpr.userOffset(2) + t] * w[bpr.itemOffset(4) + t];
    assertEquals(s + w[bpr.itemBiasOffset(4)], bpr.rankingScore(w, 2, 4), 1e-15);
    assertEquals(USERS * 3 + ITEMS * 3 + ITEMS, bpr.layout().size(), "P, Q, bi");
    assertEquals(0.0, bpr.factors().score(w, -1, 4), "cold user");
  }

  @Test
  void hyperparametersFailNamingTheKey() {
    assertEquals("model.negatives", assertThrows(ConfigException.class,
        () -> new BprFactorization(3, 3, 2, 0, 0, 0)).key());
    assertEquals("model.lambda", assertThrows(ConfigException.class,
        () -> new SampledSoftmaxFactorization(3, 3, 2, -1, 0, 2)).key());
    assertEquals("model.rank", assertThrows(ConfigException.class,
        () -> new BprFactorization(3, 3, 0, 0, 0, 1)).key());
  }
}
