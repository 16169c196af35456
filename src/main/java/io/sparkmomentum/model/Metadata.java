package io.sparkmomentum.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict reads of a model file's metadata (as JSON reads it back: integers {@code Long}, other numbers
 * {@code Double}). Every failure is an {@link IllegalArgumentException} naming the key, the value found and what was
 * expected; the model files report it as an inconsistent model.
 */
public final class Metadata {
  private Metadata() {}

  /** An integer in {@code [min, max]}. */
  public static int integer(Map<String, Object> m, String key, int min, int max) {
    Object v = m.get(key);
    if (!(v instanceof Long n) || n < min || n > max) {
      throw bad(key, v, "an integer in [" + min + ", " + max + "]");
    }
    return (int) (long) n;
  }

  /** A finite number {@code >= 0}. */
  public static double nonNegative(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Double || v instanceof Long) || !(((Number) v).doubleValue() >= 0)
        || Double.isInfinite(((Number) v).doubleValue())) {
      throw bad(key, v, "a finite number >= 0");
    }
    return ((Number) v).doubleValue();
  }

  public static boolean bool(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Boolean b)) throw bad(key, v, "true or false");
    return b;
  }

  /** One of {@code values}. */
  public static String oneOf(Map<String, Object> m, String key, List<String> values) {
    Object v = m.get(key);
    if (!(v instanceof String s) || !values.contains(s)) throw bad(key, v, "one of " + String.join(", ", values));
    return s;
  }

  /** A list of integers in {@code [min, max]}, at most {@code maxLength} long. */
  public static int[] integers(Map<String, Object> m, String key, int min, int max, int maxLength) {
    Object v = m.get(key);
    String expected = "a list of at most " + maxLength + " integers in [" + min + ", " + max + "]";
    if (!(v instanceof List<?> l) || l.size() > maxLength) throw bad(key, v, expected);
    int[] out = new int[l.size()];
    for (int k = 0; k < out.length; k++) {
      if (!(l.get(k) instanceof Long n) || n < min || n > max) throw bad(key, v, expected);
      out[k] = (int) (long) n;
    }
    return out;
  }

  /** Null, or {@code [min, max]} of finite numbers with {@code min <= max}. */
  public static double[] range(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) return null;
    if (v instanceof List<?> c && c.size() == 2 && c.get(0) instanceof Number lo && c.get(1) instanceof Number hi
        && Double.isFinite(lo.doubleValue()) && Double.isFinite(hi.doubleValue())
        && lo.doubleValue() <= hi.doubleValue()) {
      return new double[] {lo.doubleValue(), hi.doubleValue()};
    }
    throw bad(key, v, "null or [min, max]");
  }

  /** {@code [min, max]} as the metadata records it, or null. */
  public static List<Double> range(double[] r) {
    return r == null ? null : List.of(r[0], r[1]);
  }

  public static List<Long> list(int[] values) {
    List<Long> l = new ArrayList<>(values.length);
    for (int v : values) l.add((long) v);
    return l;
  }

  private static IllegalArgumentException bad(String key, Object v, String expected) {
    String shown = v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    return new IllegalArgumentException("metadata '" + key + "' is " + shown + ", expected " + expected);
  }
}
