package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import java.util.function.Supplier;

/** Gives back, on the driver, the bad-input error that failed a task. */
public final class SourceErrors {
  private SourceErrors() {}

  /**
   * Runs {@code action} (a Spark action over a source); if a task failed on bad input, rethrows that
   * {@link BadInputException} itself (its one-line message names the file, the line or row, the value and what was
   * expected) instead of Spark's job-abort wrapper.
   */
  public static <T> T unwrap(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) { // SparkException is checked, yet Spark's Scala code throws it from any action
      BadInputException bad = find(e);
      if (bad != null) throw bad;
      throw SourceErrors.<RuntimeException>sneaky(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Exception> E sneaky(Exception e) throws E {
    throw (E) e;
  }

  /** The first {@link BadInputException} in {@code t}'s cause chain, or null. */
  public static BadInputException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof BadInputException b) return b;
    }
    return null;
  }
}
