package io.sparkmomentum.data;

import java.util.Locale;

/**
 * {@code data.duplicates}: what to do with several training records of the same (user, item) pair.
 * The count of duplicates is reported in the summary whatever the policy. For implicit feedback (a record is an
 * event), {@link #KEEP} trains on each event (a pair seen three times is three positives), {@link #SUM} on each pair
 * once with its events' count as the label, {@link #LAST} and {@link #MEAN} on each pair once.
 */
public enum Duplicates {
  /** Train on every record (each is an example). */
  KEEP,
  /** Keep the pair's last record in input order (files by name, then line or row). */
  LAST,
  /** One example per pair, whose label and weight are the means of its records. */
  MEAN,
  /**
   * One example per pair, whose label and weight are the sums of its records': for implicit events, the pair's count
   * (each event of label 1, as {@code data.positive_threshold} makes them) or its summed plays or weights.
   */
  SUM,
  /** Refuse the data, naming the first duplicated pair. */
  FAIL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Null when {@code s} names no policy. */
  public static Duplicates parseOrNull(String s) {
    for (Duplicates d : values()) if (d.id().equals(s == null ? null : s.trim().toLowerCase(Locale.ROOT))) return d;
    return null;
  }
}
