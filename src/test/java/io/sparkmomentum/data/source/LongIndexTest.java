package io.sparkmomentum.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The chunker's long → index map agrees with a HashMap, across growth, for any long (negative, MIN, MAX). */
class LongIndexTest {
  @Test
  void agreesWithAHashMap() {
    ColumnarChunker.LongIndex idx = new ColumnarChunker.LongIndex();
    Map<Long, Integer> ref = new HashMap<>();
    SplittableRandom rnd = new SplittableRandom(7);
    long[] special = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1};
    for (int k = 0; k < 200_000; k++) {
      long key = k < special.length ? special[k] : (k % 3 == 0 ? rnd.nextLong() : rnd.nextInt(50_000) - 25_000);
      int got = idx.get(key);
      Integer want = ref.get(key);
      assertEquals(want == null ? -1 : want, got, "key " + key);
      if (want == null) {
        idx.put(key, ref.size());
        ref.put(key, ref.size());
      }
    }
    assertEquals(ref.size(), idx.size());
    for (Map.Entry<Long, Integer> e : ref.entrySet()) assertEquals(e.getValue(), idx.get(e.getKey()));
  }
}
