package io.sparkmomentum.data;

/** The readers' strict decimal numbers, for parsers of other line formats. */
public final class Decimals {
  private Decimals() {}

  /**
   * Parses {@code s[a,b)} as a strict decimal number {@code [+-]? (d+ [.d*] | .d+) ([eE][+-]?d+)?}, exactly as
   * {@link Double#parseDouble} would; NaN when the text does not match ("NaN", "Infinity", hex, suffixes).
   */
  public static double parse(String s, int a, int b) {
    return RecordParser.parseDecimal(s, a, b);
  }

  /** {@code '...'} around the escaped text, cut after 40 characters, for messages. */
  public static String quote(String text) {
    return RecordParser.quote(text);
  }
}
