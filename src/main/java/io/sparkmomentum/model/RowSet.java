package io.sparkmomentum.model;

import java.util.Arrays;

/**
 * A set of parameter rows ({@link ParameterLayout} global row ids) that is cheap to fill, list and reset: a bit per
 * row plus the list of rows in insertion order, so that clearing costs what was added.
 */
public final class RowSet {
  private final int numRows;
  private final long[] bits;
  private int[] rows = new int[16];
  private int size;

  public RowSet(int numRows) {
    this.numRows = numRows;
    this.bits = new long[(numRows + 63) >>> 6];
  }

  /** Adds {@code row}; cheap when it is already present. */
  public void add(int row) {
    long bit = 1L << row;
    int w = row >>> 6;
    long word = bits[w];
    if ((word & bit) == 0) {
      bits[w] = word | bit;
      if (size == rows.length) rows = Arrays.copyOf(rows, rows.length * 2);
      rows[size++] = row;
    }
  }

  /** Adds every row of a sorted or unsorted list. */
  public void addAll(int[] list) {
    for (int r : list) add(r);
  }

  public boolean contains(int row) {
    return (bits[row >>> 6] & (1L << row)) != 0;
  }

  public int size() {
    return size;
  }

  public int numRows() {
    return numRows;
  }

  /** The rows in increasing order, read off the bits (no sort): O(size + numRows / 64). */
  public int[] sorted() {
    int[] out = new int[size];
    int n = 0;
    for (int w = 0; w < bits.length && n < size; w++) {
      long word = bits[w];
      while (word != 0) {
        out[n++] = (w << 6) + Long.numberOfTrailingZeros(word);
        word &= word - 1;
      }
    }
    return out;
  }

  /** The row at position {@code k} of the internal list (insertion order). */
  int at(int k) {
    return rows[k];
  }

  /** Empties the set: cost proportional to its size, or to the bit words when it holds more than a quarter. */
  public void clear() {
    if ((long) size * 4 > numRows) {
      Arrays.fill(bits, 0);
    } else {
      for (int k = 0; k < size; k++) bits[rows[k] >>> 6] = 0;
    }
    size = 0;
  }
}
