package io.sparkmomentum.cli;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * Paths given by the user, checked before any work: a string Hadoop cannot parse as a path ({@code /tmp/r:1.tsv}: a
 * colon in a relative segment reads as a URI scheme) or a scheme with no file system on the classpath
 * ({@code s3a://} without hadoop-aws) is a one-line error naming the key and the value.
 */
final class PathCheck {
  private PathCheck() {}

  static Path path(String key, String value, int exitCode) {
    try {
      return new Path(value);
    } catch (IllegalArgumentException e) {
      throw new Main.UserError(key + " = \"" + value + "\" is not a valid path (" + RunDirectory.oneLine(
          e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + "); expected a local path or a URI "
          + "such as hdfs://host/dir (a ':' in a file name must be written as a file: URI, e.g. file:///tmp/r%3A1.tsv)",
          exitCode);
    }
  }

  static FileSystem fileSystem(String key, Path p, Configuration hadoop, int exitCode) throws IOException {
    try {
      return p.getFileSystem(hadoop);
    } catch (UnsupportedFileSystemException e) {
      throw new Main.UserError(key + " = \"" + p + "\": no file system for the scheme '" + p.toUri().getScheme()
          + "' on the classpath; expected file:, hdfs: or a scheme whose Hadoop connector is installed "
          + "(for s3a: hadoop-aws)", exitCode);
    } catch (IllegalArgumentException e) {
      throw new Main.UserError(key + " = \"" + p + "\" is not a usable path (" + RunDirectory.oneLine(e.getMessage())
          + ")", exitCode);
    }
  }

  /** Checks a data path of the config (empty: not set). */
  static void data(String key, String value, Configuration hadoop) throws IOException {
    if (value == null || value.isBlank()) return;
    fileSystem(key, path(key, value.trim(), Main.EXIT_DATA), hadoop, Main.EXIT_DATA);
  }
}
