package io.sparkmomentum.train;

import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.ParameterLayout;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The summed loss, example count and gradient of the partitions {@code [lo, hi)} for one round. The gradient is
 * row-sparse (the sorted touched rows of the {@link ParameterLayout} and their packed values) or, once most rows
 * are touched, dense. Only touched rows travel over the network.
 */
public final class GradientPiece implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Above this fraction of parameters present, a piece is stored densely. */
  static final double DENSE_FRACTION = 0.5;

  final int lo;
  final int hi;
  final double loss;
  final long count;
  /** Sorted touched rows, or {@code null} when dense. */
  final int[] rows;
  /** Packed row values (sparse) or all parameters (dense); {@code null} while {@link #narrowed}. */
  double[] values;
  /** The values rounded to float32 for the trip to the driver ({@code trainer.transfer_precision = float}). */
  float[] narrowed;
  /** Sorted rows the next round reads in these partitions ({@code sparse_update = exact}), else {@code null}. */
  int[] nextRows;
  /**
   * While a dense piece travels {@link #pack packed}: the rows of its values holding a non-zero bit, whose values
   * alone are in {@link #values}; {@code null} otherwise.
   */
  int[] packedRows;

  GradientPiece(int lo, int hi, double loss, long count, int[] rows, double[] values) {
    this.lo = lo;
    this.hi = hi;
    this.loss = loss;
    this.count = count;
    this.rows = rows;
    this.values = values;
  }

  /** The rows this piece's gradient touches, in increasing order ({@code null} when dense: all of them). */
  int[] rows() {
    return rows;
  }

  /** Sorted rows the next round reads, or {@code null} when not requested. */
  int[] nextRows() {
    return nextRows;
  }

  /** Packs a partition's buffer: its touched rows, or everything when that is smaller. */
  static GradientPiece of(int partition, double loss, long count, GradientBuffer buf) {
    ParameterLayout layout = buf.layout();
    int[] rows = buf.touchedRowsSorted();
    long width = 0;
    for (int r : rows) width += layout.rowWidth(r);
    if (width > DENSE_FRACTION * layout.size()) {
      return new GradientPiece(partition, partition + 1, loss, count, null, buf.values().clone());
    }
    double[] packed = new double[(int) width];
    int k = 0;
    for (int r : rows) {
      int off = layout.rowOffset(r);
      int w = layout.rowWidth(r);
      System.arraycopy(buf.values(), off, packed, k, w);
      k += w;
    }
    return new GradientPiece(partition, partition + 1, loss, count, rows, packed);
  }

  boolean dense() {
    return rows == null;
  }

  /** Number of values this piece carries. */
  int payload() {
    return values != null ? values.length : narrowed.length;
  }

  /** Bytes this piece carries. */
  long payloadBytes() {
    return values != null ? 8L * values.length : 4L * narrowed.length;
  }

  /** Bytes this piece carries over the network: its values, its row indices and its reported next rows. */
  long wireBytes() {
    return payloadBytes() + 4L * (rows == null ? 0 : rows.length) + 4L * (nextRows == null ? 0 : nextRows.length)
        + 4L * (packedRows == null ? 0 : packedRows.length);
  }

  /**
   * Packs a dense piece for transport: only its rows holding a non-zero bit travel (with their indices), when that
   * is smaller. A sum of subtrees is stored densely once its rows cover more than {@link #DENSE_FRACTION} of the
   * parameters, which would cost up to twice the bytes of its sparse form; packing sends the sparse form instead.
   * The piece stays dense (it combines as before) and {@link #unpack} restores every bit, the zero rows being exact
   * {@code +0.0} (a row whose values include {@code -0.0} has a non-zero bit and travels).
   */
  GradientPiece pack(ParameterLayout layout) {
    if (!dense() || values == null || packedRows != null) return this;
    int[] kept = new int[layout.numRows()];
    int n = 0;
    long width = 0;
    for (int r = 0; r < layout.numRows(); r++) {
      int off = layout.rowOffset(r);
      int w = layout.rowWidth(r);
      for (int f = 0; f < w; f++) {
        if (Double.doubleToRawLongBits(values[off + f]) != 0) {
          kept[n++] = r;
          width += w;
          break;
        }
      }
    }
    if (8 * width + 4L * n >= 8L * values.length) return this;
    double[] packed = new double[(int) width];
    int k = 0;
    for (int i = 0; i < n; i++) {
      int r = kept[i];
      System.arraycopy(values, layout.rowOffset(r), packed, k, layout.rowWidth(r));
      k += layout.rowWidth(r);
    }
    packedRows = Arrays.copyOf(kept, n);
    values = packed;
    return this;
  }

  /** Undoes {@link #pack}: every parameter's value again, bit for bit. */
  GradientPiece unpack(ParameterLayout layout) {
    if (packedRows != null) {
      double[] all = new double[layout.size()];
      int k = 0;
      for (int r : packedRows) {
        System.arraycopy(values, k, all, layout.rowOffset(r), layout.rowWidth(r));
        k += layout.rowWidth(r);
      }
      values = all;
      packedRows = null;
    }
    return this;
  }

  /** Rounds the values to float32 for transport (halves the bytes; the sum is still taken in double). */
  GradientPiece narrow() {
    if (values != null) {
      narrowed = new float[values.length];
      for (int j = 0; j < values.length; j++) narrowed[j] = (float) values[j];
      values = null;
    }
    return this;
  }

  /** Back to double after transport. */
  GradientPiece widen() {
    if (values == null) {
      values = new double[narrowed.length];
      for (int j = 0; j < values.length; j++) values[j] = narrowed[j];
      narrowed = null;
    }
    return this;
  }

  /**
   * The piece of {@code [left.lo, right.hi)}: {@code left + right}, component by component. Floating-point addition
   * of two numbers is commutative, so this depends only on the two operands: a fixed combination tree gives a
   * bit-identical sum whatever order Spark delivers the pieces in.
   */
  static GradientPiece combine(GradientPiece left, GradientPiece right, ParameterLayout layout) {
    GradientPiece sum = sum(left.unpack(layout).widen(), right.unpack(layout).widen(), layout);
    if (left.nextRows != null && right.nextRows != null) sum.nextRows = union(left.nextRows, right.nextRows);
    return sum;
  }

  private static GradientPiece sum(GradientPiece left, GradientPiece right, ParameterLayout layout) {
    if (left.hi != right.lo) throw new IllegalStateException("pieces not adjacent: " + left + " " + right);
    double loss = left.loss + right.loss;
    long count = left.count + right.count;
    if (left.dense() || right.dense()) {
      double[] out = left.toDense(layout);
      right.addTo(out, layout);
      return new GradientPiece(left.lo, right.hi, loss, count, null, out);
    }
    int[] a = left.rows;
    int[] b = right.rows;
    int[] rows = new int[a.length + b.length];
    int n = 0;
    int width = 0;
    for (int i = 0, j = 0; i < a.length || j < b.length; ) {
      int r;
      if (j == b.length || (i < a.length && a[i] < b[j])) {
        r = a[i++];
      } else if (i == a.length || b[j] < a[i]) {
        r = b[j++];
      } else {
        r = a[i++];
        j++;
      }
      rows[n++] = r;
      width += layout.rowWidth(r);
    }
    rows = Arrays.copyOf(rows, n);
    if (width > DENSE_FRACTION * layout.size()) {
      double[] out = left.toDense(layout);
      right.addTo(out, layout);
      return new GradientPiece(left.lo, right.hi, loss, count, null, out);
    }
    double[] values = new double[width];
    int ia = 0;
    int ib = 0;
    int pa = 0;
    int pb = 0;
    int k = 0;
    for (int r : rows) {
      int w = layout.rowWidth(r);
      boolean inA = ia < a.length && a[ia] == r;
      boolean inB = ib < b.length && b[ib] == r;
      if (inA && inB) {
        for (int f = 0; f < w; f++) values[k + f] = left.values[pa + f] + right.values[pb + f];
      } else if (inA) {
        System.arraycopy(left.values, pa, values, k, w);
      } else {
        System.arraycopy(right.values, pb, values, k, w);
      }
      if (inA) {
        ia++;
        pa += w;
      }
      if (inB) {
        ib++;
        pb += w;
      }
      k += w;
    }
    return new GradientPiece(left.lo, right.hi, loss, count, rows, values);
  }

  /** The sorted union of two sorted row lists. */
  static int[] union(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] < b[j]) {
        out[n++] = a[i++];
      } else if (b[j] < a[i]) {
        out[n++] = b[j++];
      } else {
        out[n++] = a[i++];
        j++;
      }
    }
    while (i < a.length) out[n++] = a[i++];
    while (j < b.length) out[n++] = b[j++];
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** Adds this piece's gradient into a dense vector. */
  private void addTo(double[] out, ParameterLayout layout) {
    if (dense()) {
      for (int j = 0; j < out.length; j++) out[j] += values[j];
      return;
    }
    int k = 0;
    for (int r : rows) {
      int off = layout.rowOffset(r);
      int w = layout.rowWidth(r);
      for (int f = 0; f < w; f++) out[off + f] += values[k + f];
      k += w;
    }
  }

  private double[] toDense(ParameterLayout layout) {
    if (dense()) return values.clone();
    double[] out = new double[layout.size()];
    addTo(out, layout);
    return out;
  }

  /**
   * Writes the mean gradient {@code (Σ g) / count} of this piece's rows into {@code out} (a dense vector whose other
   * rows the caller keeps at zero); a dense piece overwrites everything.
   */
  void meanInto(double[] out, ParameterLayout layout) {
    if (dense()) {
      for (int j = 0; j < out.length; j++) out[j] = count == 0 ? 0 : values[j] / count;
      return;
    }
    int k = 0;
    for (int r : rows) {
      int off = layout.rowOffset(r);
      int w = layout.rowWidth(r);
      for (int f = 0; f < w; f++) out[off + f] = values[k + f] / count;
      k += w;
    }
  }

  /** The mean gradient {@code (Σ g) / count} as a dense vector (zero where no example touched). */
  double[] meanDense(ParameterLayout layout) {
    double[] out = new double[layout.size()];
    if (count > 0 || dense()) meanInto(out, layout);
    return out;
  }

  @Override
  public String toString() {
    return "GradientPiece[" + lo + "," + hi + ") count=" + count + (dense() ? " dense" : " rows=" + rows.length);
  }
}
