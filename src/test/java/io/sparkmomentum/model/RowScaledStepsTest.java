package io.sparkmomentum.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@code model.gradient_scale = row}: each example's gradient on its user's rows times N/n_u and on its item's rows
 * times N/n_i, so every row's averaged gradient is the mean over its own ratings; the loss is untouched.
 */
class RowScaledStepsTest {
  // 3 users, 2 items; user 0 has 3 ratings, user 1 two, user 2 one; item 0 four, item 1 two
  static final RatingColumns DATA = new RatingColumns(new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 1, 0, 0, 1, 0},
      new float[] {4, 2, 5, 3, 1, 4});
  static final int[] USERS = {3, 2, 1};
  static final int[] ITEMS = {4, 2};

  @Test
  void everyRowIsScaledByTheCountOverItsOwnCount() {
    MatrixFactorization plain = new MatrixFactorization(3, 2, 2, 3.2, 0.1, 0.01);
    MatrixFactorization scaled = plain.withRowScales(6, USERS, ITEMS);
    double[] w = plain.initialParameters(0.5, 3);
    for (int j = 0; j < w.length; j++) w[j] += 0.01 * j; // biases nonzero too
    GradientBuffer a = new GradientBuffer(plain.layout());
    GradientBuffer b = new GradientBuffer(plain.layout());
    double la = plain.addLossGradient(w, DATA, Selection.all(6), a);
    double lb = scaled.addLossGradient(w, DATA, Selection.all(6), b);
    assertEquals(la, lb, 0.0);
    ParameterLayout l = plain.layout();
    // rows: P (3 users), Q (2 items), bu (3), bi (2)
    double[] rowScale = {6 / 3.0, 6 / 2.0, 6 / 1.0, 6 / 4.0, 6 / 2.0, 6 / 3.0, 6 / 2.0, 6 / 1.0, 6 / 4.0, 6 / 2.0};
    for (int r = 0; r < l.numRows(); r++) {
      for (int j = l.rowOffset(r); j < l.rowOffset(r) + l.rowWidth(r); j++) {
        assertEquals(rowScale[r] * a.values()[j], b.values()[j], 1e-12 * Math.max(1, Math.abs(b.values()[j])),
            "row " + r);
      }
    }
  }

  @Test
  void countsMustMatchTheModel() {
    MatrixFactorization mf = new MatrixFactorization(3, 2, 2, 3, 0.1, 0.01);
    assertThrows(IllegalArgumentException.class, () -> mf.withRowScales(6, new int[] {1, 2}, ITEMS));
  }
}
