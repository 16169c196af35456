package io.sparkmomentum.cli;

import io.sparkmomentum.io.CheckpointStore;
import io.sparkmomentum.io.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run directory claimed by this process: it is recognised only by the marker file {@value #MARKER} that we write
 * (JSON with {@code "format": "spark-momentum/run"}), and it is held with a {@link RunLock} for the whole run.
 *
 * <ul>
 *   <li>{@code --overwrite} deletes only a directory that carries the marker, or an empty one; anything else is
 *       refused and left untouched (a {@code model/} subfolder proves nothing).</li>
 *   <li>Its contents are replaced only in {@link #prepare}, after the data was read and Spark started, so a run that
 *       fails before that leaves an older run intact.</li>
 *   <li>A directory this process created is deleted again when the run fails before {@link #prepare}: a failed
 *       {@code train} leaves no half-made run directory behind.</li>
 * </ul>
 */
final class RunDirectory implements AutoCloseable {
  static final String MARKER = ".spark-momentum-run";
  static final String FORMAT = "spark-momentum/run";

  private final FileSystem fs;
  private final Path dir;
  private final boolean created;
  private final RunLock lock;
  private boolean prepared;

  private RunDirectory(FileSystem fs, Path dir, boolean created, RunLock lock) {
    this.fs = fs;
    this.dir = dir;
    this.created = created;
    this.lock = lock;
  }

  /**
   * Checks that {@code output} may be used as asked, creates it if missing, and locks it. Fails with a one-line
   * {@link Main.UserError} (exit 2) when it exists without {@code --overwrite}/{@code --resume}, is not ours, cannot
   * be created or written, or is in use by a live run.
   */
  static RunDirectory claim(String output, Configuration hadoop, boolean overwrite, boolean resume)
      throws IOException {
    Path dir = PathCheck.path("--output", output, Main.EXIT_CONFIG);
    PathCheck.noColonInNames("--output", dir, Main.EXIT_CONFIG);
    FileSystem fs = PathCheck.fileSystem("--output", dir, hadoop, Main.EXIT_CONFIG);
    fs.setWriteChecksum(false);
    boolean exists = fs.exists(dir);
    if (exists && !fs.getFileStatus(dir).isDirectory()) {
      throw new Main.UserError("output " + output + " is a regular file; expected a run directory (choose another "
          + "--output)", Main.EXIT_CONFIG);
    }
    if (exists && !overwrite && !resume) {
      throw new Main.UserError("output " + output + " already exists; use --overwrite to replace it or --resume to "
          + "continue it", Main.EXIT_CONFIG);
    }
    if (exists && !isOurs(fs, dir)) {
      throw new Main.UserError((overwrite ? "--overwrite" : "--resume") + " refused: " + output + " is not a run "
          + "directory (it has files but no " + MARKER + " marker); nothing was deleted: remove it yourself or "
          + "choose another --output", Main.EXIT_CONFIG);
    }
    boolean created = false;
    if (!exists) {
      TrainingRun.checkCreatable(fs, dir);
      boolean made;
      try {
        made = fs.mkdirs(dir);
      } catch (IOException | RuntimeException e) {
        throw unwritable(output, e.getMessage());
      }
      if (!made || !fs.exists(dir)) throw unwritable(output, "mkdir failed");
      created = true;
    }
    RunLock lock;
    try {
      lock = RunLock.acquire(fs, dir);
    } catch (Main.UserError e) {
      if (created) fs.delete(dir, true);
      throw e;
    } catch (IOException | RuntimeException e) {
      if (created) fs.delete(dir, true);
      throw unwritable(output, e.getMessage());
    }
    return new RunDirectory(fs, dir, created, lock);
  }

  private static Main.UserError unwritable(String output, String why) {
    return new Main.UserError("cannot write the run directory " + output + " (" + oneLine(why) + "); expected a "
        + "writable --output", Main.EXIT_CONFIG);
  }

  static String oneLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /** Carries our marker, or holds nothing but our own lock and marker files (or nothing at all). */
  static boolean isOurs(FileSystem fs, Path dir) throws IOException {
    if (!fs.getFileStatus(dir).isDirectory()) return false;
    if (readMarker(fs, dir).isPresent()) return true;
    for (FileStatus s : fs.listStatus(dir)) {
      if (!s.getPath().getName().startsWith(RunLock.NAME)) return false;
    }
    return true;
  }

  /** The marker's content, if the directory has a valid marker of our format. */
  static Optional<Map<String, Object>> readMarker(FileSystem fs, Path dir) throws IOException {
    try (FSDataInputStream in = fs.open(new Path(dir, MARKER))) {
      Map<String, Object> m = Json.readMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return FORMAT.equals(m.get("format")) ? Optional.of(m) : Optional.empty();
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The working directory the run was started in (relative paths of its config are relative to it), if known. */
  static Optional<String> recordedWorkingDirectory(String runDir, Configuration hadoop) {
    try {
      Path dir = new Path(runDir);
      return readMarker(dir.getFileSystem(hadoop), dir).map(m -> (String) m.get("working_directory"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  Path path() {
    return dir;
  }

  FileSystem fs() {
    return fs;
  }

  /** Whether there is a checkpoint that passes validation. */
  boolean hasCompleteCheckpoint(String output, Configuration hadoop) throws IOException {
    return new CheckpointStore(output, hadoop, 1).latestComplete().isPresent();
  }

  /**
   * The summary of a run that has ended (status {@code ok} with its model, or {@code diverged}), as written in
   * {@code summary.json}; empty for a run that is new, under way, killed or interrupted.
   */
  Optional<Map<String, Object>> finishedSummary() throws IOException {
    Path p = new Path(dir, "summary.json");
    if (!fs.exists(p)) return Optional.empty();
    Map<String, Object> s;
    try (FSDataInputStream in = fs.open(p)) {
      s = Json.readMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    Object status = s.get("status");
    if ("ok".equals(status) && fs.exists(new Path(dir, "model"))) return Optional.of(s);
    if ("diverged".equals(status)) return Optional.of(s);
    return Optional.empty();
  }

  /**
   * Makes the directory ready for training, after the data was read and Spark started: with {@code fresh}, deletes
   * everything in it but the lock (it was checked to be ours); writes the marker if missing.
   */
  /**
   * Where the data blocks are checkpointed on a cluster (set before the data is read, so kept by {@link #prepare};
   * deleted when the run ends).
   */
  static final String SPARK_CHECKPOINTS = ".spark-checkpoints";

  void prepare(boolean fresh) throws IOException {
    if (fresh) {
      for (FileStatus s : fs.listStatus(dir)) {
        String name = s.getPath().getName();
        if (!name.equals(RunLock.NAME) && !name.equals(SPARK_CHECKPOINTS)) fs.delete(s.getPath(), true);
      }
    }
    Path marker = new Path(dir, MARKER);
    if (!fs.exists(marker)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("format", FORMAT);
      m.put("version", 1);
      m.put("created", Instant.now().toString());
      m.put("working_directory", System.getProperty("user.dir"));
      try (OutputStream o = fs.create(marker, true)) {
        o.write((Json.write(m) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    prepared = true;
  }

  /** Called on failure: a directory created by this run and never prepared is removed again. */
  void failed() {
    if (!created || prepared) return;
    lock.close();
    try {
      fs.delete(dir, true);
    } catch (IOException e) {
      System.err.println("warning: could not remove " + dir + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    lock.close();
  }
}
