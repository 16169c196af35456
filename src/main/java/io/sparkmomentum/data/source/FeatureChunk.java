package io.sparkmomentum.data.source;

import java.io.Serializable;
import java.util.Objects;

/**
 * The labelled feature rows parsed from one input split, columnar. Sparse (CSR: {@code rowPtr != null}) or dense
 * ({@code rowPtr == null}, row {@code r} is {@code values[r·dim, (r+1)·dim)}).
 *
 * @param dim     the number of features (LIBSVM: {@code data.num_features}, or the largest index seen in this
 *                chunk when that is 0; IDX: rows × columns of an image)
 * @param rowPtr  CSR row pointers (length rows + 1), or null for dense rows
 * @param indices CSR column indices, 0-based, strictly increasing within a row; null for dense rows
 * @param values  CSR values, or the dense row-major values
 * @param labels  per row: the label (with {@link LabelKind#BINARY} 0 or 1, with {@link LabelKind#CLASS} the class)
 * @param weights per row weights, or null when all are 1
 * @param report  what the split produced
 */
public record FeatureChunk(int dim, int[] rowPtr, int[] indices, float[] values, float[] labels, float[] weights,
    ReadReport report) implements Serializable {

  public FeatureChunk {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(labels, "labels");
    if (rowPtr != null) {
      if (rowPtr.length != labels.length + 1 || indices == null || indices.length != values.length) {
        throw new IllegalArgumentException("bad CSR shape");
      }
    } else if ((long) labels.length * dim != values.length) {
      throw new IllegalArgumentException("dense rows: " + labels.length + " x " + dim + " != " + values.length);
    }
  }

  public int size() {
    return labels.length;
  }

  /** No rows: split {@code split} stopped on bad input. */
  public static FeatureChunk failed(int split, io.sparkmomentum.data.BadInputException e) {
    return new FeatureChunk(0, null, null, new float[0], new float[0], null, ReadReport.failed(split, e));
  }

  public boolean sparse() {
    return rowPtr != null;
  }

  /** These rows in CSR form: a dense row's nonzeros (sparse rows are returned as they are). */
  public FeatureChunk asSparse() {
    if (sparse()) return this;
    int n = size();
    int[] ptr = new int[n + 1];
    int nnz = 0;
    for (float v : values) if (v != 0) nnz++;
    int[] idx = new int[nnz];
    float[] val = new float[nnz];
    int at = 0;
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < dim; j++) {
        float v = values[r * dim + j];
        if (v != 0) {
          idx[at] = j;
          val[at++] = v;
        }
      }
      ptr[r + 1] = at;
    }
    return new FeatureChunk(dim, ptr, idx, val, labels, weights, report);
  }
}
