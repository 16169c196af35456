package io.sparkmomentum.report;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Read access to one run directory, whatever file system holds it (the CLI gives Hadoop paths, tests local folders):
 * the report package itself touches no file system.
 */
public interface RunFiles {
  /** The directory as the user named it, for labels and messages. */
  String location();

  /** Whether the directory exists (and is a directory). */
  boolean exists() throws IOException;

  /** {@code name} inside the directory as the user would write it, for messages. */
  default String describe(String name) {
    String l = location();
    return l.endsWith("/") ? l + name : l + "/" + name;
  }

  /** The UTF-8 text of the file {@code name} in the directory, or empty when there is no such file. */
  Optional<String> read(String name) throws IOException;

  /** The names of the subdirectories of {@code dir} (relative to this directory), sorted; empty when absent. */
  List<String> directories(String dir) throws IOException;

  /** The directory {@code relative} below this one. */
  RunFiles resolve(String relative);
}
