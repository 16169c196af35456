package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.FaultInjection;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.ChildJvm;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed like SIGKILL (at chosen rounds through the fault-injection hooks, one resume in the middle of an
 * accumulation cycle and one at its start, and once in the middle of a checkpoint write) and resumed with {@code --resume} ends with a model that is byte-identical to an
 * uninterrupted run's, and so are its predictions.
 */
class ResumeTest {
  static final String[] CONF = {"--config", "conf/sample.conf", "--set", "trainer.epochs=12", "--set",
      "trainer.checkpoint_every=4", "--set", "optimizer.accumulation_steps=3", "--set", "trainer.eval_every=0"};

  @TempDir
  static Path tmp;
  static Path reference;

  static String[] args(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("train"));
    a.addAll(List.of(CONF));
    a.add("--output");
    a.add(out.toString());
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @BeforeAll
  static void uninterrupted() {
    SparkTestSession.get();
    reference = tmp.resolve("reference");
    CliRunner.Out r = CliRunner.run(args(reference));
    assertEquals(0, r.code(), r.err());
  }

  static long roundsLogged(Path run) throws IOException {
    Path m = run.resolve("metrics.jsonl");
    if (!Files.exists(m)) return 0;
    try (Stream<String> lines = Files.lines(m)) {
      return lines.filter(l -> l.startsWith("{\"round\"")).count();
    } catch (java.io.UncheckedIOException e) {
      return 0;
    }
  }

  /**
   * Runs the CLI in a child JVM that halts like SIGKILL (exit 137, no shutdown hook, nothing flushed) in the first
   * task of round {@code haltAtRound}, through the fault-injection hook {@link FaultInjection#HALT_AT_ROUND}: the
   * kill point is a round chosen by the test, not a moment found by polling.
   */
  static void runAndKill(Path run, long haltAtRound, String... more) throws Exception {
    Path log = tmp.resolve("child-" + System.nanoTime() + ".log");
    Process p = ChildJvm.start(log, List.of(FaultInjection.HALT_AT_ROUND + "=" + haltAtRound), args(run, more));
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the child did not reach round " + haltAtRound);
    assertEquals(137, p.exitValue(), "halted at round " + haltAtRound + ": " + Files.readString(log));
    assertTrue(Files.readString(log).contains("fault injection: halting at round " + haltAtRound),
        Files.readString(log));
  }

  static long resumedFrom(Path run) throws IOException {
    long round = -1;
    for (String l : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      Map<String, Object> m = Json.readMap(l);
      if ("resume".equals(m.get("event"))) round = ((Number) m.get("round")).longValue();
    }
    return round;
  }

  static void assertSameModel(Path run) throws IOException {
    Path a = reference.resolve("model");
    Path b = run.resolve("model");
    List<String> files;
    try (Stream<Path> s = Files.list(a)) {
      files = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    try (Stream<Path> s = Files.list(b)) {
      assertEquals(files, s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    for (String f : files) assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    Path pa = tmp.resolve("pred-" + System.nanoTime());
    Path pb = tmp.resolve("pred-" + System.nanoTime());
    assertEquals(0, CliRunner.run("predict", "--model", a.toString(), "--input", "data/sample/test.tsv", "--output",
        pa.toString()).code());
    assertEquals(0, CliRunner.run("predict", "--model", b.toString(), "--input", "data/sample/test.tsv", "--output",
        pb.toString()).code());
    assertArrayEquals(Files.readAllBytes(pa), Files.readAllBytes(pb), "predict output");
  }

  @Test
  void killedTwiceThenResumedGivesTheSameBytes() throws Exception {
    Path run = tmp.resolve("killed");
    runAndKill(run, 10); // checkpoints every 4 rounds: the newest complete one is at round 8
    runAndKill(run, 62, "--resume"); // resumes from 8, then dies in round 62: the newest checkpoint is 60
    assertEquals(8, resumedFrom(run), "first resume: from the newest checkpoint before round 10");
    CliRunner.Out r = CliRunner.run(args(run, "--resume"));
    assertEquals(0, r.code(), r.err());
    assertEquals(60, resumedFrom(run), "second resume: from the newest checkpoint before round 62");
    // with accumulation_steps = 3, round 8 is in the middle of an accumulation cycle (8 = 2*3 + 2) and round 60
    // is at a cycle's start (60 = 20*3): both kinds of resume are covered, whatever the machine's speed
    assertSameModel(run);
    List<Long> rounds = new ArrayList<>();
    for (String l : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      Map<String, Object> m = Json.readMap(l);
      if (!m.containsKey("event")) rounds.add(((Number) m.get("round")).longValue());
    }
    List<Long> expected = java.util.stream.LongStream.range(0, 192).boxed().toList();
    assertEquals(expected, rounds, "metrics.jsonl holds every round once, in order");
  }

  @Test
  void killedInTheMiddleOfACheckpointWrite() throws Exception {
    Path run = tmp.resolve("halted");
    Path log = tmp.resolve("halt.log");
    Process p = ChildJvm.start(log, List.of("spark-momentum.fault.halt-before-publish=ckpt-0000000020"),
        args(run));
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue(), Files.readString(log));
    try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
      List<String> names = s.map(x -> x.getFileName().toString()).sorted().toList();
      assertTrue(names.stream().anyMatch(n -> n.startsWith(".ckpt-0000000020.tmp-")), "half-written: " + names);
      assertTrue(names.contains("ckpt-0000000016"), names.toString());
    }
    CliRunner.Out r = CliRunner.run(args(run, "--resume"));
    assertEquals(0, r.code(), r.err());
    assertEquals(16, resumedFrom(run), "the half-written checkpoint 20 is never picked");
    assertSameModel(run);
  }

  @Test
  void sigtermStopsAtARoundBoundaryWithACheckpointAndResumes() throws Exception {
    Path run = tmp.resolve("terminated");
    Path log = tmp.resolve("term.log");
    Process p = ChildJvm.start(log, List.of(), args(run));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (p.isAlive() && roundsLogged(run) < 30 && System.nanoTime() < deadline) Thread.sleep(5);
    assertTrue(p.isAlive(), Files.readString(log));
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(90, TimeUnit.SECONDS));
    assertEquals(143, p.exitValue(), Files.readString(log));
    Map<String, Object> summary = Json.readMap(Files.readString(run.resolve("summary.json")));
    assertEquals("interrupted", summary.get("status"), summary.toString());
    long stoppedAt = ((Number) summary.get("rounds")).longValue();
    assertTrue(stoppedAt >= 30 && stoppedAt < 192, "stopped at round " + stoppedAt);
    assertTrue(Files.isDirectory(run.resolve(String.format("checkpoints/ckpt-%010d", stoppedAt))),
        "a checkpoint at the round it stopped");
    CliRunner.Out r = CliRunner.run(args(run, "--resume"));
    assertEquals(0, r.code(), r.err());
    assertEquals(stoppedAt, resumedFrom(run));
    assertSameModel(run);
  }

  @Test
  void resumeRefusesAChangedConfigNamingTheKey() throws Exception {
    CliRunner.Out r = CliRunner.run(args(reference, "--resume", "--set", "optimizer.lr=0.5"));
    assertEquals(Main.EXIT_CONFIG, r.code());
    assertTrue(r.err().contains("'optimizer.lr'") && r.err().contains("--resume refused"), r.err());
  }
}
