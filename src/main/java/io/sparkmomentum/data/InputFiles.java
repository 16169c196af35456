package io.sparkmomentum.data;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;

/**
 * Resolves a user's path (file or directory, any Hadoop file system) to the files to read, and opens them. Public
 * for the executor-side readers ({@code data.source}), which list on the driver and open on the executors.
 */
public final class InputFiles {
  private InputFiles() {}

  /** One file to read; {@code display} is how messages name it. */
  public record Entry(String display, FileSystem fs, Path path, boolean gzip) {}

  /** The files under {@code path}: itself, or a directory's files in name order (skipping "_*" and ".*"). */
  public static List<Entry> list(String path, Configuration conf) {
    if (path == null || path.trim().isEmpty()) {
      throw new BadInputException(String.valueOf(path), 0, "empty path; expected a ratings file or directory", null);
    }
    Path p;
    FileSystem fs;
    try {
      p = new Path(path);
      fs = p.getFileSystem(conf);
    } catch (IllegalArgumentException | IOException e) {
      throw new BadInputException(path, 0, "cannot use this path (" + e.getMessage()
          + "); expected a local path or a file:, hdfs: or other Hadoop file system URI", null, e);
    }
    FileStatus status = status(fs, p, path);
    if (!status.isDirectory()) {
      return List.of(new Entry(path, fs, p, isGzip(p.getName())));
    }
    FileStatus[] children;
    try {
      children = fs.listStatus(p);
    } catch (IOException e) {
      throw new BadInputException(path, 0, "cannot list the directory (" + e.getMessage()
          + "); expected a readable directory", null, e);
    }
    Arrays.sort(children, Comparator.comparing((FileStatus s) -> s.getPath().getName()));
    List<Entry> files = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    String prefix = path.endsWith("/") ? path : path + "/";
    for (FileStatus child : children) {
      String name = child.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        ignored.add(name);
      } else if (child.isDirectory()) {
        throw new BadInputException(prefix + name, 0, "a directory inside the input directory; expected only data"
            + " files there (nested directories are not read; names starting with '_' or '.' are ignored)", null);
      } else {
        files.add(new Entry(prefix + name, fs, child.getPath(), isGzip(name)));
      }
    }
    if (files.isEmpty()) {
      throw new BadInputException(path, 0, "the directory has no data files"
          + (ignored.isEmpty() ? " (it is empty)" : " (only ignored names: " + String.join(", ", ignored) + ")")
          + "; expected at least one ratings file (names starting with '_' or '.' are ignored)", null);
    }
    return files;
  }

  public static boolean isGzip(String name) {
    return name.endsWith(".gz");
  }

  private static FileStatus status(FileSystem fs, Path p, String display) {
    try {
      return fs.getFileStatus(p);
    } catch (AccessControlException e) {
      throw permissionDenied(display, e);
    } catch (IOException e) {
      BadInputException parentIsFile = parentIsFile(fs, p, display, e);
      if (parentIsFile != null) {
        throw parentIsFile;
      }
      if (e instanceof FileNotFoundException) {
        throw new BadInputException(display, 0, "no such file or directory; expected an existing ratings file"
            + " or directory", null, e);
      }
      if (String.valueOf(e.getMessage()).contains("Permission denied")) {
        throw permissionDenied(display, e);
      }
      throw new BadInputException(display, 0, "cannot access the path (" + e.getMessage()
          + "); expected a readable file or directory", null, e);
    }
  }

  /** If an ancestor of {@code p} is a regular file, says so (the path cannot exist). */
  private static BadInputException parentIsFile(FileSystem fs, Path p, String display, IOException cause) {
    for (Path a = p.getParent(); a != null; a = a.getParent()) {
      try {
        FileStatus s = fs.getFileStatus(a);
        if (!s.isDirectory()) {
          return new BadInputException(display, 0, "cannot read: its parent " + a + " is a regular file, not a"
              + " directory; expected an existing ratings file or directory", null, cause);
        }
        return null;
      } catch (IOException ignored) {
        // keep walking up
      }
    }
    return null;
  }

  private static BadInputException permissionDenied(String display, IOException e) {
    return new BadInputException(display, 0, "cannot read: permission denied (" + e.getMessage()
        + "); expected a readable file (check its permissions)", null, e);
  }

  /** The file's length in bytes (compressed, for {@code .gz}). */
  public static long length(Entry f) {
    try {
      return f.fs().getFileStatus(f.path()).getLen();
    } catch (AccessControlException e) {
      throw permissionDenied(f.display(), e);
    } catch (IOException e) {
      throw new BadInputException(f.display(), 0, "cannot access the file (" + e.getMessage()
          + "); expected a readable file", null, e);
    }
  }

  /**
   * Opens a plain (not {@code .gz}) file at byte {@code pos}.
   */
  public static InputStream openAt(Entry f, long pos) {
    if (f.gzip()) {
      throw new IllegalArgumentException("a .gz file is read from its start: " + f.display());
    }
    InputStream in = open(f);
    try {
      ((org.apache.hadoop.fs.FSDataInputStream) in).seek(pos);
      return in;
    } catch (IOException e) {
      closeQuietly(in);
      throw readError(f, 0, e);
    }
  }

  /** Opens the file, decompressing {@code .gz}. */
  public static InputStream open(Entry f) {
    InputStream in;
    try {
      in = f.fs().open(f.path());
    } catch (AccessControlException e) {
      throw permissionDenied(f.display(), e);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("Permission denied")) {
        throw permissionDenied(f.display(), e);
      }
      throw new BadInputException(f.display(), 0, "cannot open the file (" + e.getMessage()
          + "); expected a readable file", null, e);
    }
    if (!f.gzip()) {
      return in;
    }
    try {
      return new GZIPInputStream(in, 64 * 1024);
    } catch (IOException e) {
      closeQuietly(in);
      String why = e instanceof EOFException ? "the file is empty or truncated" : e.getMessage();
      throw new BadInputException(f.display(), 0, "not a valid gzip file (" + why
          + "); expected gzip-compressed text, since the name ends with .gz", null, e);
    }
  }

  /** Says what an unreadable or mid-file I/O failure means; {@code line} is the line being read. */
  static BadInputException readError(Entry f, long line, IOException e) {
    return readError(f.display(), f.gzip(), line, e);
  }

  /** As {@link #readError(Entry, long, IOException)}, for a file known by its name. */
  static BadInputException readError(String display, boolean gzip, long line, IOException e) {
    String hint = gzip && (e instanceof EOFException || e instanceof ZipException)
        ? " (the gzip data is truncated or corrupt)" : "";
    return new BadInputException(display, line, "read error: " + e + hint
        + "; expected a complete, readable file", null, e);
  }

  static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // already failing
    }
  }
}
