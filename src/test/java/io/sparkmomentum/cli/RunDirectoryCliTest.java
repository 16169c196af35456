package io.sparkmomentum.cli;

import static io.sparkmomentum.cli.CliRunner.assertOneLineError;
import static io.sparkmomentum.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, data loss 1 and 2, and item 7: a run directory is recognised only by our marker, {@code --overwrite}
 * never deletes anything else (train and generate), a run directory is locked against a second run (a stale lock of
 * a dead process is taken over), and {@code --resume} of a finished run prints its summary without touching a file.
 */
class RunDirectoryCliTest {
  @TempDir
  static Path tmp;
  static Path finished;

  static String[] train(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("train", "--config", "conf/sample.conf", "--set", "trainer.epochs=1",
        "--output", out.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @BeforeAll
  static void aFinishedRun() {
    SparkTestSession.get();
    finished = tmp.resolve("finished");
    CliRunner.Out r = run(train(finished));
    assertEquals(0, r.code(), r::show);
  }

  @Test
  void aRunWritesItsMarker() throws Exception {
    Map<String, Object> marker = Json.readMap(Files.readString(finished.resolve(RunDirectory.MARKER)));
    assertEquals("spark-momentum/run", marker.get("format"));
    assertEquals(System.getProperty("user.dir"), marker.get("working_directory"));
    assertFalse(Files.exists(finished.resolve(RunLock.NAME)), "the lock is released at the end");
  }

  /** Before: exit 0, and src/ and model/weights.pt were deleted, because a model/ folder made it a "run". */
  @Test
  void overwriteRefusesADirectoryThatIsNotOurs(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("src/main.py"), "print(1)\n");
    Files.createDirectories(dir.resolve("model"));
    Files.writeString(dir.resolve("model/weights.pt"), "w");
    Files.writeString(dir.resolve("config.conf"), "mine");
    assertOneLineError(run(train(dir, "--overwrite")), Main.EXIT_CONFIG, "--overwrite refused: " + dir
        + " is not a run directory (it has files but no .spark-momentum-run marker); nothing was deleted");
    assertEquals("config.conf, model, src", CliRunner.list(dir));
    assertEquals("print(1)\n", Files.readString(dir.resolve("src/main.py")));
    assertEquals("w", Files.readString(dir.resolve("model/weights.pt")));
    assertOneLineError(run(train(dir, "--resume")), Main.EXIT_CONFIG, "--resume refused: " + dir
        + " is not a run directory");
    assertEquals("config.conf, model, src", CliRunner.list(dir));
  }

  /** Before: generate --overwrite deleted any directory or file without a check. */
  @Test
  void generateOverwriteReplacesOnlyWhatGenerateWrote(@TempDir Path dir) throws Exception {
    Path foreign = Files.createDirectories(dir.resolve("foreign"));
    Files.writeString(foreign.resolve("notes.txt"), "keep me");
    Path file = Files.writeString(dir.resolve("file.txt"), "keep me too");
    for (Path p : List.of(foreign, file)) {
      assertOneLineError(run("generate", "--users=20", "--items=10", "--ratings=100", "--output=" + p,
          "--overwrite"), Main.EXIT_CONFIG, "--overwrite refused: " + p, "nothing was deleted");
    }
    assertEquals("keep me", Files.readString(foreign.resolve("notes.txt")));
    assertEquals("keep me too", Files.readString(file));
    Path synth = dir.resolve("synth");
    assertEquals(0, run("generate", "--users=20", "--items=10", "--ratings=100", "--output=" + synth).code());
    CliRunner.Out r = run("generate", "--users=20", "--items=10", "--ratings=50", "--output=" + synth,
        "--overwrite");
    assertEquals(0, r.code(), r::show);
    assertEquals(".spark-momentum-data, test.tsv, train.tsv", CliRunner.list(synth));
  }

  /** Before: a second run on the same --output ran too, replaced the first's model and tore metrics.jsonl. */
  @Test
  void aLiveRunsLockRefusesASecondRunAndAStaleLockIsTakenOver(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    Files.createDirectories(run);
    Process live = new ProcessBuilder("sleep", "120").start();
    try {
      writeLock(run, live.pid(), live.info().startInstant().orElseThrow().toString());
      String err = assertOneLineError(run(train(run, "--resume")), Main.EXIT_CONFIG, "the run directory " + run
          + " is in use by another run (pid " + live.pid() + " on ", "lock file: " + run.resolve(RunLock.NAME));
      assertTrue(err.contains("wait for it to end"), err);
      assertOneLineError(run(train(run, "--overwrite")), Main.EXIT_CONFIG, "is in use by another run (pid "
          + live.pid());
      assertEquals(RunLock.NAME, CliRunner.list(run), "nothing touched");
    } finally {
      live.destroyForcibly();
      live.waitFor(30, TimeUnit.SECONDS);
    }
    // the same pid and start time, but the process is gone: a stale lock (a SIGKILLed run)
    CliRunner.Out r = run(train(run, "--resume"));
    assertEquals(0, r.code(), r::show);
    assertTrue(r.err().contains("taking over the stale lock of a run that is gone (pid "), r::show);
    assertTrue(r.err().contains("--resume: no complete checkpoint in " + run + " yet: starting from scratch"),
        r::show);
    assertFalse(Files.exists(run.resolve(RunLock.NAME)));
    assertTrue(Files.isRegularFile(run.resolve("model/bundle.json")));
  }

  static void writeLock(Path run, long pid, String started) throws Exception {
    Files.writeString(run.resolve(RunLock.NAME), Json.write(Map.of("host",
        java.net.InetAddress.getLocalHost().getHostName(), "pid", pid, "started", started, "acquired", "now")));
  }

  /**
   * Item 7 and issue 9 item 7: before, --resume of a finished run said "no complete checkpoint" (or rewrote
   * summary.json without test_rmse and with ms_per_round null).
   */
  @Test
  void resumeOfAFinishedRunPrintsItsSummaryAndChangesNothing() throws Exception {
    Map<String, byte[]> before = snapshot(finished);
    CliRunner.Out r = run(train(finished, "--resume"));
    assertEquals(0, r.code(), r::show);
    assertEquals(Files.readString(finished.resolve("summary.json")).strip(), CliRunner.lastLine(r.out()));
    assertTrue(r.err().contains("has already ended (status ok"), r::show);
    Map<String, byte[]> after = snapshot(finished);
    assertEquals(before.keySet(), after.keySet());
    for (String k : before.keySet()) assertArrayEquals(before.get(k), after.get(k), k);
    // a changed config is still refused, naming the key
    assertOneLineError(run(train(finished, "--resume", "--set", "optimizer.lr=0.5")), Main.EXIT_CONFIG,
        "'optimizer.lr'");
  }

  static Map<String, byte[]> snapshot(Path dir) throws Exception {
    Map<String, byte[]> m = new java.util.TreeMap<>();
    try (var s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return m;
  }

  @Test
  void overwriteOfOurOwnRunReplacesIt(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    assertEquals(0, run(train(run)).code());
    Files.writeString(run.resolve("stale-extra.txt"), "x"); // inside our run directory: replaced with it
    CliRunner.Out r = run(train(run, "--overwrite", "--set", "trainer.seed=7"));
    assertEquals(0, r.code(), r::show);
    assertFalse(Files.exists(run.resolve("stale-extra.txt")));
    assertTrue(Files.readString(run.resolve("config.conf")).matches("(?s).*\"seed\" : \"?7\"?[,\\s].*"),
        "the new run's config");
  }

  @Test
  void unwritableOutputFailsBeforeReadingTheData() {
    for (String out : new String[] {"/proc/spark-momentum-run", "/sys/spark-momentum-run"}) {
      assertOneLineError(run(train(Path.of(out))), Main.EXIT_CONFIG, "cannot write the run directory " + out,
          "expected a writable --output");
    }
  }
}
