package io.sparkmomentum.data;

import java.util.Objects;

/**
 * How {@link RatingsReader} parses and validates a ratings file.
 *
 * @param format        the text format
 * @param userCol       CSV only: header name of the user column (ignored for TSV/DAT, which are positional)
 * @param itemCol       CSV only: header name of the item column
 * @param ratingCol     CSV only: header name of the rating column
 * @param minRating     smallest accepted rating (inclusive, finite)
 * @param maxRating     largest accepted rating (inclusive, finite, {@code >= minRating})
 * @param onBadRecord   fail at, or count and skip, bad lines
 * @param maxLineLength longest accepted line in bytes, without its line terminator; longer lines are bad
 *                      records and are never buffered beyond this limit
 */
public record ReaderOptions(RatingsFormat format, String userCol, String itemCol, String ratingCol,
                            double minRating, double maxRating, OnBadRecord onBadRecord, int maxLineLength,
                            char delimiter) implements java.io.Serializable {

  /** Default rating range: wide, so that only garbage (and never a real rating scale) is rejected. */
  public static final double DEFAULT_MIN_RATING = -1e6;
  /** See {@link #DEFAULT_MIN_RATING}. */
  public static final double DEFAULT_MAX_RATING = 1e6;
  /** Default longest line: 1 MiB. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;
  /** Upper bound for {@link #maxLineLength()} (the line buffer is a single byte array). */
  public static final int MAX_MAX_LINE_LENGTH = 1 << 30;

  /** Validates every field; throws {@link IllegalArgumentException} naming the bad one. */
  public ReaderOptions {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(onBadRecord, "onBadRecord");
    userCol = column("userCol", userCol);
    itemCol = column("itemCol", itemCol);
    ratingCol = column("ratingCol", ratingCol);
    if (format == RatingsFormat.CSV
        && (userCol.equals(itemCol) || userCol.equals(ratingCol) || itemCol.equals(ratingCol))) {
      throw new IllegalArgumentException("userCol, itemCol and ratingCol must be three different columns, got '"
          + userCol + "', '" + itemCol + "', '" + ratingCol + "'");
    }
    if (!Double.isFinite(minRating) || !Double.isFinite(maxRating)) {
      throw new IllegalArgumentException("minRating and maxRating must be finite, got [" + minRating + ", " + maxRating + "]");
    }
    if (Math.abs(minRating) > Float.MAX_VALUE || Math.abs(maxRating) > Float.MAX_VALUE) {
      throw new IllegalArgumentException("minRating and maxRating must fit in a float, got [" + minRating + ", " + maxRating + "]");
    }
    if (minRating > maxRating) {
      throw new IllegalArgumentException("minRating " + minRating + " is greater than maxRating " + maxRating);
    }
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' || Character.isLetterOrDigit(delimiter)) {
      throw new IllegalArgumentException("delimiter must not be a quote, a line break, a letter or a digit, got '"
          + delimiter + "'");
    }
    if (maxLineLength < 1 || maxLineLength > MAX_MAX_LINE_LENGTH) {
      throw new IllegalArgumentException("maxLineLength must be in [1, " + MAX_MAX_LINE_LENGTH + "], got " + maxLineLength);
    }
  }

  private static String column(String what, String name) {
    if (name == null || name.trim().isEmpty()) {
      throw new IllegalArgumentException(what + " must be a non-empty column name, got "
          + (name == null ? "null" : "'" + name + "'"));
    }
    return name.trim();
  }

  /**
   * Defaults for a format: columns {@code userId}, {@code movieId}, {@code rating}; ratings in
   * [{@value #DEFAULT_MIN_RATING}, {@value #DEFAULT_MAX_RATING}]; {@link OnBadRecord#FAIL}; lines up to 1 MiB.
   */
  public static ReaderOptions defaults(RatingsFormat format) {
    return new ReaderOptions(format, "userId", "movieId", "rating", DEFAULT_MIN_RATING, DEFAULT_MAX_RATING,
        OnBadRecord.FAIL, DEFAULT_MAX_LINE_LENGTH, ',');
  }

  /** A copy with another rating range. */
  public ReaderOptions withRatingRange(double min, double max) {
    return new ReaderOptions(format, userCol, itemCol, ratingCol, min, max, onBadRecord, maxLineLength, delimiter);
  }

  /** A copy with other CSV column names. */
  public ReaderOptions withColumns(String user, String item, String rating) {
    return new ReaderOptions(format, user, item, rating, minRating, maxRating, onBadRecord, maxLineLength, delimiter);
  }

  /** A copy with another bad-record policy. */
  public ReaderOptions withOnBadRecord(OnBadRecord policy) {
    return new ReaderOptions(format, userCol, itemCol, ratingCol, minRating, maxRating, policy, maxLineLength, delimiter);
  }

  /** A copy whose CSV-with-header format splits fields on {@code c} (generic delimited text with named columns). */
  public ReaderOptions withDelimiter(char c) {
    return new ReaderOptions(format, userCol, itemCol, ratingCol, minRating, maxRating, onBadRecord, maxLineLength, c);
  }

  /** A copy with another line-length limit. */
  public ReaderOptions withMaxLineLength(int bytes) {
    return new ReaderOptions(format, userCol, itemCol, ratingCol, minRating, maxRating, onBadRecord, bytes, delimiter);
  }

  /** The accepted range as text, e.g. {@code [0.5, 5.0]}, for messages. */
  String rangeText() {
    return rangeText(minRating, maxRating);
  }

  /** "[min, max]", an unset bound ({@code ±Float.MAX_VALUE} or beyond) shown as an open infinite end. */
  public static String rangeText(double min, double max) {
    boolean noMin = min <= -Float.MAX_VALUE;
    boolean noMax = max >= Float.MAX_VALUE;
    return (noMin ? "(-inf" : "[" + min) + ", " + (noMax ? "inf)" : max + "]");
  }
}
