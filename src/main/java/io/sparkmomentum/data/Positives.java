package io.sparkmomentum.data;

import io.sparkmomentum.data.source.RatingChunk;
import org.apache.spark.api.java.function.Function;

/**
 * Implicit feedback from explicit ratings ({@code data.positive_threshold}): keeps the records whose rating is at
 * least the threshold, each as an event of label 1 (its weight kept), and drops the others. Applied to a split's
 * chunk on the executors, to the training and the test data alike, so the test set is the user's test positives.
 * Ids without a positive leave the chunk's dictionaries (so they are not indexed). The chunk's read report is
 * unchanged: it counts the records read, not the positives.
 *
 * @param threshold the smallest rating that counts as a positive (&gt; 0)
 */
public record Positives(float threshold) implements Function<RatingChunk, RatingChunk> {

  public Positives {
    if (!(threshold > 0) || Float.isInfinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite and > 0, got " + threshold);
    }
  }

  @Override
  public RatingChunk call(RatingChunk c) {
    int n = c.size();
    int kept = 0;
    for (int k = 0; k < n; k++) if (c.labels()[k] >= threshold) kept++;
    int[] us = new int[kept];
    int[] is = new int[kept];
    float[] ls = new float[kept];
    float[] ws = c.weights() == null ? null : new float[kept];
    for (int k = 0, j = 0; k < n; k++) {
      if (c.labels()[k] < threshold) continue;
      us[j] = c.users()[k];
      is[j] = c.items()[k];
      ls[j] = 1f;
      if (ws != null) ws[j] = c.weights()[k];
      j++;
    }
    String[] userIds = compact(c.userIds(), us);
    String[] itemIds = compact(c.itemIds(), is);
    return new RatingChunk(userIds, us, itemIds, is, ls, ws, c.report());
  }

  /**
   * The ids that {@code codes} use, in their dictionary order, with {@code codes} renumbered in place: an id without
   * a positive must not reach the index.
   */
  private static String[] compact(String[] dict, int[] codes) {
    int[] to = new int[dict.length];
    java.util.Arrays.fill(to, -1);
    for (int code : codes) to[code] = 0;
    int n = 0;
    for (int k = 0; k < dict.length; k++) if (to[k] == 0) to[k] = n++;
    String[] out = new String[n];
    for (int k = 0; k < dict.length; k++) if (to[k] >= 0) out[to[k]] = dict[k];
    for (int k = 0; k < codes.length; k++) codes[k] = to[codes[k]];
    return out;
  }
}
