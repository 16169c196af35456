package io.sparkmomentum.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The feature models' metrics against direct computations: binned AUC against the exact pairwise AUC (within the
 * documented bound), log-losses finite for extreme margins, the confusion matrix, and additivity over blocks.
 * The scorers are real models whose output is the input: a 1-feature linear model with {@code w = 1}, a softmax
 * regression with the identity as {@code W}.
 */
class FeatureMetricsTest {
  private static final RealScorer IDENTITY = new LinearRegression(1, false, 0);
  private static final double[] ONE = {1};

  /** Dense 1-feature rows holding {@code scores}, labelled {@code labels}. */
  private static FeatureRows rows(double[] scores, double[] labels) {
    return new FeatureRows(1, null, null, scores.clone(), labels.clone(), null);
  }

  /** The exact AUC: the fraction of (positive, negative) pairs ordered right, ties counting half. */
  private static double exactAuc(double[] p, double[] y) {
    double ok = 0;
    long pairs = 0;
    for (int i = 0; i < p.length; i++) {
      if (y[i] <= 0) continue;
      for (int j = 0; j < p.length; j++) {
        if (y[j] > 0) continue;
        pairs++;
        ok += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
      }
    }
    return ok / pairs;
  }

  @Test
  void binnedAucIsTheExactAucWithinItsBound() {
    SplittableRandom rnd = new SplittableRandom(11);
    int n = 3000;
    double[] z = new double[n];
    double[] y = new double[n];
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = rnd.nextDouble() < 0.3 ? 1 : 0;
      z[i] = rnd.nextGaussian() * 2 + (y[i] > 0 ? 1 : 0);
      if (i % 10 == 0) z[i] = Math.rint(z[i]); // exact ties too
      p[i] = 1 / (1 + Math.exp(-z[i]));
    }
    BinaryMetrics m = new BinaryMetrics(IDENTITY);
    double[] sums = m.sums(ONE, rows(z, y));
    double auc = m.finish(sums).get("auc");
    double exact = exactAuc(p, y);
    // the documented bound: half the fraction of positive-negative pairs sharing a bin
    double shared = 0;
    double positives = 0;
    double negatives = 0;
    int head = sums.length - 2 * BinaryMetrics.BINS;
    for (int b = 0; b < BinaryMetrics.BINS; b++) {
      shared += sums[head + b] * sums[head + BinaryMetrics.BINS + b];
      positives += sums[head + b];
      negatives += sums[head + BinaryMetrics.BINS + b];
    }
    double bound = shared / (2 * positives * negatives);
    assertTrue(Math.abs(auc - exact) <= bound + 1e-12, "binned " + auc + " exact " + exact + " bound " + bound);
    assertTrue(auc > 0.6 && auc < 0.9, "a noisy score: " + auc);
  }

  @Test
  void binaryAccuracyAndLogLossAreTheDirectOnes() {
    double[] z = {-3, -0.5, 0, 0.2, 4, 1, -2};
    double[] y = {0, 1, 1, 0, 1, 1, 0};
    Map<String, Double> m = new BinaryMetrics(IDENTITY).finish(new BinaryMetrics(IDENTITY).sums(ONE, rows(z, y)));
    double correct = 0;
    double loss = 0;
    for (int i = 0; i < z.length; i++) {
      double p = 1 / (1 + Math.exp(-z[i]));
      if ((p >= 0.5) == (y[i] > 0)) correct++;
      loss += -(y[i] > 0 ? Math.log(p) : Math.log(1 - p));
    }
    assertEquals(correct / z.length, m.get("accuracy"), 1e-15);
    assertEquals(loss / z.length, m.get("log_loss"), 1e-12);
    assertEquals(exactAuc(z, y), m.get("auc"), 1e-12, "no two of these share a bin");
    assertEquals(z.length, m.get("count"));
  }

  @Test
  void logLossesStayFiniteForExtremeMargins() {
    double[] z = {-1000, 1000, 800, -800};
    double[] y = {1, 0, 1, 0};
    Map<String, Double> m = new BinaryMetrics(IDENTITY).finish(new BinaryMetrics(IDENTITY).sums(ONE, rows(z, y)));
    assertEquals((1000 + 1000) / 4.0, m.get("log_loss"), 1e-9, "two wrong by 1000 nats, two right by ~0");
    ClassScorer identity = softmaxIdentity(3);
    double[] x = {1000, -1000, 0, 0, 0, 900};
    FeatureRows r = new FeatureRows(3, null, null, x, new double[] {1, 2}, null);
    Map<String, Double> c = new ClassMetrics(identity).finish(new ClassMetrics(identity).sums(identityW(3), r));
    assertTrue(Double.isFinite(c.get("log_loss")) && Math.abs(c.get("log_loss") - 1000) < 1e-9, c.toString());
  }

  @Test
  void singleClassHeldOutSetHasNoAuc() {
    Map<String, Double> m = new BinaryMetrics(IDENTITY).finish(new BinaryMetrics(IDENTITY).sums(ONE,
        rows(new double[] {1, 2}, new double[] {1, 1})));
    assertFalse(m.containsKey("auc"), m.toString());
  }

  private static SoftmaxRegression softmaxIdentity(int k) {
    return new SoftmaxRegression(k, k, false, 0);
  }

  private static double[] identityW(int k) {
    double[] w = new double[k * k];
    for (int c = 0; c < k; c++) w[c * k + c] = 1;
    return w;
  }

  @Test
  void confusionMatrixRowsAreTheTrueClasses() {
    int k = 3;
    // logits = x: predicted = arg max of each row
    double[] x = {
        5, 0, 0, // true 0, predicted 0
        0, 5, 0, // true 0, predicted 1
        0, 0, 5, // true 2, predicted 2
        0, 5, 0, // true 1, predicted 1
        1, 1, 0, // true 2, predicted 0 (tie: the lowest class)
    };
    double[] labels = {0, 0, 2, 1, 2};
    ClassMetrics cm = new ClassMetrics(softmaxIdentity(k));
    Map<String, Double> m = cm.finish(cm.sums(identityW(k), new FeatureRows(k, null, null, x, labels, null)));
    Map<String, Object> json = MetricValues.forJson(m, "test_");
    assertEquals(List.of(List.of(1L, 1L, 0L), List.of(0L, 1L, 0L), List.of(1L, 0L, 1L)), json.get("test_confusion"));
    assertEquals(3.0 / 5, json.get("test_accuracy"));
    assertEquals(5L, json.get("test_count"));
    double loss = 0;
    for (int r = 0; r < 5; r++) {
      double s = 0;
      for (int c = 0; c < k; c++) s += Math.exp(x[r * k + c]);
      loss += Math.log(s) - x[r * k + (int) labels[r]];
    }
    assertEquals(loss / 5, (double) json.get("test_log_loss"), 1e-12);
    FeatureRows bad = new FeatureRows(k, null, null, new double[] {1, 2, 3}, new double[] {3}, null);
    assertThrows(IllegalArgumentException.class, () -> cm.sums(identityW(k), bad));
  }

  @Test
  void sumsOfBlocksAddUpToTheSumsOfTheWhole() {
    SplittableRandom rnd = new SplittableRandom(5);
    double[] z = new double[200];
    double[] y = new double[200];
    for (int i = 0; i < z.length; i++) {
      z[i] = rnd.nextGaussian();
      y[i] = rnd.nextInt(2);
    }
    BinaryMetrics m = new BinaryMetrics(IDENTITY);
    double[] whole = m.sums(ONE, rows(z, y));
    double[] a = m.sums(ONE, rows(java.util.Arrays.copyOfRange(z, 0, 77), java.util.Arrays.copyOfRange(y, 0, 77)));
    double[] b = m.sums(ONE, rows(java.util.Arrays.copyOfRange(z, 77, 200),
        java.util.Arrays.copyOfRange(y, 77, 200)));
    for (int k = 0; k < whole.length; k++) {
      if (k != 1) assertEquals(whole[k], a[k] + b[k], 0.0, "count sums are exact: " + k);
    }
    assertEquals(whole[1], a[1] + b[1], 1e-12);
    RegressionMetrics reg = new RegressionMetrics(IDENTITY, new double[] {-0.5, 0.5});
    Map<String, Double> r = reg.finish(reg.sums(ONE, rows(new double[] {-2, 0.25, 3}, new double[] {0, 0, 1})));
    assertEquals(Math.sqrt((0.25 + 0.0625 + 0.25) / 3), r.get("rmse"), 1e-15, "clamped to [-0.5, 0.5]");
    assertEquals((0.5 + 0.25 + 0.5) / 3, r.get("mae"), 1e-15);
  }
}
