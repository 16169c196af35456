package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import java.util.function.Supplier;

/**
 * As {@link SourceErrors#unwrap}, but also for Spark's job-abort {@code SparkException}, which is a checked
 * exception that Scala code throws undeclared (so {@code catch (RuntimeException)} misses it).
 */
final class Unwrap {
  private Unwrap() {}

  static <T> T run(Supplier<T> action) {
    try {
      return action.get();
    } catch (Exception e) {
      BadInputException bad = SourceErrors.find(e);
      if (bad != null) throw bad;
      throw e;
    }
  }
}
