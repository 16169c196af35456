package io.sparkmomentum.ml;

import io.sparkmomentum.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Small planted feature data sets written as LIBSVM files (the CLI reads the file, Spark's {@code libsvm} source reads
 * it into the DataFrame the estimators fit): sparse rows of {@value #FEATURES} features whose label follows planted
 * weights; no explicit zeros ({@code 3:0}: Spark's {@code libsvm} source drops them, the CLI keeps them).
 */
final class PlantedRows {
  static final int FEATURES = 12;

  private PlantedRows() {}

  /** The kind of label. */
  enum Task {
    /** {@code y = w·x + noise}. */
    REGRESSION,
    /** {@code 1[w·x > 0]}, written 0/1. */
    BINARY,
    /** the argmax of three planted score vectors: classes 0..2. */
    THREE_CLASSES
  }

  /** Writes {@code n} rows to {@code file} and returns it. */
  static Path write(Path file, Task task, int n, long seed) throws IOException {
    Random rnd = new Random(seed);
    double[][] w = new double[3][FEATURES];
    for (double[] row : w) for (int j = 0; j < FEATURES; j++) row[j] = rnd.nextGaussian();
    List<String> lines = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      double[] x = new double[FEATURES];
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < FEATURES; j++) {
        if (rnd.nextDouble() < 0.5) continue;
        x[j] = Math.round(rnd.nextGaussian() * 1000) / 1000.0;
        if (x[j] == 0) continue; // Spark's libsvm source drops explicit zeros, the CLI's reader keeps them
        sb.append(' ').append(j + 1).append(':').append(x[j]);
      }
      double[] s = new double[3];
      for (int c = 0; c < 3; c++) for (int j = 0; j < FEATURES; j++) s[c] += w[c][j] * x[j];
      String label = switch (task) {
        case REGRESSION -> Double.toString(Math.round((s[0] + 0.1 * rnd.nextGaussian()) * 1000) / 1000.0);
        case BINARY -> s[0] > 0 ? "1" : "0";
        case THREE_CLASSES -> Integer.toString(s[0] >= s[1] && s[0] >= s[2] ? 0 : s[1] >= s[2] ? 1 : 2);
      };
      lines.add(label + sb);
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /** The file as Spark's {@code libsvm} source reads it: {@code (label double, features vector)}. */
  static Dataset<Row> frame(Path file) {
    return SparkTestSession.get().read().format("libsvm").load(file.toString());
  }
}
