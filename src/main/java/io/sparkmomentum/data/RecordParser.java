package io.sparkmomentum.data;

/**
 * Parses one decoded line into {@link #user}, {@link #item}, {@link #rating} (fields reused per line, so no
 * per-rating objects besides the id strings). Holds the field checks shared by all formats.
 */
abstract class RecordParser {
  /** Raw, trimmed, non-empty user id of the last parsed line. */
  String user;
  /** Raw, trimmed, non-empty item id of the last parsed line. */
  String item;
  /** Finite, in-range rating of the last parsed line. */
  double rating;

  /** Parses {@code line}, or throws a problem that says what was expected. */
  abstract void parse(String line) throws LineProblem;

  /** The parser for a headerless format (TSV or DAT). */
  static RecordParser delimited(ReaderOptions o) {
    switch (o.format()) {
      case TSV: return new Delimited("\t", "tab-separated", o, ",", "::", ";", "|", " ");
      case DAT: return new Delimited("::", "'::'-separated", o, "\t", ",", ";", "|", ":", " ");
      default: throw new IllegalArgumentException("not a headerless format: " + o.format());
    }
  }

  /** TSV and DAT: {@code user SEP item SEP rating [SEP timestamp]}. */
  static final class Delimited extends RecordParser {
    private final String sep;
    private final String what;
    private final ReaderOptions opts;
    private final String[] otherDelimiters;
    private final int[] bounds = new int[8];

    Delimited(String sep, String what, ReaderOptions opts, String... otherDelimiters) {
      this.sep = sep;
      this.what = what;
      this.opts = opts;
      this.otherDelimiters = otherDelimiters;
    }

    @Override
    void parse(String line) throws LineProblem {
      int n = 0;
      int from = 0;
      int sl = sep.length();
      char sc = sep.charAt(0);
      while (true) {
        int at = sl == 1 ? line.indexOf(sc, from) : line.indexOf(sep, from);
        int end = at < 0 ? line.length() : at;
        if (n < 4) {
          bounds[2 * n] = from;
          bounds[2 * n + 1] = end;
        }
        n++;
        if (at < 0) {
          break;
        }
        from = at + sl;
      }
      if (n != 3 && n != 4) {
        throw new LineProblem("expected 3 or 4 " + what + " fields (user, item, rating[, timestamp]), found " + n
            + delimiterHint(line, sep, otherDelimiters));
      }
      user = id(line, bounds[0], bounds[1], "user id", 1, null);
      item = id(line, bounds[2], bounds[3], "item id", 2, null);
      rating = rating(line, bounds[4], bounds[5], 3, null, opts);
      if (n == 4) {
        timestamp(line, bounds[6], bounds[7], 4);
      }
    }
  }

  // ---- shared field checks -------------------------------------------------------------------------------

  static String describe(int field, String column) {
    return "field " + field + (column == null ? "" : " (" + column + ")");
  }

  /** The trimmed id in {@code s[a,b)}; empty is a problem. */
  static String id(String s, int a, int b, String what, int field, String column) throws LineProblem {
    while (a < b && s.charAt(a) <= ' ') {
      a++;
    }
    while (b > a && s.charAt(b - 1) <= ' ') {
      b--;
    }
    if (a == b) {
      throw new LineProblem("empty " + what + " in " + describe(field, column) + "; expected a non-empty " + what);
    }
    return s.substring(a, b);
  }

  /** The rating in {@code s[a,b)}: a strict decimal number, finite, in the options' range. */
  static double rating(String s, int a, int b, int field, String column, ReaderOptions o) throws LineProblem {
    while (a < b && s.charAt(a) <= ' ') {
      a++;
    }
    while (b > a && s.charAt(b - 1) <= ' ') {
      b--;
    }
    String where = " in " + describe(field, column);
    if (a == b) {
      throw new LineProblem("empty rating" + where + "; expected a number in " + o.rangeText());
    }
    double v = parseDecimal(s, a, b);
    if (Double.isNaN(v)) {
      String text = quote(s.substring(a, b));
      if (isNonFiniteWord(s.substring(a, b))) {
        throw new LineProblem("rating " + text + where + " is not finite; expected a finite number in " + o.rangeText());
      }
      throw new LineProblem("rating " + text + where + " is not a number; expected a decimal number in " + o.rangeText());
    }
    if (Double.isInfinite(v)) {
      throw new LineProblem("rating " + quote(s.substring(a, b)) + where
          + " overflows to infinity; expected a finite number in " + o.rangeText());
    }
    if (v < o.minRating() || v > o.maxRating()) {
      throw new LineProblem("rating " + quote(s.substring(a, b)) + where + " is out of range; expected a number in "
          + o.rangeText() + " (data.min_rating, data.max_rating)");
    }
    return v;
  }

  /** The optional timestamp in {@code s[a,b)}: ignored, but must be an integer. */
  static void timestamp(String s, int a, int b, int field) throws LineProblem {
    while (a < b && s.charAt(a) <= ' ') {
      a++;
    }
    while (b > a && s.charAt(b - 1) <= ' ') {
      b--;
    }
    int k = a < b && s.charAt(a) == '-' ? a + 1 : a;
    boolean ok = k < b;
    for (; k < b && ok; k++) {
      char c = s.charAt(k);
      ok = c >= '0' && c <= '9';
    }
    if (!ok) {
      throw new LineProblem((a == b ? "empty timestamp" : "timestamp " + quote(s.substring(a, b)) + " is not an integer")
          + " in field " + field + "; expected an integer timestamp, or no field " + field);
    }
  }

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  /**
   * Parses a strict decimal number {@code [+-]? (d+ [.d*] | .d+) ([eE][+-]?d+)?}, returning NaN if the text
   * does not match (so "NaN", "Infinity", hex floats and suffixes like "5f", accepted by
   * {@link Double#parseDouble}, are rejected). The result equals {@code Double.parseDouble} exactly: short
   * plain decimals use the exact fast path (mantissa below 2^53 divided by an exact power of ten), others
   * call {@code Double.parseDouble}.
   */
  static double parseDecimal(String s, int a, int b) {
    int i = a;
    boolean neg = false;
    if (i < b && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      neg = s.charAt(i) == '-';
      i++;
    }
    long mant = 0;
    int digits = 0;
    char c;
    int p = i;
    while (i < b && (c = s.charAt(i)) >= '0' && c <= '9') {
      mant = mant * 10 + (c - '0');
      digits++;
      i++;
    }
    int intDigits = i - p;
    int fracDigits = 0;
    if (i < b && s.charAt(i) == '.') {
      i++;
      p = i;
      while (i < b && (c = s.charAt(i)) >= '0' && c <= '9') {
        mant = mant * 10 + (c - '0');
        digits++;
        i++;
      }
      fracDigits = i - p;
    }
    if (intDigits + fracDigits == 0) {
      return Double.NaN;
    }
    boolean exponent = false;
    if (i < b && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < b && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      p = i;
      while (i < b && (c = s.charAt(i)) >= '0' && c <= '9') {
        i++;
      }
      if (i == p) {
        return Double.NaN;
      }
      exponent = true;
    }
    if (i != b) {
      return Double.NaN;
    }
    if (!exponent && digits <= 15) { // mant < 10^15 < 2^53 and fracDigits <= 15: exact, correctly rounded
      double v = mant / POW10[fracDigits];
      return neg ? -v : v;
    }
    return Double.parseDouble(s.substring(a, b));
  }

  private static boolean isNonFiniteWord(String t) {
    String w = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
    return w.equalsIgnoreCase("nan") || w.equalsIgnoreCase("inf") || w.equalsIgnoreCase("infinity");
  }

  /** {@code '...'} around the escaped, cut text. */
  static String quote(String text) {
    return "'" + BadInputException.escape(text, 40) + "'";
  }

  /**
   * "; is the delimiter right? the line contains 'X'" for the first other delimiter X found in the line, else "".
   * A candidate that is part of the real separator (':' for '::') counts only if the separator is absent.
   */
  static String delimiterHint(String line, String sep, String... others) {
    for (String d : others) {
      if (sep.contains(d) && line.contains(sep)) {
        continue;
      }
      if (line.contains(d)) {
        return "; is the delimiter right? the line contains '" + BadInputException.escape(d, 8) + "'";
      }
    }
    return "";
  }
}
