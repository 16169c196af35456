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
  private final long[] touchedBits;
  private int[] touched;
  private int numTouched;

  public GradientBuffer(ParameterLayout layout) {
    this.layout = layout;
    this.values = new double[layout.size()];
    this.touchedBits = new long[(layout.numRows() + 63) >>> 6];
    this.touched = new int[16];
  }

  public ParameterLayout layout() {
    return layout;
  }

  /** The dense values; entries of untouched rows are zero. */
  public double[] values() {
    return values;
  }

  /** Marks global row {@code row} as touched. Cheap when already marked. */
  public void touch(int row) {
    long bit = 1L << row;
    int w = row >>> 6;
    long word = touchedBits[w];
    if ((word & bit) == 0) {
      touchedBits[w] = word | bit;
      if (numTouched == touched.length) touched = Arrays.copyOf(touched, touched.length * 2);
      touched[numTouched++] = row;
    }
  }

  public boolean isTouched(int row) {
    return (touchedBits[row >>> 6] & (1L << row)) != 0;
  }

  public int numTouched() {
    return numTouched;
  }

  /** The touched rows in increasing order (sorts the internal list in place). */
  public int[] touchedRowsSorted() {
    Arrays.sort(touched, 0, numTouched);
    return Arrays.copyOf(touched, numTouched);
  }

  /** Zeroes the touched rows and forgets them. */
  public void clear() {
    if ((long) numTouched * 4 > layout.numRows()) {
      Arrays.fill(values, 0);
      Arrays.fill(touchedBits, 0);
    } else {
      for (int k = 0; k < numTouched; k++) {
        int row = touched[k];
        int off = layout.rowOffset(row);
        Arrays.fill(values, off, off + layout.rowWidth(row), 0);
        touchedBits[row >>> 6] = 0;
      }
    }
    numTouched = 0;
  }
}
