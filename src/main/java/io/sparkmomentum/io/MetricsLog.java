package io.sparkmomentum.io;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A metrics log ({@code metrics.jsonl}) on any Hadoop path: UTF-8 JSON Lines, one JSON object per line, each line
 * ending in {@code \n} (see {@link Json} for how values, including NaN, are written). Every record is flushed with
 * {@code hflush} as soon as it is written, so readers see it at once and a crash loses at most the line being
 * written. Appending needs a file system that supports append (HDFS and local disks do; object stores do not).
 * Thread-safe.
 */
public final class MetricsLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);

  private final Path path;
  private final FSDataOutputStream out;
  private boolean closed;

  private MetricsLog(Path path, FSDataOutputStream out) {
    this.path = path;
    this.out = out;
  }

  /**
   * Opens a metrics log, creating missing parent directories.
   *
   * @param append true: add to an existing file (a last line cut short by a crash is first terminated, so that new
   *     records start on a line of their own); false: start a new file, replacing any existing one
   */
  public static MetricsLog create(String path, Configuration conf, boolean append) throws IOException {
    Path raw = new Path(path);
    FileSystem fs = Fs.of(raw, conf);
    Path p = fs.makeQualified(raw);
    if (p.getParent() != null && !fs.mkdirs(p.getParent())) {
      throw new IOException("cannot create directory " + p.getParent());
    }
    if (!append || !fs.exists(p)) {
      return new MetricsLog(p, fs.create(p, true));
    }
    boolean tornTail = false;
    long len = fs.getFileStatus(p).getLen();
    if (len > 0) {
      try (FSDataInputStream in = fs.open(p)) {
        in.seek(len - 1);
        tornTail = in.read() != '\n';
      }
    }
    FSDataOutputStream out;
    try {
      out = fs.append(p);
    } catch (UnsupportedOperationException e) {
      throw new IOException("cannot append to metrics log " + p + ": its file system does not support append", e);
    }
    MetricsLog log = new MetricsLog(p, out);
    if (tornTail) {
      LOG.warn("Metrics log {} ended in an incomplete line; terminating it before appending", p);
      log.writeLine("");
    }
    return log;
  }

  /** The qualified path of the log. */
  public Path path() {
    return path;
  }

  /** Writes one record as a line and flushes it (hflush). */
  public void write(Map<String, ?> record) throws IOException {
    writeLine(Json.write(record));
  }

  private synchronized void writeLine(String json) throws IOException {
    if (closed) {
      throw new IOException("metrics log " + path + " is closed");
    }
    out.write((json + "\n").getBytes(UTF_8));
    out.hflush();
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  /**
   * Reads all records of a metrics log. Lines that are blank or not a JSON object (such as a line cut short by a
   * crash) are skipped with a warning.
   */
  public static List<Map<String, Object>> read(String path, Configuration conf) throws IOException {
    Path raw = new Path(path);
    FileSystem fs = Fs.of(raw, conf);
    Path p = fs.makeQualified(raw);
    String text;
    try (InputStream in = fs.open(p)) {
      text = new String(in.readAllBytes(), UTF_8);
    }
    List<Map<String, Object>> records = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        records.add(Json.readMap(lines[i]));
      } catch (IllegalArgumentException e) {
        LOG.warn("Skipping line {} of metrics log {}: {}", i + 1, p, e.getMessage());
      }
    }
    return records;
  }
}
