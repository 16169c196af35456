package io.sparkmomentum.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Helpers for tests on the local file system. */
final class TestFiles {
  private TestFiles() {}

  static void flipByte(Path file, int index) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[index] ^= 0x01;
    Files.write(file, b);
  }

  static void truncate(Path file, int bytes) throws IOException {
    byte[] b = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(b, b.length - bytes));
  }

  static void replaceInFile(Path file, String from, String to) throws IOException {
    String s = Files.readString(file);
    if (!s.contains(from)) {
      throw new AssertionError(file + " does not contain " + from + ":\n" + s);
    }
    Files.writeString(file, s.replace(from, to));
  }

  /** Names of the entries of a directory, sorted. */
  static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
