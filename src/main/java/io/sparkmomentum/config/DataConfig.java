package io.sparkmomentum.config;

import java.util.List;
import java.util.Locale;

/**
 * Where the ratings come from and how to read them.
 *
 * @param train training ratings path (any Hadoop path)
 * @param test held-out ratings path, or empty
 * @param format tsv, dat or csv
 * @param userCol CSV column of the user id
 * @param itemCol CSV column of the item id
 * @param ratingCol CSV column of the rating
 * @param testFraction with no test file, the seeded random fraction held out
 * @param minRating smallest valid input rating ({@code -}{@link #UNBOUNDED} when unset: no range is enforced)
 * @param maxRating largest valid input rating ({@link #UNBOUNDED} when unset)
 * @param onBadRecord fail or skip
 * @param delimiter the field separator of the {@code csv} format (header row, named columns): one character, or
 *     {@code tab}
 * @param labels idx: the label file of {@code train}
 * @param testLabels idx: the label file of {@code test}
 * @param numFeatures libsvm: the declared number of features; 0 = the largest index seen
 * @param duplicates keep, last, mean or fail: several training records of one (user, item) pair
 * @param numClasses class labels are integers in {@code [0, numClasses)}; 0 = the largest training label + 1
 * @param validationFraction fraction of the training input held out (a seeded hash per record, disjoint from the
 *     test slice) to validate on (early stopping); {@link #AUTO} = 0.1 when needed, else 0
 * @param positiveThreshold implicit feedback from explicit ratings: a record whose label is at least this is an event
 *     of label 1, the others are dropped (training and test alike); 0 = off, every record is an event whose label is
 *     its count or weight
 */
public record DataConfig(String train, String test, String format, String userCol, String itemCol, String ratingCol,
    double testFraction, double minRating, double maxRating, String onBadRecord, String delimiter, String labels,
    String testLabels, int numFeatures, String duplicates, int numClasses, double positiveThreshold,
    double validationFraction) {

  /** {@code data.validation_fraction = auto}: 0.1 when the run stops early on a validation metric, else 0. */
  public static final double AUTO = Double.NaN;
  /** The validation fraction {@code auto} stands for when a run needs a validation slice. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
  /** A rating bound left unset: any finite rating (any finite float) is valid. */
  public static final double UNBOUNDED = Float.MAX_VALUE;

  /** The values of {@code data.format}. */
  public static final List<String> FORMATS = List.of("tsv", "dat", "csv", "parquet", "orc", "table", "libsvm", "idx");
  /** The values of {@code data.duplicates}. */
  public static final List<String> DUPLICATES = List.of("keep", "last", "mean", "sum", "fail");

  /** The rating formats' keys alone (no feature keys), duplicates kept. */
  public DataConfig(String train, String test, String format, String userCol, String itemCol, String ratingCol,
      double testFraction, double minRating, double maxRating, String onBadRecord, String delimiter) {
    this(train, test, format, userCol, itemCol, ratingCol, testFraction, minRating, maxRating, onBadRecord, delimiter,
        "", "", 0, "keep", 0, 0, 0);
  }

  /** This config with {@code data.positive_threshold = threshold}. */
  public DataConfig withPositiveThreshold(double threshold) {
    return new DataConfig(train, test, format, userCol, itemCol, ratingCol, testFraction, minRating, maxRating,
        onBadRecord, delimiter, labels, testLabels, numFeatures, duplicates, numClasses, threshold, validationFraction);
  }

  /** This config with {@code data.validation_fraction = fraction}. */
  public DataConfig withValidationFraction(double fraction) {
    return new DataConfig(train, test, format, userCol, itemCol, ratingCol, testFraction, minRating, maxRating,
        onBadRecord, delimiter, labels, testLabels, numFeatures, duplicates, numClasses, positiveThreshold, fraction);
  }

  /** The validation fraction, {@code auto} resolved: 0.1 if the run needs a slice, else 0. */
  public double validationFraction(boolean needsValidation) {
    if (!Double.isNaN(validationFraction)) return validationFraction;
    return needsValidation ? DEFAULT_VALIDATION_FRACTION : 0;
  }

  /** Whether records are turned into positives ({@code data.positive_threshold > 0}). */
  public boolean positivesOnly() {
    return positiveThreshold > 0;
  }

  public DataConfig {
    if (train == null || train.isBlank()) throw new ConfigException("data.train", train, "a path to ratings");
    test = test == null ? "" : test.trim();
    format = format.trim().toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) throw new ConfigException("data.format", format, "one of " + String.join(", ", FORMATS));
    labels = labels == null ? "" : labels.trim();
    testLabels = testLabels == null ? "" : testLabels.trim();
    if (format.equals("idx") && labels.isEmpty()) {
      throw new ConfigException("data.labels", labels, "the IDX label file of data.train (data.format = idx)");
    }
    if (format.equals("idx") && !test.isEmpty() && testLabels.isEmpty()) {
      throw new ConfigException("data.test_labels", testLabels, "the IDX label file of data.test (data.format = idx)");
    }
    Check.atLeast("data.num_features", numFeatures, 0);
    Check.atLeast("data.num_classes", numClasses, 0);
    duplicates = duplicates == null ? "" : duplicates.trim().toLowerCase(Locale.ROOT);
    if (!DUPLICATES.contains(duplicates)) {
      throw new ConfigException("data.duplicates", duplicates, "one of " + String.join(", ", DUPLICATES));
    }
    Check.atLeast("data.positive_threshold", positiveThreshold, 0.0);
    Check.finite("data.positive_threshold", positiveThreshold);
    Check.inHalfOpen("data.test_fraction", testFraction, 0.0, 1.0);
    if (!test.isEmpty() && testFraction > 0) {
      throw new ConfigException("data.test_fraction", testFraction, "0 when data.test is set (got data.test = "
          + test + ")");
    }
    if (!Double.isNaN(validationFraction)) {
      Check.inHalfOpen("data.validation_fraction", validationFraction, 0.0, 1.0);
      if (testFraction + validationFraction >= 1) {
        throw new ConfigException("data.validation_fraction", validationFraction, "a fraction < 1 - data.test_fraction ("
            + testFraction + ")");
      }
    }
    Check.finite("data.min_rating", minRating);
    Check.finite("data.max_rating", maxRating);
    if (!(maxRating > minRating)) throw new ConfigException("data.max_rating", maxRating, "a number > data.min_rating");
    if (delimiter == null || !(delimiter.length() == 1 || delimiter.equals("tab") || delimiter.equals("\\t"))) {
      throw new ConfigException("data.delimiter", delimiter, "a single character, or tab");
    }
    char d = delimiterChar(delimiter);
    if (d == '"' || Character.isLetterOrDigit(d)) {
      throw new ConfigException("data.delimiter", delimiter, "a character that is not a quote, letter or digit");
    }
    onBadRecord = onBadRecord.trim().toLowerCase(Locale.ROOT);
    if (!onBadRecord.equals("fail") && !onBadRecord.equals("skip")) {
      throw new ConfigException("data.on_bad_record", onBadRecord, "fail or skip");
    }
  }

  /** The {@code csv} field separator as a character. */
  public char delimiterChar() {
    return delimiterChar(delimiter);
  }

  private static char delimiterChar(String d) {
    return d.equals("tab") || d.equals("\\t") ? '\t' : d.charAt(0);
  }

  public boolean hasTest() {
    return !test.isEmpty() || testFraction > 0;
  }
}
