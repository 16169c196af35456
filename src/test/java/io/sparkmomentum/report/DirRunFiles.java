package io.sparkmomentum.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A run directory on the local disk (the CLI's {@code HadoopRunFiles} does the same on any Hadoop path). */
record DirRunFiles(Path dir) implements RunFiles {
  @Override
  public String location() {
    return dir.toString();
  }

  @Override
  public boolean exists() {
    return Files.isDirectory(dir);
  }

  @Override
  public Optional<String> read(String name) throws IOException {
    Path p = dir.resolve(name);
    return Files.isRegularFile(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8)) : Optional.empty();
  }

  @Override
  public List<String> directories(String relative) throws IOException {
    Path p = dir.resolve(relative);
    if (!Files.isDirectory(p)) return List.of();
    try (Stream<Path> s = Files.list(p)) {
      return s.filter(Files::isDirectory).map(x -> x.getFileName().toString()).sorted().toList();
    }
  }

  @Override
  public RunFiles resolve(String relative) {
    return new DirRunFiles(dir.resolve(relative));
  }
}
