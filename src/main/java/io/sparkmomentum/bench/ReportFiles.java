package io.sparkmomentum.bench;

import io.sparkmomentum.io.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A benchmark's report: {@code NAME.md} (its Markdown) and {@code NAME.json} (the result map) in a folder. */
final class ReportFiles {
  private ReportFiles() {}

  /** Prints the Markdown to {@code md}, then writes both files into {@code out}. */
  static void write(Map<String, Object> result, String markdown, Path out, String name, PrintStream md) {
    md.print(markdown);
    md.flush();
    writeFiles(result, markdown, out, name);
    System.err.println("wrote " + out.resolve(name + ".md") + " and " + out.resolve(name + ".json"));
  }

  static void writeFiles(Map<String, Object> result, String markdown, Path out, String name) {
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve(name + ".md"), markdown, StandardCharsets.UTF_8);
      Files.writeString(out.resolve(name + ".json"), Json.writePretty(result) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + out + "/" + name + ".{md,json}: " + e.getMessage(), e);
    }
  }
}
