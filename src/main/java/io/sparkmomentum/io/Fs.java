package io.sparkmomentum.io;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The Hadoop {@link FileSystem} this package uses for a path. */
final class Fs {
  private Fs() {}

  /**
   * The file system of {@code path}. A client-side checksumming file system (the default for {@code file:}, which
   * writes hidden {@code .NAME.crc} sidecar files and supports neither append nor hflush) is replaced by its raw file
   * system: the formats here carry their own checksums.
   */
  static FileSystem of(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof ChecksumFileSystem ? ((ChecksumFileSystem) fs).getRawFileSystem() : fs;
  }

  /** {@code path} parsed and qualified against its file system (scheme, authority and working directory). */
  static Path qualify(FileSystem fs, String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("empty path");
    }
    return fs.makeQualified(new Path(path));
  }
}
