package io.sparkmomentum.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Escaping for everything the report writes into HTML or inline SVG. Every piece of text that comes from a run
 * (config values, metric names, paths, event reasons) goes through {@link #text} or {@link #id}; the page's CSS and
 * script are constants, and no run data is ever written into them, so a run cannot inject markup or script.
 */
final class Html {
  private Html() {}

  /**
   * Text or attribute value: {@code & < > " '} become character references, and control characters (which XML, hence
   * inline SVG, does not allow) become U+FFFD.
   */
  static String text(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c < 0x20 && c != '\n' && c != '\t' || c == 0x7f ? '\uFFFD' : c);
      }
    }
    return sb.toString();
  }

  /**
   * An element id (or class suffix) made from any text: letters, digits, {@code _} and {@code -} are kept, anything
   * else becomes {@code _}; ids therefore need no escaping. Distinct texts may map to one id, so callers add an index
   * where that matters.
   */
  static String id(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(c < 0x80 && (Character.isLetterOrDigit(c) || c == '_' || c == '-') ? c : '_');
    }
    return sb.toString();
  }

  /**
   * A number for people: integers in full, other finite values with 5 significant digits (scientific outside
   * [1e-3, 1e6)), and {@code NaN}, {@code Infinity} as words.
   */
  static String number(double v) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e6) {
      return new BigDecimal(v).round(new MathContext(5)).stripTrailingZeros().toPlainString();
    }
    String s = String.format(Locale.ROOT, "%.4e", v); // 1.2340e-05
    int e = s.indexOf('e');
    return strip(s.substring(0, e)) + "e" + Integer.parseInt(s.substring(e + 1));
  }

  /** An SVG coordinate: two decimals, no trailing zeros. */
  static String coord(double v) {
    return strip(String.format(Locale.ROOT, "%.2f", v));
  }

  private static String strip(String s) {
    if (s.indexOf('.') < 0 || s.indexOf('e') >= 0) return s;
    int end = s.length();
    while (s.charAt(end - 1) == '0') end--;
    if (s.charAt(end - 1) == '.') end--;
    return s.substring(0, end);
  }
}
