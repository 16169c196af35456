package io.sparkmomentum.model;

import java.util.Arrays;

/**
 * Per-row sums that a gradient kernel accumulates during one call and consumes before it returns: a dense double
 * per row plus the list of rows added, in first-added order, so that reading and resetting cost what was added.
 * {@link MatrixFactorization} sums each touched row's example weights here to apply the row's L2 term once per
 * call instead of once per example. Obtained from {@link GradientBuffer#rowSums}; empty between calls.
 */
public final class RowSums {
  private final double[] sums;
  private int[] rows;
  private int size;
  /** Written by a kernel so that the JIT keeps its look-ahead loads (see MatrixFactorization); never read. */
  long sink;

  RowSums(int numRows) {
    this.sums = new double[numRows];
    this.rows = new int[Math.max(16, Math.min(numRows, 1 << 16))];
  }

  public int numRows() {
    return sums.length;
  }

  /**
   * Adds {@code c} to row {@code row}'s sum. A row whose sum is 0 is listed (again): a row whose sum came back to 0
   * (zero or cancelling weights) may be listed twice, which {@link #take} makes harmless.
   */
  public void add(int row, double c) {
    double s = sums[row];
    if (s == 0) {
      if (size == rows.length) rows = Arrays.copyOf(rows, rows.length * 2);
      rows[size++] = row;
    }
    sums[row] = s + c;
  }

  /** Rows listed so far (with repeats, see {@link #add}). */
  public int size() {
    return size;
  }

  /** The {@code k}-th listed row. */
  public int row(int k) {
    return rows[k];
  }

  /** Row {@code row}'s sum, reset to 0 (a repeat of the row then takes 0). */
  public double take(int row) {
    double s = sums[row];
    sums[row] = 0;
    return s;
  }

  /** Zeroes every listed row and forgets them. */
  public void clear() {
    for (int k = 0; k < size; k++) sums[rows[k]] = 0;
    size = 0;
  }
}
