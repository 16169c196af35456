package io.sparkmomentum.cli;

import io.sparkmomentum.io.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * An exclusive lock on a run directory: the file {@code RUN_DIR/}{@value #NAME}, created atomically, holding the
 * owner's host, pid and process start time as JSON. A second run (or a second {@code --resume}) on the same
 * directory finds the file and is refused, naming the owner. A lock whose owner is gone (same host, and no live
 * process with that pid and start time: it was SIGKILLed, or the machine rebooted) is stale and is taken over.
 *
 * <p>Atomic creation: on a local disk the content is written to a private file first and then hard-linked to the
 * lock name ({@code link(2)} fails if the name exists), so that no reader ever sees a half-written lock; on other
 * file systems {@code create(overwrite = false)} is used, which is atomic on HDFS. A stale lock is first renamed to
 * a unique name (only one of several contenders can rename it), then deleted.
 */
final class RunLock implements AutoCloseable {
  static final String NAME = ".spark-momentum-run.lock";
  /** A lock younger than this with unreadable content is being written, not stale. */
  private static final long WRITING_GRACE_MS = 10_000;

  private final FileSystem fs;
  private final Path file;
  private final String content;
  private boolean released;

  private RunLock(FileSystem fs, Path file, String content) {
    this.fs = fs;
    this.file = file;
    this.content = content;
  }

  /** The owner of a lock, as written in its file. */
  record Owner(String host, long pid, String started, String acquired) {
    String describe() {
      return "pid " + pid + " on " + host + ", started " + started;
    }
  }

  /**
   * Takes the lock on {@code dir} (which must exist), taking over a stale one.
   *
   * @throws Main.UserError (exit 2) when a live run holds it, naming the holder and the lock file
   */
  static RunLock acquire(FileSystem fs, Path dir) throws IOException {
    Path file = new Path(dir, NAME);
    Owner me = self();
    String content = Json.write(toMap(new Owner(me.host(), me.pid(), me.started(), Instant.now().toString())));
    for (int attempt = 0; attempt < 5; attempt++) {
      if (create(fs, file, content)) return new RunLock(fs, file, content);
      Optional<Owner> owner = read(fs, file);
      if (owner.isEmpty()) {
        if (!fs.exists(file)) continue; // released meanwhile
        long age = System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime();
        if (age < WRITING_GRACE_MS) {
          sleep(200);
          continue;
        }
        System.err.println("taking over the unreadable lock " + file + " (" + age / 1000 + " s old)");
      } else if (isAlive(owner.get())) {
        throw new Main.UserError("the run directory " + dir + " is in use by another run (" + owner.get().describe()
            + "); wait for it to end, or choose another --output (lock file: " + file + ")", Main.EXIT_CONFIG);
      } else {
        System.err.println("taking over the stale lock of a run that is gone (" + owner.get().describe() + ")");
      }
      Path aside = new Path(dir, NAME + ".stale-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
      if (fs.rename(file, aside)) fs.delete(aside, false);
    }
    throw new Main.UserError("could not take the lock " + file + " after 5 attempts (other runs are starting on "
        + dir + "?)", Main.EXIT_CONFIG);
  }

  /** Whether {@code dir} holds a lock of a live run other than this process. */
  static Optional<Owner> liveOwner(FileSystem fs, Path dir) throws IOException {
    Optional<Owner> o = read(fs, new Path(dir, NAME));
    return o.filter(RunLock::isAlive).filter(x -> x.pid() != ProcessHandle.current().pid() || !x.host().equals(host()));
  }

  private static boolean create(FileSystem fs, Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
      java.nio.file.Path target = java.nio.file.Path.of(fs.makeQualified(file).toUri());
      java.nio.file.Path tmp = target.resolveSibling(NAME + ".new-" + ProcessHandle.current().pid() + "-"
          + Long.toHexString(ThreadLocalRandom.current().nextLong()));
      Files.write(tmp, bytes);
      try {
        Files.createLink(target, tmp);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException e) { // no hard links: exclusive create (content written just after)
        try (OutputStream o = Files.newOutputStream(target, java.nio.file.StandardOpenOption.CREATE_NEW)) {
          o.write(bytes);
          return true;
        } catch (FileAlreadyExistsException e2) {
          return false;
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    try (OutputStream o = fs.create(file, false)) {
      o.write(bytes);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    }
  }

  static Optional<Owner> read(FileSystem fs, Path file) throws IOException {
    try (FSDataInputStream in = fs.open(file)) {
      Map<String, Object> m = Json.readMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return Optional.of(new Owner(String.valueOf(m.get("host")), ((Number) m.get("pid")).longValue(),
          String.valueOf(m.get("started")), String.valueOf(m.get("acquired"))));
    } catch (FileNotFoundException | NoSuchFileException e) {
      return Optional.empty();
    } catch (RuntimeException e) { // empty or torn: being written, or garbage
      return Optional.empty();
    }
  }

  /** A lock held on another host is taken as alive: its process cannot be checked from here. */
  static boolean isAlive(Owner o) {
    if (!o.host().equals(host())) return true;
    Optional<ProcessHandle> p = ProcessHandle.of(o.pid());
    if (p.isEmpty() || !p.get().isAlive()) return false;
    return p.get().info().startInstant().map(Instant::toString).map(s -> s.equals(o.started())).orElse(true);
  }

  private static Owner self() {
    ProcessHandle me = ProcessHandle.current();
    return new Owner(host(), me.pid(), me.info().startInstant().map(Instant::toString).orElse("unknown"), "");
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return System.getenv().getOrDefault("HOSTNAME", "unknown");
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Path file() {
    return file;
  }

  /** Deletes the lock file if it is still this run's. */
  @Override
  public void close() {
    if (released) return;
    released = true;
    try {
      Optional<Owner> now = read(fs, file);
      if (now.isPresent() && now.get().pid() == ProcessHandle.current().pid() && now.get().host().equals(host())) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      System.err.println("warning: could not release the lock " + file + ": " + e.getMessage());
    }
  }

  /** The lock file's JSON: host, pid, started (process start), acquired (when the lock was taken). */
  static Map<String, Object> toMap(Owner o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", o.host());
    m.put("pid", o.pid());
    m.put("started", o.started());
    m.put("acquired", o.acquired());
    return m;
  }
}
