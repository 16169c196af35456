package io.sparkmomentum.optim;

/**
 * The rows of a flat parameter vector: row {@code r} covers the values {@code [start(r), start(r) + width(r))}.
 * Rows are disjoint; the sparse modes of {@link MomentumSgd} update, and keep their bookkeeping for, whole rows.
 * They expect rows numbered in increasing order of {@link #start} (as a model's parameter layout numbers them) so
 * that a gradient norm summed over the touched rows is the dense norm bit for bit.
 */
public interface RowMap {
  int numRows();

  /** First index of row {@code row} in the flat vector. */
  int start(int row);

  /** Number of values in row {@code row}. */
  int width(int row);

  /** Consecutive rows of the given widths, starting at index 0. */
  static RowMap ofWidths(int... widths) {
    int[] starts = new int[widths.length + 1];
    for (int r = 0; r < widths.length; r++) {
      if (widths[r] < 1) throw new IllegalArgumentException("row " + r + " has width " + widths[r]);
      starts[r + 1] = Math.addExact(starts[r], widths[r]);
    }
    return new RowMap() {
      @Override
      public int numRows() {
        return widths.length;
      }

      @Override
      public int start(int row) {
        return starts[row];
      }

      @Override
      public int width(int row) {
        return starts[row + 1] - starts[row];
      }
    };
  }
}
