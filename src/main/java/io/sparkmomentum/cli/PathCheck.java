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
          + "such as hdfs://host/dir", exitCode);
    }
  }

  /** Hadoop cannot name a file whose name holds ':' (its checksum and child paths parse as URIs with a scheme). */
  static void noColonInNames(String key, Path p, int exitCode) {
    String path = p.toUri().getPath();
    if (path == null) return;
    for (String segment : path.split("/")) {
      if (segment.contains(":")) {
        throw new Main.UserError(key + " = \"" + p + "\": the name '" + segment + "' contains ':', which Hadoop "
            + "paths cannot hold; expected a path without ':' in its names (rename or symlink the file)", exitCode);
      }
    }
  }

  static FileSystem fileSystem(String key, Path p, Configuration hadoop, int exitCode) throws IOException {
    try {
      return p.getFileSystem(hadoop);
    } catch (UnsupportedFileSystemException | NoFileSystemClass e) {
      throw new Main.UserError(key + " = \"" + p + "\": no file system for the scheme '" + p.toUri().getScheme()
          + "' on the classpath; expected file:, hdfs: or a scheme whose Hadoop connector is installed "
          + "(for s3a: hadoop-aws)", exitCode);
    } catch (IllegalArgumentException e) {
      throw new Main.UserError(key + " = \"" + p + "\" is not a usable path (" + RunDirectory.oneLine(e.getMessage())
          + ")", exitCode);
    } catch (RuntimeException e) { // Configuration.getClass: the scheme is configured, its class is not there
      if (!(e.getCause() instanceof ClassNotFoundException)) throw e;
      throw new Main.UserError(key + " = \"" + p + "\": no file system for the scheme '" + p.toUri().getScheme()
          + "' on the classpath (" + RunDirectory.oneLine(e.getCause().getMessage()) + "); expected file:, hdfs: or a "
          + "scheme whose Hadoop connector is installed (for s3a: hadoop-aws)", exitCode);
    }
  }

  /** Never thrown: keeps the multi-catch above readable. */
  private static final class NoFileSystemClass extends RuntimeException {}

  /** Checks a data path of the config (empty: not set). */
  static void data(String key, String value, Configuration hadoop) throws IOException {
    if (value == null || value.isBlank()) return;
    Path p = path(key, value.trim(), Main.EXIT_DATA);
    noColonInNames(key, p, Main.EXIT_DATA);
    fileSystem(key, p, hadoop, Main.EXIT_DATA);
  }
}
