package io.sparkmomentum.cli;

import io.sparkmomentum.report.RunFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** A run directory on any Hadoop path, read for the report. */
final class HadoopRunFiles implements RunFiles {
  private final String location;
  private final FileSystem fs;
  private final Path dir;

  private HadoopRunFiles(String location, FileSystem fs, Path dir) {
    this.location = location;
    this.fs = fs;
    this.dir = dir;
  }

  /** The run directory {@code location}; a path Hadoop cannot use is a one-line error naming {@code key}. */
  static HadoopRunFiles of(String key, String location, Configuration conf) throws IOException {
    Path raw = PathCheck.path(key, location, Main.EXIT_DATA);
    FileSystem fs = PathCheck.fileSystem(key, raw, conf, Main.EXIT_DATA);
    return new HadoopRunFiles(location, fs, fs.makeQualified(raw));
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public boolean exists() throws IOException {
    return fs.exists(dir) && fs.getFileStatus(dir).isDirectory();
  }

  @Override
  public Optional<String> read(String name) throws IOException {
    Path p = new Path(dir, name);
    try (InputStream in = fs.open(p)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> directories(String relative) throws IOException {
    Path p = new Path(dir, relative);
    if (!fs.exists(p) || !fs.getFileStatus(p).isDirectory()) return List.of();
    List<String> names = new ArrayList<>();
    for (FileStatus s : fs.listStatus(p)) if (s.isDirectory()) names.add(s.getPath().getName());
    Collections.sort(names);
    return names;
  }

  @Override
  public RunFiles resolve(String relative) {
    return new HadoopRunFiles(describe(relative), fs, new Path(dir, relative));
  }
}
