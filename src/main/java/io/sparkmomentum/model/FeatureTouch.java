package io.sparkmomentum.model;

/**
 * The parameter rows that the features of some rows address, for the models with one parameter row per feature:
 * feature {@code j} maps to row {@code firstRow + j} of each block given. Dense rows address every feature; sparse
 * rows their stored indices only, so a sparse batch reads and writes only its features' rows.
 */
final class FeatureTouch {
  /** Where the rows go: {@link GradientBuffer#touch} or {@link RowSet#add}. */
  interface Sink {
    void add(int row);
  }

  private FeatureTouch() {}

  static void rows(FeatureRows x, Selection sel, Sink sink, int... firstRows) {
    if (sel.size() == 0) return;
    if (!x.sparse()) {
      for (int first : firstRows) all(sink, first, x.dim());
      return;
    }
    int[] ptr = x.rowPtr();
    int[] idx = x.indices();
    for (int n = 0, size = sel.size(); n < size; n++) {
      int r = sel.index(n);
      for (int k = ptr[r], e = ptr[r + 1]; k < e; k++) {
        for (int first : firstRows) sink.add(first + idx[k]);
      }
    }
  }

  /** Rows {@code [first, first + count)}. */
  static void all(Sink sink, int first, int count) {
    for (int r = first, e = first + count; r < e; r++) sink.add(r);
  }
}
