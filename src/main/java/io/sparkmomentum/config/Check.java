package io.sparkmomentum.config;

/** Range checks used by the config records' compact constructors. Each failure names the key, value and range. */
public final class Check {
  private Check() {}

  public static double finite(String key, double v) {
    if (!Double.isFinite(v)) throw new ConfigException(key, v, "a finite number");
    return v;
  }

  public static double atLeast(String key, double v, double min) {
    if (!(v >= min) || Double.isInfinite(v)) throw new ConfigException(key, v, "a finite number >= " + min);
    return v;
  }

  public static double positive(String key, double v) {
    if (!(v > 0) || Double.isInfinite(v)) throw new ConfigException(key, v, "a finite number > 0");
    return v;
  }

  /** {@code min <= v < max}. */
  public static double inHalfOpen(String key, double v, double min, double max) {
    if (!(v >= min && v < max)) throw new ConfigException(key, v, "a number in [" + min + ", " + max + ")");
    return v;
  }

  public static double inClosed(String key, double v, double min, double max) {
    if (!(v >= min && v <= max)) throw new ConfigException(key, v, "a number in [" + min + ", " + max + "]");
    return v;
  }

  public static long atLeast(String key, long v, long min) {
    if (v < min) throw new ConfigException(key, v, "an integer >= " + min);
    return v;
  }

  /** The constant of {@code type} named {@code s} (case-insensitive, '-' as '_'); fails listing the valid names. */
  public static <E extends Enum<E>> E oneOf(String key, String s, Class<E> type) {
    String name = s == null ? "" : s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) if (e.name().equals(name)) return e;
    StringBuilder valid = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      valid.append(valid.length() == 0 ? "one of " : ", ").append(e.name().toLowerCase(java.util.Locale.ROOT));
    }
    throw new ConfigException(key, s, valid.toString());
  }

  public static int atLeast(String key, int v, int min) {
    if (v < min) throw new ConfigException(key, v, "an integer >= " + min);
    return v;
  }
}
