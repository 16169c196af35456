package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Turns one Spark partition of a DataFrame's {@code (features: vector, label: double[, weight: double])} rows into one
 * {@link FeatureChunk}, on the executor: the rows a LIBSVM or IDX split would give for the same numbers. Values,
 * labels and weights are stored as floats, as the file readers store them, so a DataFrame that Spark's {@code libsvm}
 * source read from a file gives the chunks (hence the blocks and the model) of the CLI's reader on that file.
 *
 * <p>The chunk is dense when every row of the partition is a {@link DenseVector}, else CSR: each row's nonzeros,
 * whether it is sparse or dense, so a row gives the same CSR row either way. (Spark's {@code libsvm} source drops
 * a line's explicit zeros such as {@code 3:0}, which the CLI's reader keeps: on a file without them both give the
 * same rows.) Labels follow {@link LabelKind} as Spark's estimators take them: {@code REAL} any finite float,
 * {@code BINARY} 0 or 1, {@code CLASS} an integer in {@code [0, numClasses)}. A bad row (null, non-finite or
 * out-of-range value, another vector size than the partition's first row, a negative weight) is a
 * {@link BadInputException} naming the dataset, the row's place in its Spark partition, the column and the value.
 */
final class VectorChunker implements Function2<Integer, Iterator<Row>, Iterator<FeatureChunk>> {
  private static final long serialVersionUID = 1L;

  private final FrameColumns cols;
  private final LabelKind labels;
  private final int numClasses;

  VectorChunker(FrameColumns cols, LabelKind labels, int numClasses) {
    this.cols = cols;
    this.labels = labels;
    this.numClasses = numClasses;
  }

  @Override
  public Iterator<FeatureChunk> call(Integer split, Iterator<Row> rows) {
    // lazy: the rows are read (and bad input thrown) when the chunk is asked for, inside FirstErrors' catch
    return new Iterator<>() {
      private boolean done;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public FeatureChunk next() {
        if (done) throw new java.util.NoSuchElementException();
        done = true;
        return chunk(split, rows);
      }
    };
  }

  FeatureChunk chunk(int split, Iterator<Row> it) {
    Rows out = new Rows(cols.weighted());
    long read = 0;
    while (it.hasNext()) {
      Row row = it.next();
      read++;
      String problem = problem(row, out.dim);
      if (problem != null) {
        throw new BadInputException(cols.where(), 0, "record " + read + " of Spark partition " + split + ": "
            + problem, null);
      }
      out.add((Vector) row.get(0), (float) row.getDouble(1), cols.weighted() ? (float) row.getDouble(2) : 1f);
    }
    return out.build(new ReadReport(split, read, out.n, 0, List.of()));
  }

  /** What is wrong with the row, or null; {@code dim} is the partition's vector size so far (-1: none yet). */
  private String problem(Row r, int dim) {
    if (r.isNullAt(0)) return column(cols.features(), "featuresCol") + ": null; expected a vector";
    Vector v = (Vector) r.get(0);
    if (dim >= 0 && v.size() != dim) {
      return column(cols.features(), "featuresCol") + ": a vector of size " + v.size() + "; expected size " + dim
          + ", as the rows before it";
    }
    String p = values(v);
    if (p != null) return p;
    String label = column(cols.label(), "labelCol");
    if (r.isNullAt(1)) return label + ": null; expected " + expectedLabel();
    double y = r.getDouble(1);
    if (!asFloat(y)) return label + ": " + y + " is not finite as a float; expected " + expectedLabel();
    boolean ok = switch (labels) {
      case REAL -> true;
      case BINARY -> y == 0 || y == 1;
      case CLASS -> y == Math.rint(y) && y >= 0 && y < numClasses;
    };
    if (!ok) return label + ": " + y + " is not a class index; expected " + expectedLabel();
    if (cols.weighted()) {
      String weight = column(cols.weight(), "weightCol");
      if (r.isNullAt(2)) return weight + ": null; expected a finite weight >= 0";
      double w = r.getDouble(2);
      if (!asFloat(w) || w < 0) return weight + ": " + w + "; expected a finite weight >= 0";
    }
    return null;
  }

  private String values(Vector v) {
    if (v instanceof SparseVector s) {
      int[] idx = s.indices();
      double[] val = s.values();
      for (int k = 0; k < val.length; k++) {
        if (k > 0 && idx[k] <= idx[k - 1]) {
          return column(cols.features(), "featuresCol") + ": sparse index " + idx[k] + " after index " + idx[k - 1]
              + "; expected strictly increasing indices";
        }
        if (!asFloat(val[k])) return badValue(idx[k], val[k]);
      }
    } else {
      double[] val = v.toArray();
      for (int j = 0; j < val.length; j++) if (!asFloat(val[j])) return badValue(j, val[j]);
    }
    return null;
  }

  private String badValue(int index, double value) {
    return column(cols.features(), "featuresCol") + ": " + value + " at index " + index + " is not finite as a "
        + "float; expected finite values of magnitude at most " + Float.MAX_VALUE;
  }

  private static String column(String name, String param) {
    return "column '" + name + "' (" + param + ")";
  }

  private String expectedLabel() {
    return switch (labels) {
      case REAL -> "a finite number";
      case BINARY -> "0 or 1 (Spark's classifiers take class indices 0..k-1: map -1/+1 labels to 0/1)";
      case CLASS -> "an integer class index in [0, " + numClasses + ")";
    };
  }

  /** Finite, and finite as a float. */
  private static boolean asFloat(double v) {
    return Double.isFinite(v) && Math.abs(v) <= Float.MAX_VALUE;
  }

  /** One partition's rows, dense while every row is dense, CSR from the first sparse row on. */
  private static final class Rows {
    private final boolean weighted;
    private int dim = -1;
    private int n;
    private boolean sparse;
    private int[] rowPtr = new int[1025];
    private int[] indices = new int[0];
    private float[] values = new float[4096];
    private float[] labelsOut = new float[1024];
    private float[] weights;
    private int nnz;

    Rows(boolean weighted) {
      this.weighted = weighted;
      this.weights = weighted ? new float[1024] : null;
    }

    void add(Vector v, float label, float weight) {
      dim = v.size();
      if (!sparse && v instanceof SparseVector) toSparse();
      if (n == labelsOut.length) {
        labelsOut = Arrays.copyOf(labelsOut, 2 * n);
        rowPtr = Arrays.copyOf(rowPtr, 2 * n + 1);
        if (weighted) weights = Arrays.copyOf(weights, 2 * n);
      }
      if (sparse) {
        if (v instanceof SparseVector s) {
          for (int k = 0; k < s.values().length; k++) if (s.values()[k] != 0) put(s.indices()[k], s.values()[k]);
        } else {
          double[] d = v.toArray();
          for (int j = 0; j < d.length; j++) if (d[j] != 0) put(j, d[j]);
        }
        rowPtr[n + 1] = nnz;
      } else {
        for (double d : v.toArray()) put(-1, d);
      }
      labelsOut[n] = label;
      if (weighted) weights[n] = weight;
      n++;
    }

    private void put(int index, double value) {
      if (nnz == values.length) values = Arrays.copyOf(values, 2 * nnz);
      if (sparse && nnz >= indices.length) indices = Arrays.copyOf(indices, Math.max(4096, 2 * nnz));
      if (sparse) indices[nnz] = index;
      values[nnz++] = (float) value;
    }

    /** The dense rows so far as CSR rows of their nonzeros. */
    private void toSparse() {
      float[] dense = Arrays.copyOf(values, nnz);
      sparse = true;
      nnz = 0;
      indices = new int[Math.max(4096, dense.length)];
      values = new float[Math.max(4096, dense.length)];
      int width = n == 0 ? 0 : dense.length / n;
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < width; j++) if (dense[r * width + j] != 0) put(j, dense[r * width + j]);
        rowPtr[r + 1] = nnz;
      }
    }

    FeatureChunk build(ReadReport report) {
      int d = Math.max(dim, 0);
      float[] w = weighted ? Arrays.copyOf(weights, n) : null;
      return new FeatureChunk(d, sparse ? Arrays.copyOf(rowPtr, n + 1) : null, sparse ? Arrays.copyOf(indices, nnz)
          : null, Arrays.copyOf(values, nnz), Arrays.copyOf(labelsOut, n), w, report);
    }
  }
}
