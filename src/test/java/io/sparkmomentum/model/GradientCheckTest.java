package io.sparkmomentum.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Central finite differences against every model's analytic gradient, at random points. */
class GradientCheckTest {
  static final double H = 1e-6;

  static <D> void check(Model<D> model, double[] w, D data, Selection sel) {
    GradientBuffer g = new GradientBuffer(model.layout());
    model.addLossGradient(w, data, sel, g);
    double worst = 0;
    for (int j = 0; j < w.length; j++) {
      double keep = w[j];
      w[j] = keep + H;
      double up = model.addLossGradient(w, data, sel, new GradientBuffer(model.layout()));
      w[j] = keep - H;
      double down = model.addLossGradient(w, data, sel, new GradientBuffer(model.layout()));
      w[j] = keep;
      double fd = (up - down) / (2 * H);
      double err = Math.abs(fd - g.values()[j]) / Math.max(1, Math.abs(fd));
      worst = Math.max(worst, err);
      assertTrue(err < 1e-6, "parameter " + j + ": analytic " + g.values()[j] + " vs finite difference " + fd);
    }
    assertTrue(worst < 1e-6);
  }

  static double[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] w = new double[n];
    for (int j = 0; j < n; j++) w[j] = r.nextGaussian() * 0.5;
    return w;
  }

  @Test
  void matrixFactorization() {
    MatrixFactorization mf = new MatrixFactorization(5, 4, 3, 3.1, 0.07, 0.02);
    RatingColumns data = new RatingColumns(new int[] {0, 1, 4, 4, 2, 0}, new int[] {0, 3, 1, 1, 2, 3},
        new float[] {5, 1, 3.5f, 4, 2, 0.5f});
    check(mf, random(mf.layout().size(), 1), data, Selection.all(data.size()));
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
  void linearRegression() {
    double[][] x = {{1, 2, -1}, {0.5, -1, 3}, {2, 0, 1}, {-1, 1, 1}};
    check(new LinearRegression(3), random(3, 3), new DenseRows(x, new double[] {1, -2, 0.5, 3}), Selection.all(4));
  }

  @Test
  void logisticRegression() {
    double[][] x = {{1, 2, -1}, {1, -1, 3}, {1, 0, 1}, {1, 1, 1}};
    check(new LogisticRegression(3, 0.3), random(3, 4), new DenseRows(x, new double[] {1, -1, -1, 1}),
        Selection.all(4));
  }

  @Test
  void logisticIsStableForLargeMargins() {
    assertEquals(1000.0, LogisticRegression.softplus(1000.0), 1e-9);
    assertEquals(0.0, LogisticRegression.softplus(-1000.0), 1e-300);
    assertEquals(1.0, LogisticRegression.sigmoid(800.0));
    assertEquals(0.0, LogisticRegression.sigmoid(-800.0));
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
