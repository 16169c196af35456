package io.sparkmomentum.data.source;

import java.io.Serializable;
import java.util.Objects;

/**
 * The (user, item, label[, weight]) records parsed from one input split, columnar, with raw ids dictionary-encoded
 * per chunk: {@code users[k]} indexes {@code userIds}, {@code items[k]} indexes {@code itemIds}. Ids are the trimmed
 * raw strings (an integer column of a columnar source is rendered in decimal). No per-record objects.
 *
 * @param userIds distinct raw user ids of this chunk, in first-seen order
 * @param users   per record, an index into {@code userIds}
 * @param itemIds distinct raw item ids of this chunk
 * @param items   per record, an index into {@code itemIds}
 * @param labels  per record, the rating (or interaction count), finite and in range
 * @param weights per record, the example weight; null when every weight is 1
 * @param report  what the split produced
 */
public record RatingChunk(String[] userIds, int[] users, String[] itemIds, int[] items, float[] labels,
    float[] weights, ReadReport report) implements Serializable {

  public RatingChunk {
    Objects.requireNonNull(report, "report");
    int n = users.length;
    if (items.length != n || labels.length != n || (weights != null && weights.length != n)) {
      throw new IllegalArgumentException("column lengths differ: " + n + ", " + items.length + ", " + labels.length);
    }
  }

  public int size() {
    return users.length;
  }

  /** No records: split {@code split} stopped on bad input. */
  public static RatingChunk failed(int split, io.sparkmomentum.data.BadInputException e) {
    return new RatingChunk(new String[0], new int[0], new String[0], new int[0], new float[0], null,
        ReadReport.failed(split, e));
  }
}
