package io.sparkmomentum.data;

/**
 * What the reader does with a bad line (malformed, non-numeric or out-of-range rating, control bytes, ...).
 * File-level problems (missing, unreadable or empty input, a CSV header without a requested column)
 * always fail, whatever this says.
 */
public enum OnBadRecord {
  /** Throw a {@link BadInputException} at the first bad line. */
  FAIL,
  /** Count the bad line, keep the first few as examples in the {@link ReadResult}, and go on. */
  SKIP
}
