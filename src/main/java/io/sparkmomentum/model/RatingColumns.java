package io.sparkmomentum.model;

import java.io.Serializable;

/**
 * Explicit ratings as primitive columns: no per-rating objects. User and item ids are dense indices; {@code -1}
 * marks an id unknown to the model (cold start, only in evaluation data).
 */
public record RatingColumns(int[] users, int[] items, float[] ratings) implements Serializable {
  public RatingColumns {
    if (users.length != items.length || users.length != ratings.length) {
      throw new IllegalArgumentException("columns differ in length: " + users.length + ", " + items.length + ", "
          + ratings.length);
    }
  }

  public int size() {
    return users.length;
  }

  /** The rows {@code [from, to)} as a new block (copies). */
  public RatingColumns slice(int from, int to) {
    return new RatingColumns(java.util.Arrays.copyOfRange(users, from, to),
        java.util.Arrays.copyOfRange(items, from, to), java.util.Arrays.copyOfRange(ratings, from, to));
  }

  /** Mean rating, accumulated in double in row order. */
  public double mean() {
    double s = 0;
    for (float r : ratings) s += r;
    return ratings.length == 0 ? Double.NaN : s / ratings.length;
  }
}
