package io.sparkmomentum.config;

/**
 * A configuration value that is missing, of the wrong type or out of range. The message always names the key,
 * the offending value and what is allowed, so that it can be shown to the user as it is.
 */
public final class ConfigException extends IllegalArgumentException {
  private final String key;

  public ConfigException(String key, Object value, String expected) {
    super("config key '" + key + "' = " + render(value) + ": expected " + expected);
    this.key = key;
  }

  public ConfigException(String key, String message) {
    super("config key '" + key + "': " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }

  private static String render(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
