package io.sparkmomentum.model;

import java.io.Serializable;

/**
 * Rating triples as primitive columns, the example block of the rating models: no per-rating objects. User and item
 * ids are dense indices; {@code -1} marks an id unknown to the model (cold start, only in evaluation data).
 *
 * @param weights per-example weights, or null when every example weighs 1
 */
public record RatingColumns(int[] users, int[] items, float[] ratings, float[] weights) implements Serializable {
  public RatingColumns {
    if (users.length != items.length || users.length != ratings.length
        || (weights != null && weights.length != users.length)) {
      throw new IllegalArgumentException("columns differ in length: " + users.length + ", " + items.length + ", "
          + ratings.length + (weights == null ? "" : ", " + weights.length));
    }
  }

  /** Unweighted ratings. */
  public RatingColumns(int[] users, int[] items, float[] ratings) {
    this(users, items, ratings, null);
  }

  /** The weight of example {@code x} (1 when unweighted). */
  public float weight(int x) {
    return weights == null ? 1f : weights[x];
  }

  public int size() {
    return users.length;
  }

  /** The rows {@code [from, to)} as a new block (copies). */
  public RatingColumns slice(int from, int to) {
    return new RatingColumns(java.util.Arrays.copyOfRange(users, from, to),
        java.util.Arrays.copyOfRange(items, from, to), java.util.Arrays.copyOfRange(ratings, from, to),
        weights == null ? null : java.util.Arrays.copyOfRange(weights, from, to));
  }

  /** Mean rating, accumulated in double in row order. */
  public double mean() {
    double s = 0;
    for (float r : ratings) s += r;
    return ratings.length == 0 ? Double.NaN : s / ratings.length;
  }
}
