package io.sparkmomentum.model;

import java.io.Serializable;

/** Dense labelled examples: row-major features {@code x[n][d]} and labels {@code y[n]}. */
public record DenseRows(double[][] x, double[] y) implements Serializable {
  public DenseRows {
    if (x.length != y.length) throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
  }

  public int size() {
    return y.length;
  }

  public int dim() {
    return x.length == 0 ? 0 : x[0].length;
  }
}
