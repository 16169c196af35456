package io.sparkmomentum.io;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Atomic directory publication on any Hadoop file system: the contents are written into a hidden temporary sibling
 * {@code PARENT/.NAME.tmp-HEX16}, which is then renamed to {@code PARENT/NAME}. Readers therefore see either no
 * directory or a complete one (renames are atomic on HDFS and local disks; on object stores such as S3 a directory
 * rename is a copy and is not atomic). Names starting with a dot are ignored by Hadoop and Spark input listings.
 *
 * <p>Replacing ({@code overwrite}) moves the old directory aside to {@code PARENT/.NAME.old-HEX16}, renames the new one
 * into place and then deletes the old one; if the second rename fails the old directory is moved back. Leftover
 * {@code .tmp-}/{@code .old-} siblings (from a killed process) are never read; see {@link #leftoverOf(String)}.
 */
public final class AtomicDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(AtomicDirectory.class);
  private static final Pattern LEFTOVER = Pattern.compile("\\.(.+)\\.(tmp|old)-[0-9a-f]{16}");

  private AtomicDirectory() {}

  /**
   * Publishes a directory at {@code finalPath}, creating missing parents.
   *
   * @param writeContents writes the contents into the (already created, empty) temporary directory it is given
   * @return the qualified final path
   * @throws FileAlreadyExistsException if {@code finalPath} exists and {@code overwrite} is false
   * @throws IOException whatever {@code writeContents} or the file system threw; the temporary directory has then been
   *     deleted and nothing has changed at {@code finalPath}
   */
  public static Path publish(String finalPath, Configuration conf, boolean overwrite, IOConsumer<Path> writeContents)
      throws IOException {
    Path raw = new Path(finalPath);
    FileSystem fs = Fs.of(raw, conf);
    return publish(fs, fs.makeQualified(raw), overwrite, writeContents);
  }

  static Path publish(FileSystem fs, Path target, boolean overwrite, IOConsumer<Path> writeContents)
      throws IOException {
    Path parent = target.getParent();
    if (parent == null) {
      throw new IllegalArgumentException("cannot publish a directory at the root " + target);
    }
    if (!overwrite && fs.exists(target)) {
      throw alreadyExists(target);
    }
    if (!fs.mkdirs(parent)) {
      throw new IOException("cannot create directory " + parent);
    }
    Path tmp = sibling(target, "tmp");
    if (!fs.mkdirs(tmp)) {
      throw new IOException("cannot create temporary directory " + tmp);
    }
    try {
      writeContents.accept(tmp);
      FaultInjection.beforePublish(target.toString());
      moveIntoPlace(fs, tmp, target, overwrite);
    } catch (Throwable t) {
      deleteAfterFailure(fs, tmp, t);
      throw t;
    }
    return target;
  }

  private static void moveIntoPlace(FileSystem fs, Path tmp, Path target, boolean overwrite) throws IOException {
    if (!fs.exists(target)) {
      rename(fs, tmp, target);
      return;
    }
    if (!overwrite) {
      throw alreadyExists(target); // created by someone else while we were writing
    }
    Path old = sibling(target, "old");
    rename(fs, target, old);
    try {
      rename(fs, tmp, target);
    } catch (IOException | RuntimeException e) {
      try {
        rename(fs, old, target);
      } catch (IOException | RuntimeException restore) {
        e.addSuppressed(new IOException("could not move the previous " + target + " back from " + old, restore));
      }
      throw e;
    }
    try { // the new directory is in place: failing to delete the old one is not a failure to publish
      if (!fs.delete(old, true)) {
        LOG.warn("Replaced {}, but could not delete the previous version at {}", target, old);
      }
    } catch (IOException e) {
      LOG.warn("Replaced {}, but could not delete the previous version at {}", target, old, e);
    }
  }

  /** Rename that fails, instead of moving {@code src} into {@code dst}, when {@code dst} exists (atomic on HDFS). */
  private static void rename(FileSystem fs, Path src, Path dst) throws IOException {
    FileUtil.rename(fs, src, dst, Options.Rename.NONE);
  }

  private static FileAlreadyExistsException alreadyExists(Path target) {
    return new FileAlreadyExistsException(target + " already exists; use --overwrite to replace it");
  }

  private static void deleteAfterFailure(FileSystem fs, Path tmp, Throwable cause) {
    try {
      if (fs.exists(tmp) && !fs.delete(tmp, true)) {
        cause.addSuppressed(new IOException("could not delete temporary directory " + tmp));
      }
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(new IOException("could not delete temporary directory " + tmp, e));
    }
  }

  private static Path sibling(Path target, String what) {
    String hex = String.format("%016x", ThreadLocalRandom.current().nextLong());
    return new Path(target.getParent(), "." + target.getName() + "." + what + "-" + hex);
  }

  /**
   * If {@code name} is a temporary ({@code .NAME.tmp-HEX16}) or moved-aside ({@code .NAME.old-HEX16}) sibling left by
   * {@link #publish}, returns NAME; otherwise null.
   */
  public static String leftoverOf(String name) {
    Matcher m = LEFTOVER.matcher(name);
    return m.matches() ? m.group(1) : null;
  }
}
