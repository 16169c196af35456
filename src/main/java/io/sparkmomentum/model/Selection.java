package io.sparkmomentum.model;

/**
 * Which examples of a data block a gradient evaluation visits, and in which order: positions {@code [from, from +
 * size)} of an order array, or of the identity. A final class (not an interface with several implementations), so
 * that {@link #index} inlines into the gradient kernels.
 */
public final class Selection {
  private final int[] order;
  private final int from;
  private final int size;

  private Selection(int[] order, int from, int size) {
    this.order = order;
    this.from = from;
    this.size = size;
  }

  public int size() {
    return size;
  }

  /** The index (into the data block) of the {@code k}-th visited example. */
  public int index(int k) {
    return order == null ? from + k : order[from + k];
  }

  /** All examples {@code 0..n-1}, in order. */
  public static Selection all(int n) {
    return new Selection(null, 0, n);
  }

  /** The contiguous examples {@code [from, to)}. */
  public static Selection range(int from, int to) {
    return new Selection(null, from, to - from);
  }

  /** The examples {@code order[from], ..., order[to - 1]} (the array is not copied). */
  public static Selection of(int[] order, int from, int to) {
    if (from < 0 || to < from || to > order.length) {
      throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + order.length);
    }
    return new Selection(order, from, to - from);
  }
}
