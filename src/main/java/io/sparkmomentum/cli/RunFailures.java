package io.sparkmomentum.cli;

import java.io.IOException;

/**
 * Failures of a run that are the environment's, not a bug: turned into one line with what to do. A full disk
 * (Hadoop's local file system throws {@code FSError}, an {@link Error}) and running out of heap despite
 * {@link MemoryEstimate}. Anything else passes through unchanged.
 */
final class RunFailures {
  private RunFailures() {}

  static RuntimeException explain(Throwable t, String output) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null && m.contains("No space left on device")) {
        return new Main.UserError("no space left on device while writing " + output + " (" + RunDirectory.oneLine(m)
            + "); free some space or choose another --output, then continue with --resume (complete checkpoints "
            + "are kept)", Main.EXIT_DATA);
      }
      if (c instanceof OutOfMemoryError) {
        return new Main.UserError("out of memory (" + RunDirectory.oneLine(m) + "); raise the heap "
            + "(SPARK_MOMENTUM_HEAP for jobs/*.sh, spark.driver.memory / --driver-memory with spark-submit) or "
            + "lower model.rank", 1);
      }
    }
    if (t instanceof RuntimeException r) return r;
    if (t instanceof IOException io) return new java.io.UncheckedIOException(io);
    if (t instanceof Error e) throw e;
    return new RuntimeException(t);
  }
}
