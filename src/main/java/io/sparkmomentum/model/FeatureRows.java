package io.sparkmomentum.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled feature rows as primitive columns, the example block of the feature models (after MLlib's
 * {@code InstanceBlock}): sparse in CSR form ({@code rowPtr != null}: row {@code r}'s features are
 * {@code indices/values[rowPtr[r], rowPtr[r+1])}, 0-based, increasing) or dense ({@code rowPtr == null}: row
 * {@code r} is {@code values[r·dim, (r+1)·dim)}).
 *
 * <p>Values and labels are doubles, as in MLlib's blocks: a model computes on exactly the numbers it was given
 * (the readers parse files to floats, which doubles hold exactly).
 *
 * @param dim     features per row
 * @param weights per-row weights, or null when every row weighs 1
 */
public record FeatureRows(int dim, int[] rowPtr, int[] indices, double[] values, double[] labels, float[] weights)
    implements Serializable {

  public FeatureRows {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(labels, "labels");
    if (rowPtr != null) {
      if (rowPtr.length != labels.length + 1 || indices == null || indices.length != values.length
          || rowPtr[labels.length] != values.length) {
        throw new IllegalArgumentException("bad CSR shape: " + labels.length + " rows, " + values.length + " values");
      }
    } else if ((long) labels.length * dim != values.length) {
      throw new IllegalArgumentException("dense rows: " + labels.length + " x " + dim + " != " + values.length);
    }
    if (weights != null && weights.length != labels.length) {
      throw new IllegalArgumentException(labels.length + " rows but " + weights.length + " weights");
    }
  }

  public int size() {
    return labels.length;
  }

  public boolean sparse() {
    return rowPtr != null;
  }

  /** The first feature position of row {@code r} (in {@code indices}/{@code values} when sparse). */
  public int start(int r) {
    return sparse() ? rowPtr[r] : r * dim;
  }

  /** One past the last feature position of row {@code r}. */
  public int end(int r) {
    return sparse() ? rowPtr[r + 1] : (r + 1) * dim;
  }

  /** The feature index at position {@code k} of row {@code r}. */
  public int index(int r, int k) {
    return sparse() ? indices[k] : k - r * dim;
  }

  /** {@code w[offset + j]·x_j} summed over row {@code r}'s features, in feature order. */
  public double dot(int r, double[] w, int offset) {
    double s = 0;
    if (sparse()) {
      for (int k = rowPtr[r], e = rowPtr[r + 1]; k < e; k++) s += w[offset + indices[k]] * values[k];
    } else {
      for (int j = 0, k = r * dim; j < dim; j++, k++) s += w[offset + j] * values[k];
    }
    return s;
  }

  /** Adds {@code c·x_j} to {@code g[offset + j]} for row {@code r}'s features, in feature order. */
  public void addScaled(int r, double c, double[] g, int offset) {
    if (sparse()) {
      for (int k = rowPtr[r], e = rowPtr[r + 1]; k < e; k++) g[offset + indices[k]] += c * values[k];
    } else {
      for (int j = 0, k = r * dim; j < dim; j++, k++) g[offset + j] += c * values[k];
    }
  }

  /** Rows {@code [from, to)} as a new block (copies). */
  public FeatureRows slice(int from, int to) {
    double[] ls = Arrays.copyOfRange(labels, from, to);
    float[] ws = weights == null ? null : Arrays.copyOfRange(weights, from, to);
    if (!sparse()) return new FeatureRows(dim, null, null, Arrays.copyOfRange(values, from * dim, to * dim), ls, ws);
    int[] ptr = new int[to - from + 1];
    for (int r = from; r <= to; r++) ptr[r - from] = rowPtr[r] - rowPtr[from];
    return new FeatureRows(dim, ptr, Arrays.copyOfRange(indices, rowPtr[from], rowPtr[to]),
        Arrays.copyOfRange(values, rowPtr[from], rowPtr[to]), ls, ws);
  }

  public float weight(int r) {
    return weights == null ? 1f : weights[r];
  }
}
