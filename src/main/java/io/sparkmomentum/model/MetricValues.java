package io.sparkmomentum.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named metrics ({@link BlockMetrics#finish}) as they are written to {@code metrics.jsonl}, the summary and the
 * output of {@code evaluate}: counts as integers, and the entries {@code confusion.i.j} folded into one matrix
 * {@code confusion} (a list of rows, row {@code i} = true class {@code i}).
 */
public final class MetricValues {
  /** The key prefix of confusion-matrix entries, {@code confusion.<true>.<predicted>}. */
  public static final String CONFUSION = "confusion";

  private MetricValues() {}

  /**
   * The metrics, each key prefixed with {@code prefix}, in their order (the matrix where its first entry was), whatever
   * the order of the confusion entries.
   */
  public static Map<String, Object> forJson(Map<String, Double> metrics, String prefix) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<List<Long>> confusion = null;
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      String k = e.getKey();
      double v = e.getValue();
      if (k.startsWith(CONFUSION + ".")) {
        String[] ij = k.substring(CONFUSION.length() + 1).split("\\.");
        int i = Integer.parseInt(ij[0]);
        int j = Integer.parseInt(ij[1]);
        if (confusion == null) {
          confusion = new ArrayList<>();
          out.put(prefix + CONFUSION, confusion);
        }
        while (confusion.size() <= i) confusion.add(new ArrayList<>());
        List<Long> row = confusion.get(i);
        while (row.size() <= j) row.add(0L);
        row.set(j, (long) v);
      } else if (k.equals("count") || k.startsWith("cold_")) {
        out.put(prefix + k, (long) v);
      } else {
        out.put(prefix + k, v);
      }
    }
    return out;
  }
}
