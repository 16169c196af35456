package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.FaultInjection;
import io.sparkmomentum.testing.ChildJvm;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 7: {@code train --output RUN_DIR --resume} is the one command for the first attempt and every
 * retry. The same command is SIGKILLed at 0.5 s, at 2 s, in the middle of the run (a halt before checkpoint 12 is
 * published: deterministic) and after its last round (a halt before the model is published), then relaunched
 * unchanged; each time the model files and the predictions are byte-identical to an uninterrupted run's. A relaunch
 * of the finished run prints its summary and changes nothing. Before the fix, the relaunch after an early kill said
 * "--resume: RUN_DIR does not exist" or "no complete checkpoint", and the one after the last round trained nothing
 * new but could not finish either.
 */
class RelaunchTest {
  static final String[] CONF = {"--config", "conf/sample.conf", "--set", "trainer.epochs=2", "--set",
      "trainer.checkpoint_every=4", "--set", "trainer.eval_every=0"};

  @TempDir
  static Path tmp;
  static Path reference;

  /** The one command: always with --resume. */
  static String[] command(Path out) {
    List<String> a = new ArrayList<>(List.of("train"));
    a.addAll(List.of(CONF));
    a.addAll(List.of("--output", out.toString(), "--resume"));
    return a.toArray(String[]::new);
  }

  @BeforeAll
  static void uninterrupted() {
    SparkTestSession.get();
    reference = tmp.resolve("reference");
    CliRunner.Out r = CliRunner.run(command(reference));
    assertEquals(0, r.code(), r::show);
    assertTrue(r.err().contains("--resume: no complete checkpoint in " + reference + " yet: starting from scratch"),
        r::show);
  }

  static void killAfter(Path run, long millis) throws Exception {
    Path log = tmp.resolve("kill-" + millis + ".log");
    Process p = ChildJvm.start(log, List.of(), command(run));
    Thread.sleep(millis);
    p.destroyForcibly();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
  }

  static void halt(Path run, String publishing) throws Exception {
    Path log = tmp.resolve("halt-" + run.getFileName() + ".log");
    Process p = ChildJvm.start(log, List.of(FaultInjection.HALT_BEFORE_PUBLISH + "=" + publishing), command(run));
    assertTrue(p.waitFor(180, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue(), Files.readString(log));
  }

  static void relaunchAndCompare(Path run) throws IOException {
    CliRunner.Out r = CliRunner.run(command(run));
    assertEquals(0, r.code(), r::show);
    assertFalse(Files.exists(run.resolve(RunLock.NAME)), "the lock is released");
    Path a = reference.resolve("model");
    Path b = run.resolve("model");
    List<String> files = names(a);
    assertEquals(files, names(b));
    for (String f : files) assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    Path pa = tmp.resolve("pred-a-" + System.nanoTime());
    Path pb = tmp.resolve("pred-b-" + System.nanoTime());
    assertEquals(0, CliRunner.run("predict", "--model", a.toString(), "--input", "data/sample/test.tsv", "--output",
        pa.toString()).code());
    assertEquals(0, CliRunner.run("predict", "--model", b.toString(), "--input", "data/sample/test.tsv", "--output",
        pb.toString()).code());
    assertArrayEquals(Files.readAllBytes(pa), Files.readAllBytes(pb), "predict output");
  }

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void killedEarlyThenRelaunchedStartsFromScratch() throws Exception {
    for (long ms : new long[] {500, 2000}) {
      Path run = tmp.resolve("early-" + ms);
      killAfter(run, ms);
      relaunchAndCompare(run);
    }
  }

  @Test
  void killedMidRunThenRelaunchedContinues() throws Exception {
    Path run = tmp.resolve("mid");
    halt(run, "ckpt-0000000012");
    CliRunner.Out r = CliRunner.run(command(run));
    assertEquals(0, r.code(), r::show);
    assertTrue(r.err().contains("resuming from round 8"), r::show);
    relaunchAndCompare(run); // and once more: finished, so it only prints its summary
  }

  @Test
  void killedAfterTheLastRoundThenRelaunchedFinishesAndThenOnlyPrintsItsSummary() throws Exception {
    Path run = tmp.resolve("end");
    halt(run, run.resolve("model").toString());
    assertFalse(Files.exists(run.resolve("summary.json")));
    relaunchAndCompare(run);
    byte[] summary = Files.readAllBytes(run.resolve("summary.json"));
    CliRunner.Out r = CliRunner.run(command(run));
    assertEquals(0, r.code(), r::show);
    assertTrue(r.err().contains("has already ended (status ok, round 32)"), r::show);
    assertEquals(new String(summary).strip(), CliRunner.lastLine(r.out()));
    assertArrayEquals(summary, Files.readAllBytes(run.resolve("summary.json")), "summary.json untouched");
  }
}
