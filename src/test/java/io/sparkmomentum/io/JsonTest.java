package io.sparkmomentum.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void doublesRoundTripBitExactly() {
    SplittableRandom rnd = new SplittableRandom(7);
    double[] values = new double[100_000];
    for (int i = 0; i < values.length; i++) {
      double d;
      do {
        d = i % 2 == 0 ? Double.longBitsToDouble(rnd.nextLong())
            : rnd.nextDouble() * Math.pow(10, rnd.nextInt(-30, 30));
      } while (!Double.isFinite(d));
      values[i] = d;
    }
    double[] edge = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
        -Double.MAX_VALUE, 0.1, 1.0 / 3, 2e-323, Math.nextUp(1.0), Math.nextDown(1.0), 1e23, 9007199254740993.0};
    for (double[] arr : List.of(values, edge)) {
      String json = Json.write(Map.of("v", arr));
      @SuppressWarnings("unchecked")
      List<Object> back = (List<Object>) Json.readMap(json).get("v");
      for (int i = 0; i < arr.length; i++) {
        double got = ((Number) back.get(i)).doubleValue();
        assertEquals(Double.doubleToRawLongBits(arr[i]), Double.doubleToRawLongBits(got), "value " + arr[i]);
        assertTrue(back.get(i) instanceof Double, "read back as Double: " + arr[i]);
      }
    }
  }

  @Test
  void doublesAreWrittenShortest() {
    assertEquals("[1.0E23,0.1,-0.0,2.82879384806159E17,4.9E-324]",
        Json.write(new double[] {1e23, 0.1, -0.0, 2.82879384806159E17, Double.MIN_VALUE}));
  }

  @Test
  void typesReadBack() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "tab\there\nnewline \u00e9 \ud83d\ude00");
    m.put("i", 3);
    m.put("l", 1L << 40);
    m.put("big", new BigInteger("123456789012345678901234567890"));
    m.put("b", true);
    m.put("n", null);
    m.put("list", List.of(1, "two", 3.5));
    m.put("map", Map.of("k", "v"));
    String json = Json.write(m);
    assertFalse(json.contains("\n"), "one line: " + json);
    Map<String, Object> back = Json.readMap(json);
    assertEquals(List.copyOf(m.keySet()), List.copyOf(back.keySet()), "insertion order kept");
    assertEquals(m.get("s"), back.get("s"));
    assertEquals(3L, back.get("i"));
    assertEquals(1L << 40, back.get("l"));
    assertEquals(m.get("big"), back.get("big"));
    assertEquals(true, back.get("b"));
    assertTrue(back.containsKey("n") && back.get("n") == null);
    assertEquals(List.of(1L, "two", 3.5), back.get("list"));
    assertEquals(Map.of("k", "v"), back.get("map"));
  }

  @Test
  void nonFiniteDoublesAreStrings() {
    String json = Json.write(Map.of("loss", Double.NaN));
    assertEquals("{\"loss\":\"NaN\"}", json);
    assertEquals("NaN", Json.readMap(json).get("loss"));
    assertTrue(Double.isNaN((Double) Json.readMap("{\"x\": NaN}").get("x")), "bare NaN accepted");
  }

  @Test
  void invalidJsonIsRejectedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.readMap("{\"a\": 1,"));
    assertTrue(e.getMessage().startsWith("invalid JSON"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Json.readMap("{} {}"));
    assertThrows(IllegalArgumentException.class, () -> Json.readMap("{\"a\":1,\"a\":2}"));
    e = assertThrows(IllegalArgumentException.class, () -> Json.readMap("[1]"));
    assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
    assertEquals(Arrays.asList(1L, null), Json.readList("[1, null]"));
  }
}
