package io.sparkmomentum.data.source;

/**
 * What a feature row's label must be; a reader refuses (or skips) a row whose label does not fit, naming the file,
 * the line and the value.
 */
public enum LabelKind {
  /** Any finite number (regression). */
  REAL,
  /** Two classes written {@code -1/+1} or {@code 0/1}; stored as {@code 0} and {@code 1}. */
  BINARY,
  /** A class id: an integer in {@code [0, numClasses)}. */
  CLASS
}
