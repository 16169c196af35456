package io.sparkmomentum.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validates and deep-copies JSON trees into unmodifiable, normalized form (integers as Long, other numbers Double). */
final class JsonValues {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private JsonValues() {}

  /** @param where names the value in error messages */
  static Object copy(String where, Object v) {
    if (v == null || v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      return b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0 ? (Object) b.longValue() : b;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(where + ": " + d + " cannot be stored in JSON (store it as a string)");
      }
      return d;
    }
    if (v instanceof Map) {
      return copyObject(where, (Map<?, ?>) v);
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      int i = 0;
      for (Object o : (List<?>) v) {
        out.add(copy(where + "[" + i++ + "]", o));
      }
      return Collections.unmodifiableList(out);
    }
    throw new IllegalArgumentException(where + ": unsupported value type " + v.getClass().getName()
        + " (use String, Number, Boolean, null, Map or List)");
  }

  static Map<String, Object> copyObject(String where, Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new IllegalArgumentException(where + ": map key " + e.getKey() + " is not a String");
      }
      out.put((String) e.getKey(), copy(where + "." + e.getKey(), e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }
}
