package io.sparkmomentum.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Ratings as three parallel primitive columns (no per-rating objects). {@code users[k]}, {@code items[k]}
 * are dense indices from {@link IdIndex}, or -1 for an id unknown to the index (only when reading a test
 * set against a training index). Treat the arrays as read-only.
 */
public final class Ratings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Dense user indices, -1 for unknown. */
  public final int[] users;
  /** Dense item indices, -1 for unknown. */
  public final int[] items;
  /** Rating values, all finite. */
  public final float[] ratings;
  /** The number of ratings (the length of each array). */
  public final int size;

  /** Wraps the arrays (no copy); they must have the same length. */
  public Ratings(int[] users, int[] items, float[] ratings) {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(ratings, "ratings");
    if (users.length != items.length || users.length != ratings.length) {
      throw new IllegalArgumentException("column lengths differ: users " + users.length + ", items " + items.length
          + ", ratings " + ratings.length);
    }
    this.users = users;
    this.items = items;
    this.ratings = ratings;
    this.size = users.length;
  }

  /** No ratings. */
  public static Ratings empty() {
    return new Ratings(new int[0], new int[0], new float[0]);
  }

  /** True if there are no ratings. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** The mean rating (summed in double), NaN if empty. */
  public double mean() {
    if (size == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (float r : ratings) {
      sum += r;
    }
    return sum / size;
  }

  /** The smallest rating, NaN if empty. */
  public float min() {
    float m = Float.NaN;
    for (int k = 0; k < size; k++) {
      if (!(ratings[k] >= m)) {
        m = ratings[k];
      }
    }
    return m;
  }

  /** The largest rating, NaN if empty. */
  public float max() {
    float m = Float.NaN;
    for (int k = 0; k < size; k++) {
      if (!(ratings[k] <= m)) {
        m = ratings[k];
      }
    }
    return m;
  }

  /** The ratings at positions {@code idx}, in that order. */
  public Ratings select(int[] idx) {
    int[] u = new int[idx.length];
    int[] i = new int[idx.length];
    float[] r = new float[idx.length];
    for (int k = 0; k < idx.length; k++) {
      int j = Objects.checkIndex(idx[k], size);
      u[k] = users[j];
      i[k] = items[j];
      r[k] = ratings[j];
    }
    return new Ratings(u, i, r);
  }

  /** The ratings at positions {@code [from, to)} (copied). */
  public Ratings slice(int from, int to) {
    Objects.checkFromToIndex(from, to, size);
    return new Ratings(Arrays.copyOfRange(users, from, to), Arrays.copyOfRange(items, from, to),
        Arrays.copyOfRange(ratings, from, to));
  }

  /** The number of ratings whose user or item is unknown (-1). */
  public int countUnknown() {
    int n = 0;
    for (int k = 0; k < size; k++) {
      if (users[k] < 0 || items[k] < 0) {
        n++;
      }
    }
    return n;
  }

  @Override
  public String toString() {
    return "Ratings[size=" + size + (size > 0 ? ", mean=" + mean() + ", min=" + min() + ", max=" + max() : "") + "]";
  }

  /** Growable columns: append ratings, then {@link #build()}. */
  public static final class Builder {
    private static final int MAX = Integer.MAX_VALUE - 8;
    private int[] users;
    private int[] items;
    private float[] ratings;
    private int n;

    /** An empty builder. */
    public Builder() {
      this(1024);
    }

    /** An empty builder with room for {@code capacity} ratings. */
    public Builder(int capacity) {
      int c = Math.max(16, capacity);
      users = new int[c];
      items = new int[c];
      ratings = new float[c];
    }

    /** Appends one rating. */
    public Builder add(int user, int item, float rating) {
      if (n == users.length) {
        grow();
      }
      users[n] = user;
      items[n] = item;
      ratings[n] = rating;
      n++;
      return this;
    }

    /** The number of ratings appended so far. */
    public int size() {
      return n;
    }

    private void grow() {
      if (n >= MAX) {
        throw new IllegalStateException("more than " + MAX + " ratings do not fit in driver-side arrays");
      }
      int c = (int) Math.min(MAX, n + (long) (n >> 1) + 16);
      users = Arrays.copyOf(users, c);
      items = Arrays.copyOf(items, c);
      ratings = Arrays.copyOf(ratings, c);
    }

    /** The ratings appended so far (arrays trimmed to size; later appends do not change them). */
    public Ratings build() {
      if (n == users.length) { // full: hand the arrays over without a copy; the next add grows into new ones
        return new Ratings(users, items, ratings);
      }
      return new Ratings(Arrays.copyOf(users, n), Arrays.copyOf(items, n), Arrays.copyOf(ratings, n));
    }
  }
}
