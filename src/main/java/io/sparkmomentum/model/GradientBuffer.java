package io.sparkmomentum.model;

import java.util.Arrays;

/**
 * A dense gradient accumulator that also records which rows of the {@link ParameterLayout} were touched, so that
 * only those rows need to be sent over the network, merged, cleared or updated. Models add into
 * {@link #values()} at the row's offset and call {@link #touch(int)} for the row.
 *
 * <p>Reusable: {@link #clear()} zeroes only the touched rows, so a round costs what its mini-batch touches.
 */
public final class GradientBuffer {
  private final ParameterLayout layout;
  private final double[] values;
  private final RowSet touched;
  private RowSums rowSums;

  public GradientBuffer(ParameterLayout layout) {
    this.layout = layout;
    this.values = new double[layout.size()];
    this.touched = new RowSet(layout.numRows());
  }

  public ParameterLayout layout() {
    return layout;
  }

  /** The dense values; entries of untouched rows are zero. */
  public double[] values() {
    return values;
  }

  /**
   * A kernel's scratch of {@code numRows} per-row sums ({@link RowSums}), created on first use and kept with the
   * buffer (one per thread, see {@code BufferCache}); returned empty. The kernel must empty it before it returns.
   */
  public RowSums rowSums(int numRows) {
    if (rowSums == null || rowSums.numRows() != numRows) {
      rowSums = new RowSums(numRows);
    } else {
      rowSums.clear(); // left non-empty only by a kernel that threw
    }
    return rowSums;
  }

  /** Marks global row {@code row} as touched. Cheap when already marked. */
  public void touch(int row) {
    touched.add(row);
  }

  public boolean isTouched(int row) {
    return touched.contains(row);
  }

  public int numTouched() {
    return touched.size();
  }

  /** The touched rows in increasing order. */
  public int[] touchedRowsSorted() {
    return touched.sorted();
  }

  /** Zeroes the touched rows and forgets them. */
  public void clear() {
    int n = touched.size();
    if ((long) n * 4 > layout.numRows()) {
      Arrays.fill(values, 0);
    } else {
      for (int k = 0; k < n; k++) {
        int row = touched.at(k);
        int off = layout.rowOffset(row);
        Arrays.fill(values, off, off + layout.rowWidth(row), 0);
      }
    }
    touched.clear();
  }
}
