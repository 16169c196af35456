package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the command line in process ({@link Main#run}), capturing stdout and stderr, and checks the shape of the
 * expected failures: an exit code, one line {@code error: ...} on stderr, no stack trace, nothing on stdout.
 * With the environment variable {@code CLI_SHOW_ERRORS} set, every message checked is also printed (to review
 * their wording).
 */
final class CliRunner {
  private CliRunner() {}

  /** Exit code, stdout and stderr of one invocation. */
  record Out(int code, String out, String err) {
    /** The whole exchange, for assertion messages. */
    String show() {
      return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  static Out run(String... args) {
    synchronized (CliRunner.class) { // System.out/err are global
      PrintStream o = System.out;
      PrintStream e = System.err;
      ByteArrayOutputStream bo = new ByteArrayOutputStream();
      ByteArrayOutputStream be = new ByteArrayOutputStream();
      System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(be, true, StandardCharsets.UTF_8));
      try {
        int code = Main.run(args);
        return new Out(code, bo.toString(StandardCharsets.UTF_8), be.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(o);
        System.setErr(e);
      }
    }
  }

  /**
   * Asserts an expected failure explained in one line: exit {@code code}, stderr exactly one line starting with
   * {@code error: } and holding every fragment, no stack trace, nothing on stdout. @return the message line
   */
  static String assertOneLineError(Out r, int code, String... fragments) {
    assertEquals(code, r.code(), r::show);
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in thread"), () -> "stack trace: "
        + r.show());
    String err = r.err().strip();
    assertTrue(err.startsWith("error: ") && !err.contains("\n") && !err.contains("\r"),
        () -> "expected exactly one line 'error: ...' on stderr: " + r.show());
    assertEquals("", r.out(), r::show);
    for (String f : fragments) {
      assertTrue(err.contains(f), () -> "stderr lacks [" + f + "]: " + r.show());
    }
    if (System.getenv("CLI_SHOW_ERRORS") != null) System.out.println("SHOW " + err);
    return err;
  }

  /** The names in {@code dir} (empty if it does not exist). */
  static String list(Path dir) throws IOException {
    if (!Files.exists(dir)) return "";
    try (Stream<Path> s = Files.list(dir)) {
      return String.join(", ", s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines[lines.length - 1];
  }

  /**
   * Runs {@code train} with {@code args}, then each of {@code sets} as {@code --set}; asserts it succeeded and returns
   * the run's {@code summary.json} (the run directory is the value after {@code --output}).
   */
  static Map<String, Object> trainSummary(List<String> args, String... sets) throws java.io.IOException {
    List<String> a = new java.util.ArrayList<>(List.of("train"));
    a.addAll(args);
    for (String s : sets) {
      a.add("--set");
      a.add(s);
    }
    Out r = run(a.toArray(String[]::new));
    assertEquals(0, r.code(), r::show);
    java.nio.file.Path out = java.nio.file.Path.of(args.get(args.indexOf("--output") + 1));
    return io.sparkmomentum.io.Json.readMap(java.nio.file.Files.readString(out.resolve("summary.json")));
  }
}
