package io.sparkmomentum.data.source;

import java.util.Arrays;

/** Collects one split's sparse rows into a CSR {@link FeatureChunk}. */
final class FeatureChunkBuilder {
  private final int numFeatures;
  private int[] rowPtr = new int[1025];
  private int[] indices = new int[4096];
  private float[] values = new float[4096];
  private float[] labels = new float[1024];
  private int rows;
  private int nnz;
  private int maxIndex = -1;

  /** @param numFeatures the declared dimension, or 0 to use the largest index seen */
  FeatureChunkBuilder(int numFeatures) {
    this.numFeatures = numFeatures;
  }

  /** Adds a row: {@code idx[0..n)} 0-based, strictly increasing. */
  void addRow(float label, int[] idx, float[] val, int n) {
    if (rows == labels.length) {
      labels = Arrays.copyOf(labels, 2 * rows);
      rowPtr = Arrays.copyOf(rowPtr, 2 * rows + 1);
    }
    if (nnz + n > indices.length) {
      int cap = Math.max(nnz + n, 2 * indices.length);
      indices = Arrays.copyOf(indices, cap);
      values = Arrays.copyOf(values, cap);
    }
    System.arraycopy(idx, 0, indices, nnz, n);
    System.arraycopy(val, 0, values, nnz, n);
    nnz += n;
    if (n > 0) maxIndex = Math.max(maxIndex, idx[n - 1]);
    labels[rows++] = label;
    rowPtr[rows] = nnz;
  }

  FeatureChunk build(ReadReport report) {
    int dim = numFeatures > 0 ? numFeatures : maxIndex + 1;
    return new FeatureChunk(dim, Arrays.copyOf(rowPtr, rows + 1), Arrays.copyOf(indices, nnz),
        Arrays.copyOf(values, nnz), Arrays.copyOf(labels, rows), null, report);
  }
}
