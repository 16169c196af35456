package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one input split (or a whole read, once merged) produced: records kept, records skipped as bad (with
 * {@code data.on_bad_record = skip}), and the first few skipped records' one-line messages
 * ({@code "file:line: reason; text: ..."}), in input order.
 *
 * @param split    the split's position in the input's fixed split order (files by name, then offset); merged
 *                 reports keep the smallest
 * @param read     records parsed (lines or rows, header and blank lines excluded)
 * @param kept     records kept
 * @param skipped  records skipped as bad
 * @param examples the first {@link #MAX_EXAMPLES} skipped records' messages
 * @param error    the bad input that stopped this split (with {@code on_bad_record = fail}, or a file-level
 *                 problem), or null; merged reports keep the earliest split's, so the error a user sees is the
 *                 first in input order, whichever task failed first
 */
public record ReadReport(int split, long read, long kept, long skipped, List<String> examples,
    BadInputException error) implements Serializable {
  public static final int MAX_EXAMPLES = 5;

  public ReadReport {
    examples = List.copyOf(examples);
  }

  /** A report without error. */
  public ReadReport(int split, long read, long kept, long skipped, List<String> examples) {
    this(split, read, kept, skipped, examples, null);
  }

  /** The report of a split stopped by {@code error}. */
  public static ReadReport failed(int split, BadInputException error) {
    return new ReadReport(split, 0, 0, 0, List.of(), error);
  }

  /** Throws the error, if any (call on a merged report: the earliest split's). */
  public ReadReport orThrow() {
    if (error != null) throw error;
    return this;
  }

  public static ReadReport empty(int split) {
    return new ReadReport(split, 0, 0, 0, List.of());
  }

  /** The two reports as one, {@code this} first in input order. */
  public ReadReport merge(ReadReport later) {
    List<String> ex = new ArrayList<>(examples);
    for (String e : later.examples) if (ex.size() < MAX_EXAMPLES) ex.add(e);
    return new ReadReport(Math.min(split, later.split), read + later.read, kept + later.kept,
        skipped + later.skipped, ex, error != null ? error : later.error);
  }

  /** Reports of every split merged in split order. */
  public static ReadReport mergeAll(List<ReadReport> reports) {
    List<ReadReport> sorted = new ArrayList<>(reports);
    sorted.sort(java.util.Comparator.comparingInt(ReadReport::split));
    ReadReport all = empty(0);
    for (ReadReport r : sorted) all = all.merge(r);
    return all;
  }
}
