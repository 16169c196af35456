package io.sparkmomentum.data.source;

import io.sparkmomentum.data.Decimals;
import io.sparkmomentum.data.LineEngine;
import io.sparkmomentum.data.LineProblem;
import java.util.Arrays;

/**
 * LIBSVM / SVMlight lines as a {@link LineEngine.Format}: {@code label idx:value idx:value ... [# comment]}, with
 * 1-based, strictly increasing indices (stored 0-based). Fields are separated by spaces or tabs. A line that is
 * only a comment holds no row. {@code qid:} (ranking query ids) is refused.
 *
 * <p>Labels ({@link LabelKind}): REAL any finite number; BINARY {@code -1}/{@code +1} or {@code 0}/{@code 1},
 * stored as 0 and 1; CLASS an integer in {@code [0, numClasses)}. With {@code numFeatures > 0} an index above it is
 * bad; with 0 the chunk's dimension is the largest index seen.
 */
final class LibsvmFormat implements LineEngine.Format {
  private final int numFeatures;
  private final LabelKind labels;
  private final int numClasses;
  private final FeatureChunkBuilder out;
  private int[] idx = new int[64];
  private float[] val = new float[64];

  LibsvmFormat(SourceSpec spec, FeatureChunkBuilder out) {
    this.numFeatures = spec.numFeatures();
    this.labels = spec.labels();
    this.numClasses = spec.numClasses();
    this.out = out;
  }

  @Override
  public String name() {
    return "LIBSVM";
  }

  @Override
  public String recordNoun() {
    return "LIBSVM line (label idx:value ...)";
  }

  @Override
  public boolean hasHeader() {
    return false;
  }

  @Override
  public void header(String line) {
    throw new IllegalStateException("LIBSVM has no header");
  }

  @Override
  public boolean record(String line) throws LineProblem {
    int end = line.indexOf('#');
    if (end < 0) end = line.length();
    int a = skipSpace(line, 0, end);
    if (a == end) return false; // only a comment
    int b = token(line, a, end);
    float label = label(line, a, b);
    int n = 0;
    int last = 0;
    for (int t = skipSpace(line, b, end); t < end; t = skipSpace(line, b, end)) {
      b = token(line, t, end);
      int colon = line.indexOf(':', t);
      if (colon < 0 || colon >= b) {
        throw new LineProblem("feature " + Decimals.quote(line.substring(t, b)) + " has no ':'; expected idx:value"
            + " features after the label");
      }
      if (line.startsWith("qid:", t)) {
        throw new LineProblem("query id " + Decimals.quote(line.substring(t, b)) + " (qid:, for ranking) is not"
            + " supported; expected only idx:value features after the label");
      }
      int index = index(line, t, colon);
      if (index <= last) {
        throw new LineProblem("feature index " + index + " after index " + last + "; expected strictly increasing"
            + " feature indices");
      }
      if (numFeatures > 0 && index > numFeatures) {
        throw new LineProblem("feature index " + index + " is above data.num_features=" + numFeatures
            + "; expected indices in [1, " + numFeatures + "]");
      }
      double v = Decimals.parse(line, colon + 1, b);
      if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) > Float.MAX_VALUE) {
        throw new LineProblem("feature value " + Decimals.quote(line.substring(colon + 1, b)) + " of index " + index
            + (Double.isNaN(v) ? " is not a number" : " is not finite (as a float)") + "; expected a finite"
            + " decimal number");
      }
      if (n == idx.length) {
        idx = Arrays.copyOf(idx, 2 * n);
        val = Arrays.copyOf(val, 2 * n);
      }
      idx[n] = index - 1;
      val[n] = (float) v;
      n++;
      last = index;
    }
    out.addRow(label, idx, val, n);
    return true;
  }

  private float label(String line, int a, int b) throws LineProblem {
    String text = line.substring(a, b);
    if (text.indexOf(':') >= 0) {
      throw new LineProblem("missing label: the line starts with the feature " + Decimals.quote(text)
          + "; expected a label first (label idx:value ...)");
    }
    double v = Decimals.parse(line, a, b);
    if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) > Float.MAX_VALUE) {
      throw new LineProblem("label " + Decimals.quote(text) + (Double.isNaN(v) ? " is not a number" : " is not"
          + " finite (as a float)") + "; expected " + expectedLabel());
    }
    switch (labels) {
      case BINARY:
        if (v == 1) return 1f;
        if (v == -1 || v == 0) return 0f;
        throw new LineProblem("label " + Decimals.quote(text) + " is not a binary class; expected "
            + expectedLabel());
      case CLASS:
        if (v != Math.rint(v) || v < 0 || v >= numClasses) {
          throw new LineProblem("label " + Decimals.quote(text) + " is not a class; expected " + expectedLabel());
        }
        return (float) v;
      default:
        return (float) v;
    }
  }

  private String expectedLabel() {
    return switch (labels) {
      case BINARY -> "-1 or +1, or 0 or 1 (binary labels)";
      case CLASS -> "an integer class id in [0, " + numClasses + ") (data.num_classes=" + numClasses + ")";
      default -> "a finite decimal number";
    };
  }

  /** The 1-based index in {@code s[a,b)}: digits only. */
  private static int index(String s, int a, int b) throws LineProblem {
    long v = 0;
    boolean ok = a < b;
    for (int k = a; k < b && ok; k++) {
      char c = s.charAt(k);
      ok = c >= '0' && c <= '9';
      v = v * 10 + (c - '0');
      if (v > Integer.MAX_VALUE) ok = false;
    }
    if (!ok) {
      throw new LineProblem("feature index " + Decimals.quote(s.substring(a, b)) + " is not a positive integer;"
          + " expected a 1-based index (idx:value)");
    }
    if (v == 0) {
      throw new LineProblem("feature index 0; expected 1-based indices (the first feature is 1)");
    }
    return (int) v;
  }

  private static int skipSpace(String s, int k, int end) {
    while (k < end && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) k++;
    return k;
  }

  private static int token(String s, int k, int end) {
    while (k < end && s.charAt(k) != ' ' && s.charAt(k) != '\t') k++;
    return k;
  }
}
