package io.sparkmomentum.data;

import java.util.Locale;

/** The text formats {@link RatingsReader} understands. */
public enum RatingsFormat {
  /** Tab-separated {@code user item rating [timestamp]}, no header (MovieLens 100K {@code u.data}). */
  TSV,
  /** {@code user::item::rating[::timestamp]}, no header (MovieLens 1M / 10M {@code ratings.dat}). */
  DAT,
  /** Comma-separated with a header row; columns chosen by name; RFC-4180 quoting (ml-latest {@code ratings.csv}). */
  CSV;

  /**
   * Parses a format name, case-insensitively: {@code "tsv"}, {@code "dat"} or {@code "csv"}.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static RatingsFormat parse(String s) {
    if (s != null) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "tsv": return TSV;
        case "dat": return DAT;
        case "csv": return CSV;
        default: break;
      }
    }
    throw new IllegalArgumentException("unknown ratings format "
        + (s == null ? "null" : "'" + BadInputException.escape(s, 40) + "'")
        + "; expected one of: tsv, dat, csv");
  }

  /** The lower-case name accepted by {@link #parse(String)}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
