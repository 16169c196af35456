package io.sparkmomentum.data;

import io.sparkmomentum.data.source.ReadReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read reports of a run's training and test data, as summary keys and a console line. */
final class Reports {
  private Reports() {}

  /** {@code skipped_lines} and, when any, {@code skipped_examples}. */
  static Map<String, Object> summary(ReadReport train, ReadReport test) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("skipped_lines", train.skipped() + (test == null ? 0 : test.skipped()));
    List<String> examples = new ArrayList<>(train.examples());
    if (test != null) examples.addAll(test.examples());
    if (!examples.isEmpty()) m.put("skipped_examples", examples);
    return m;
  }

  /** ", N bad records skipped (first: ...); test: M examples" as it applies ({@code testCount < 0}: no test set). */
  static String describe(ReadReport train, long testCount, ReadReport test) {
    StringBuilder sb = new StringBuilder();
    if (train.skipped() > 0) {
      sb.append(", ").append(train.skipped()).append(" bad records skipped (first: ").append(train.examples().get(0))
          .append(')');
    }
    if (testCount >= 0) sb.append("; test: ").append(testCount);
    if (test != null && test.skipped() > 0) sb.append(", ").append(test.skipped()).append(" bad records skipped");
    return sb.toString();
  }
}
