package io.sparkmomentum.data.source;

import io.sparkmomentum.data.RatingLineFormat;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Collects one split's ratings into a {@link RatingChunk}, dictionary-encoding raw ids in first-seen order. */
final class RatingChunkBuilder implements RatingLineFormat.Sink {
  private final Dictionary users = new Dictionary();
  private final Dictionary items = new Dictionary();
  private int[] u = new int[1024];
  private int[] i = new int[1024];
  private float[] r = new float[1024];
  private int n;

  @Override
  public void add(String user, String item, double rating) {
    if (n == u.length) {
      int cap = Math.max(16, n + (n >> 1));
      u = Arrays.copyOf(u, cap);
      i = Arrays.copyOf(i, cap);
      r = Arrays.copyOf(r, cap);
    }
    u[n] = users.code(user);
    i[n] = items.code(item);
    r[n] = (float) rating;
    n++;
  }

  int size() {
    return n;
  }

  RatingChunk build(ReadReport report) {
    return new RatingChunk(users.ids(), Arrays.copyOf(u, n), items.ids(), Arrays.copyOf(i, n), Arrays.copyOf(r, n),
        null, report);
  }

  /** Raw id to code, first seen first; remembers the last id (ratings often come grouped by user). */
  private static final class Dictionary {
    private final Map<String, Integer> codes = new HashMap<>();
    private String[] ids = new String[256];
    private String last;
    private int lastCode;

    int code(String id) {
      if (id.equals(last)) return lastCode;
      Integer c = codes.get(id);
      if (c == null) {
        c = codes.size();
        codes.put(id, c);
        if (c == ids.length) ids = Arrays.copyOf(ids, 2 * c);
        ids[c] = id;
      }
      last = id;
      lastCode = c;
      return c;
    }

    String[] ids() {
      return Arrays.copyOf(ids, codes.size());
    }
  }
}
