package io.sparkmomentum.data;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.Comparator;

/**
 * The order that gives raw ids their dense indices: ids that are decimal integers first, in numeric order, then all
 * other ids in {@link String#compareTo} order; ties ({@code "7"} and {@code "007"}) by the string. A total order on
 * strings, so the index of a data set depends only on its set of ids — not on the file order, the format, the
 * input splits or the master. MLlib's ALS and most tools number integer ids by value; so does this.
 */
public final class IdOrder implements Comparator<String>, Serializable {
  private static final long serialVersionUID = 1L;
  public static final IdOrder INSTANCE = new IdOrder();

  private IdOrder() {}

  @Override
  public int compare(String a, String b) {
    boolean ia = isInteger(a);
    boolean ib = isInteger(b);
    if (ia != ib) return ia ? -1 : 1;
    if (ia) {
      int c = compareIntegers(a, b);
      if (c != 0) return c;
    }
    return a.compareTo(b);
  }

  /** {@code [+-]?[0-9]+}. */
  static boolean isInteger(String s) {
    int n = s.length();
    int k = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
    if (k == n) return false;
    for (; k < n; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  private static int compareIntegers(String a, String b) {
    if (a.length() <= 18 && b.length() <= 18) return Long.compare(Long.parseLong(a), Long.parseLong(b));
    return new BigInteger(a).compareTo(new BigInteger(b));
  }

  private Object readResolve() {
    return INSTANCE;
  }
}
