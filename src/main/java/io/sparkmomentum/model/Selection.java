package io.sparkmomentum.model;

/** Which examples of a data block a gradient evaluation visits, and in which order. */
public interface Selection {
  int size();

  /** The index (into the data block) of the {@code k}-th visited example. */
  int index(int k);

  /** All examples {@code 0..n-1}, in order. */
  static Selection all(int n) {
    return new Selection() {
      public int size() {
        return n;
      }

      public int index(int k) {
        return k;
      }
    };
  }

  /** The contiguous examples {@code [from, to)}. */
  static Selection range(int from, int to) {
    return new Selection() {
      public int size() {
        return to - from;
      }

      public int index(int k) {
        return from + k;
      }
    };
  }
}
