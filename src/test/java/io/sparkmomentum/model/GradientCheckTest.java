package io.sparkmomentum.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Central finite differences against every model's analytic gradient at random points, on dense and on CSR rows of
 * the same data, with and without row weights and L2, over random selections (a shuffled subset, repeats allowed);
 * and the rows contract: the gradient writes only rows it touches, every row it reads is marked by
 * {@code markRowsRead} (changing an unmarked row changes nothing), and with L2 = 0 sparse rows give a row-sparse
 * gradient.
 */
class GradientCheckTest {
  static final double H = 1e-6;
  static final int DIM = 7;

  /** Central differences over every parameter; fails naming the parameter. */
  static <D> void check(String what, Model<D> model, double[] w, D data, Selection sel) {
    GradientBuffer g = new GradientBuffer(model.layout());
    model.addLossGradient(w, data, sel, g);
    for (int j = 0; j < w.length; j++) {
      double keep = w[j];
      w[j] = keep + H;
      double up = model.addLossGradient(w, data, sel, new GradientBuffer(model.layout()));
      w[j] = keep - H;
      double down = model.addLossGradient(w, data, sel, new GradientBuffer(model.layout()));
      w[j] = keep;
      double fd = (up - down) / (2 * H);
      double err = Math.abs(fd - g.values()[j]) / Math.max(1, Math.abs(fd));
      assertTrue(err < 1e-6, what + ": parameter " + j + " (row " + rowOf(model.layout(), j) + "): analytic "
          + g.values()[j] + " vs finite difference " + fd);
    }
  }

  /**
   * The rows contract: values outside touched rows stay zero, touched ⊆ marked, and giving every unmarked row other
   * values leaves the loss and the gradient bit for bit the same.
   */
  static <D> RowSet checkRows(String what, Model<D> model, double[] w, D data, Selection sel) {
    ParameterLayout l = model.layout();
    GradientBuffer g = new GradientBuffer(l);
    double loss = model.addLossGradient(w, data, sel, g);
    RowSet marked = new RowSet(l.numRows());
    model.markRowsRead(data, sel, marked);
    double[] other = w.clone();
    SplittableRandom rng = new SplittableRandom(99);
    for (int r = 0; r < l.numRows(); r++) {
      boolean touched = g.isTouched(r);
      assertTrue(!touched || marked.contains(r), what + ": row " + r + " is written but not marked as read");
      for (int j = l.rowOffset(r), e = j + l.rowWidth(r); j < e; j++) {
        assertTrue(touched || g.values()[j] == 0, what + ": value " + j + " of untouched row " + r + " is nonzero");
        if (!marked.contains(r)) other[j] += 1 + rng.nextDouble();
      }
    }
    GradientBuffer g2 = new GradientBuffer(l);
    assertEquals(loss, model.addLossGradient(other, data, sel, g2), 0.0, what + ": an unmarked row changed the loss");
    assertArrayEquals(g.values(), g2.values(), 0.0, what + ": an unmarked row changed the gradient");
    return marked;
  }

  static int rowOf(ParameterLayout l, int j) {
    for (int r = 0; r < l.numRows(); r++) if (j < l.rowOffset(r) + l.rowWidth(r)) return r;
    return -1;
  }

  static double[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] w = new double[n];
    for (int j = 0; j < n; j++) w[j] = r.nextGaussian() * 0.5;
    return w;
  }

  /** The same random rows (about 40 % zeros, and one empty row) dense and as CSR, labels from {@code label}. */
  static FeatureRows[] rows(int n, long seed, boolean weighted, DoubleUnaryOperator label) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] dense = new double[n * DIM];
    double[] labels = new double[n];
    float[] weights = weighted ? new float[n] : null;
    int[] ptr = new int[n + 1];
    List<Integer> idx = new ArrayList<>();
    List<Double> vals = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < DIM; j++) {
        double v = r == 2 || rng.nextDouble() < 0.4 ? 0 : rng.nextGaussian();
        dense[r * DIM + j] = v;
        if (v != 0) {
          idx.add(j);
          vals.add(v);
        }
      }
      ptr[r + 1] = idx.size();
      labels[r] = label.applyAsDouble(rng.nextDouble());
      if (weighted) weights[r] = (float) (0.25 + 2 * rng.nextDouble());
    }
    return new FeatureRows[] {new FeatureRows(DIM, null, null, dense, labels, weights),
        new FeatureRows(DIM, ptr, idx.stream().mapToInt(Integer::intValue).toArray(),
            vals.stream().mapToDouble(Double::doubleValue).toArray(), labels, weights)};
  }

  /** Four rows of a shuffled order of 9 with repeats: {@code order = [3, 0, 2, 7, 3, 5, 1, 8, 4]}, positions 3..7. */
  static Selection someRows() {
    return Selection.of(new int[] {3, 0, 2, 7, 3, 5, 1, 8, 4}, 3, 7);
  }

  static final DoubleUnaryOperator REAL = u -> 4 * u - 2;
  static final DoubleUnaryOperator ZERO_ONE = u -> u < 0.5 ? 0 : 1;
  static final DoubleUnaryOperator PLUS_MINUS = u -> u < 0.5 ? -1 : 1;
  static final DoubleUnaryOperator THREE_CLASSES = u -> Math.floor(3 * u);

  /** Checks {@code model} on dense and CSR rows, weighted or not, all rows and a random selection. */
  static void checkAll(String name, Model<FeatureRows> model, DoubleUnaryOperator label, long seed) {
    for (boolean weighted : new boolean[] {false, true}) {
      FeatureRows[] data = rows(9, seed, weighted, label);
      double[] w = random(model.layout().size(), seed + 1);
      double[] denseGrad = null;
      for (FeatureRows x : data) {
        String what = name + (x.sparse() ? " csr" : " dense") + (weighted ? " weighted" : "");
        for (Selection sel : new Selection[] {Selection.all(x.size()), someRows()}) {
          check(what, model, w, x, sel);
          checkRows(what, model, w, x, sel);
        }
        GradientBuffer g = new GradientBuffer(model.layout());
        model.addLossGradient(w, x, Selection.all(x.size()), g);
        if (denseGrad == null) {
          denseGrad = g.values().clone();
        } else {
          assertArrayEquals(denseGrad, g.values(), 1e-12, what + ": dense and CSR rows give other gradients");
        }
      }
    }
  }

  @Test
  void linearRegression() {
    for (boolean intercept : new boolean[] {false, true}) {
      for (double l2 : new double[] {0, 0.3}) {
        checkAll("linear b=" + intercept + " l2=" + l2, new LinearRegression(DIM, intercept, l2), REAL, 3);
      }
    }
  }

  @Test
  void logisticRegression() {
    for (boolean intercept : new boolean[] {false, true}) {
      for (double l2 : new double[] {0, 0.3}) {
        LogisticRegression m = new LogisticRegression(DIM, intercept, l2);
        checkAll("logistic b=" + intercept + " l2=" + l2 + " 0/1", m, ZERO_ONE, 4);
        checkAll("logistic b=" + intercept + " l2=" + l2 + " ±1", m, PLUS_MINUS, 5);
      }
    }
  }

  @Test
  void logisticTreatsZeroOneAndPlusMinusLabelsAlike() {
    LogisticRegression m = new LogisticRegression(DIM, true, 0.1);
    FeatureRows a = rows(9, 6, true, ZERO_ONE)[1];
    double[] pm = a.labels().clone();
    for (int r = 0; r < pm.length; r++) pm[r] = pm[r] > 0 ? 1 : -1;
    FeatureRows b = new FeatureRows(DIM, a.rowPtr(), a.indices(), a.values(), pm, a.weights());
    double[] w = random(m.layout().size(), 7);
    GradientBuffer ga = new GradientBuffer(m.layout());
    GradientBuffer gb = new GradientBuffer(m.layout());
    assertEquals(m.addLossGradient(w, a, Selection.all(9), ga), m.addLossGradient(w, b, Selection.all(9), gb), 0.0);
    assertArrayEquals(ga.values(), gb.values(), 0.0);
  }

  @Test
  void softmaxRegression() {
    for (boolean intercept : new boolean[] {false, true}) {
      for (double l2 : new double[] {0, 0.3}) {
        checkAll("softmax b=" + intercept + " l2=" + l2, new SoftmaxRegression(DIM, 3, intercept, l2),
            THREE_CLASSES, 8);
      }
    }
  }

  @Test
  void factorizationMachine() {
    for (boolean binary : new boolean[] {false, true}) {
      for (double[] lambda : new double[][] {{0, 0}, {0.2, 0}, {0, 0.3}, {0.2, 0.3}}) {
        checkAll("fm binary=" + binary + " λ=" + lambda[0] + "," + lambda[1],
            new FactorizationMachine(DIM, 3, binary, lambda[0], lambda[1]), binary ? ZERO_ONE : REAL, 9);
        checkAll("fm per occurrence binary=" + binary + " λ=" + lambda[0] + "," + lambda[1],
            new FactorizationMachine(DIM, 3, binary, lambda[0], lambda[1],
                FactorizationMachine.Regularization.OCCURRENCE), binary ? ZERO_ONE : REAL, 15);
      }
    }
  }

  /** Under a feature scale, row j of V starts divided by scale[j]: the factors on the raw values are unchanged. */
  @Test
  void factorizationMachineInitialFactorsOverTheFeatureScale() {
    int rank = 3;
    FactorizationMachine fm = new FactorizationMachine(DIM, rank, false, 0, 0);
    double[] scale = new double[DIM];
    for (int j = 0; j < DIM; j++) scale[j] = 1 + 3.5 * j;
    double[] raw = fm.initialParameters(0.1, 3.5, 11);
    double[] scaled = fm.initialParameters(0.1, 3.5, 11, scale);
    assertEquals(raw[0], scaled[0]);
    for (int j = 0; j < DIM; j++) {
      assertEquals(0.0, scaled[1 + j]);
      for (int f = 0; f < rank; f++) {
        int k = 1 + DIM + j * rank + f;
        assertTrue(raw[k] != 0);
        assertEquals(raw[k], scaled[k] * scale[j], 1e-15);
      }
    }
  }

  /** Per occurrence, a row charges λ/2 (w_j² + ‖V_j‖²) for each of its nonzero features, w0 free. */
  @Test
  void factorizationMachinePerOccurrencePenaltyIsTheRowsFeaturesOnly() {
    FeatureRows x = rows(9, 14, false, REAL)[1];
    Selection one = Selection.range(0, 1);
    int rank = 3;
    double lambda = 0.7;
    FactorizationMachine plain = new FactorizationMachine(DIM, rank, false, 0, 0);
    FactorizationMachine reg = new FactorizationMachine(DIM, rank, false, lambda, lambda,
        FactorizationMachine.Regularization.OCCURRENCE);
    double[] w = random(plain.layout().size(), 3);
    double expected = 0;
    for (int p = x.start(0); p < x.end(0); p++) {
      if (x.values()[p] == 0) continue;
      int j = x.index(0, p);
      expected += 0.5 * lambda * w[1 + j] * w[1 + j];
      for (int f = 0; f < rank; f++) expected += 0.5 * lambda * w[1 + DIM + j * rank + f] * w[1 + DIM + j * rank + f];
    }
    assertTrue(expected > 0);
    double base = plain.addLossGradient(w, x, one, new GradientBuffer(plain.layout()));
    double withPenalty = reg.addLossGradient(w, x, one, new GradientBuffer(reg.layout()));
    assertEquals(expected, withPenalty - base, 1e-12);
  }

  @Test
  void mlp() {
    checkAll("mlp 5", new Mlp(DIM, new int[] {5}, 3, 0), THREE_CLASSES, 10);
    checkAll("mlp 5 l2", new Mlp(DIM, new int[] {5}, 3, 0.2), THREE_CLASSES, 11);
    checkAll("mlp 6x4 l2", new Mlp(DIM, new int[] {6, 4}, 4, 0.1), u -> Math.floor(4 * u), 12);
    checkAll("mlp no hidden", new Mlp(DIM, new int[] {}, 3, 0.1), THREE_CLASSES, 13);
  }

  @Test
  void sparseRowsWithoutL2GiveRowSparseGradients() {
    FeatureRows x = rows(9, 14, false, REAL)[1];
    Selection one = Selection.range(0, 1);
    int nnz = x.end(0) - x.start(0);
    assertTrue(nnz > 0 && nnz < DIM);
    assertEquals(1 + nnz, touched(new LinearRegression(DIM, true, 0), x, one));
    assertEquals(1 + 2 * nnz, touched(new FactorizationMachine(DIM, 3, false, 0, 0), x, one));
    assertEquals(1 + nnz + DIM, touched(new FactorizationMachine(DIM, 3, false, 0, 0.1), x, one));
    assertEquals(1 + 2 * nnz, touched(new FactorizationMachine(DIM, 3, false, 0.2, 0.1,
        FactorizationMachine.Regularization.OCCURRENCE), x, one));
    FeatureRows c = rows(9, 14, false, THREE_CLASSES)[1];
    assertEquals(nnz + 1, touched(new SoftmaxRegression(DIM, 3, true, 0), c, one));
    assertEquals(0, touched(new LinearRegression(DIM, true, 0.5), x, Selection.range(0, 0)));
  }

  static int touched(Model<FeatureRows> m, FeatureRows x, Selection sel) {
    GradientBuffer g = new GradientBuffer(m.layout());
    m.addLossGradient(random(m.layout().size(), 1), x, sel, g);
    return g.numTouched();
  }

  @Test
  void layoutsAreAsDocumented() {
    assertEquals("ParameterLayout[ b 1x1 w 7x1 ]", new LinearRegression(7, true, 0).layout().toString());
    assertEquals("ParameterLayout[ w 7x1 ]", new LogisticRegression(7, false, 0).layout().toString());
    assertEquals("ParameterLayout[ W 7x3 b 1x3 ]", new SoftmaxRegression(7, 3, true, 0).layout().toString());
    assertEquals("ParameterLayout[ w0 1x1 w 7x1 V 7x2 ]", new FactorizationMachine(7, 2, true, 0, 0).layout()
        .toString());
    assertEquals("ParameterLayout[ W1 5x7 b1 1x5 W2 4x5 b2 1x4 W3 3x4 b3 1x3 ]",
        new Mlp(7, new int[] {5, 4}, 3, 0).layout().toString());
  }

  @Test
  void scoresAgreeWithTheLoss() {
    FeatureRows x = rows(9, 15, false, REAL)[1];
    double[] w = random(1 + 2 * DIM + 3 * DIM, 16);
    FactorizationMachine fm = new FactorizationMachine(DIM, 3, false, 0, 0);
    for (int r = 0; r < 9; r++) {
      double e = fm.score(w, x, r) - x.labels()[r];
      assertEquals(0.5 * e * e, fm.addLossGradient(w, x, Selection.range(r, r + 1), new GradientBuffer(fm.layout())),
          1e-12);
    }
    Mlp mlp = new Mlp(DIM, new int[] {5}, 3, 0);
    double[] p = mlp.initialParameters(3);
    FeatureRows c = rows(9, 17, false, THREE_CLASSES)[0];
    double[] z = new double[3];
    for (int r = 0; r < 9; r++) {
      mlp.logits(p, c, r, z);
      int y = (int) c.labels()[r];
      double lse = Math.log(Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]));
      assertEquals(lse - z[y], mlp.addLossGradient(p, c, Selection.range(r, r + 1), new GradientBuffer(mlp
          .layout())), 1e-12);
    }
  }

  @Test
  void initialisationIsSeededAndScaled() {
    Mlp mlp = new Mlp(784, new int[] {128}, 10, 0);
    double[] a = mlp.initialParameters(5);
    assertArrayEquals(a, mlp.initialParameters(5), 0.0);
    double bound = Math.sqrt(6.0 / (784 + 128));
    double max = 0;
    for (int j = 0; j < 128 * 784; j++) max = Math.max(max, Math.abs(a[j]));
    assertTrue(max <= bound && max > 0.99 * bound, "Glorot bound " + bound + ", largest |W1| " + max);
    for (int j = 128 * 784; j < 128 * 785; j++) assertEquals(0.0, a[j], "b1 starts at 0");
    FactorizationMachine fm = new FactorizationMachine(50, 4, false, 0, 0);
    double[] f = fm.initialParameters(0.1, 3.5, 9);
    assertEquals(3.5, f[0]);
    for (int j = 1; j <= 50; j++) assertEquals(0.0, f[j]);
    double sq = 0;
    for (int j = 51; j < f.length; j++) sq += f[j] * f[j];
    double std = Math.sqrt(sq / 200);
    assertTrue(std > 0.08 && std < 0.12, "V's std " + std + " for init_std 0.1");
  }

  @Test
  void badLabelsAndHyperparametersFailNamingThem() {
    FeatureRows x = rows(9, 18, false, u -> 3)[0];
    var e = assertThrows(IllegalArgumentException.class, () -> new SoftmaxRegression(DIM, 3, true, 0)
        .addLossGradient(new double[DIM * 3 + 3], x, Selection.all(9), new GradientBuffer(
            new SoftmaxRegression(DIM, 3, true, 0).layout())));
    assertTrue(e.getMessage().contains("label 3.0"), e.getMessage());
    assertEquals("model.l2", assertThrows(ConfigException.class, () -> new Mlp(3, new int[] {2}, 2, -1)).key());
    assertEquals("model.rank", assertThrows(ConfigException.class,
        () -> new FactorizationMachine(3, 0, false, 0, 0)).key());
    assertEquals("model.lambda_factors", assertThrows(ConfigException.class,
        () -> new FactorizationMachine(3, 2, false, 0, Double.NaN)).key());
    assertEquals("model.hidden", assertThrows(ConfigException.class, () -> new Mlp(3, new int[] {0}, 2, 0)).key());
  }

  @Test
  void matrixFactorization() {
    MatrixFactorization mf = new MatrixFactorization(5, 4, 3, 3.1, 0.07, 0.02);
    RatingColumns data = new RatingColumns(new int[] {0, 1, 4, 4, 2, 0}, new int[] {0, 3, 1, 1, 2, 3},
        new float[] {5, 1, 3.5f, 4, 2, 0.5f});
    check("mf", mf, random(mf.layout().size(), 1), data, Selection.all(data.size()));
    checkRows("mf", mf, random(mf.layout().size(), 1), data, Selection.range(1, 4));
  }

  @Test
  void matrixFactorizationTouchesOnlyItsRows() {
    MatrixFactorization mf = new MatrixFactorization(5, 4, 2, 3, 0.1, 0.1);
    RatingColumns data = new RatingColumns(new int[] {1}, new int[] {2}, new float[] {4});
    GradientBuffer g = new GradientBuffer(mf.layout());
    mf.addLossGradient(random(mf.layout().size(), 2), data, Selection.all(1), g);
    assertEquals(4, g.numTouched());
    int[] rows = g.touchedRowsSorted();
    assertEquals(1, rows[0]);           // P[1]
    assertEquals(5 + 2, rows[1]);       // Q[2]
    assertEquals(5 + 4 + 1, rows[2]);   // bu[1]
    assertEquals(5 + 4 + 5 + 2, rows[3]); // bi[2]
    int nonzero = 0;
    for (double v : g.values()) if (v != 0) nonzero++;
    assertEquals(2 + 2 + 1 + 1, nonzero);
  }

  @Test
  void lossesAreStableForLargeMargins() {
    assertEquals(1000.0, Losses.softplus(1000.0), 1e-9);
    assertEquals(0.0, Losses.softplus(-1000.0), 1e-300);
    assertEquals(1.0, Losses.sigmoid(800.0));
    assertEquals(0.0, Losses.sigmoid(-800.0));
    double[] z = {1000, 0, -1000};
    assertEquals(1000.0, Losses.softmaxInPlace(z, 0, 3), 1e-9);
    assertEquals(1.0, z[0]);
  }

  @Test
  void coldStartScoresTheKnownBias() {
    MatrixFactorization mf = new MatrixFactorization(2, 2, 1, 3.0, 0, 0);
    double[] w = {0.5, 0.2, 1.0, 2.0, 0.1, 0.3, -0.2, 0.4};
    assertEquals(3.0 + 0.1 - 0.2 + 0.5 * 1.0, mf.predict(w, 0, 0), 1e-15);
    assertEquals(3.0 + 0.1, mf.predict(w, 0, -1), 1e-15);
    assertEquals(3.0 + 0.4, mf.predict(w, -1, 1), 1e-15);
    assertEquals(3.0, mf.predict(w, -1, -1), 1e-15);
  }
}
