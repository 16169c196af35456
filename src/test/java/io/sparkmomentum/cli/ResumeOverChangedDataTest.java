package io.sparkmomentum.cli;

import static io.sparkmomentum.cli.CliRunner.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume over other data than the checkpoint's is refused with one line naming what changed (issue 9 item 5,
 * issue 10 item 3), instead of training one user's learned row as another's. Reordered lines are the same blocks
 * (they depend only on the records), so they resume to the same bits. The run "crashed" after its last checkpoint:
 * its summary and model are removed, so {@code --resume} continues from the checkpoint.
 */
class ResumeOverChangedDataTest {
  @TempDir
  static Path tmp;
  static Path data;
  static Path run;
  static byte[] trainedParams;

  static String[] args(Path out) {
    return new String[] {"train", "--config", "conf/sample.conf", "--output", out.toString(), "--set",
        "data.train=" + data.resolve("train.tsv"), "--set", "data.test=" + data.resolve("test.tsv"), "--set",
        "trainer.epochs=2", "--set", "trainer.checkpoint_every=8", "--resume"};
  }

  @BeforeAll
  static void trainAndCrash() throws Exception {
    SparkTestSession.get();
    data = Files.createDirectories(tmp.resolve("data"));
    Files.copy(Path.of("data/sample/train.tsv"), data.resolve("train.tsv"));
    Files.copy(Path.of("data/sample/test.tsv"), data.resolve("test.tsv"));
    run = tmp.resolve("run");
    CliRunner.Out r = CliRunner.run(args(run));
    assertEquals(0, r.code(), r.err());
    trainedParams = Files.readAllBytes(run.resolve("model/params.f64"));
  }

  /** A copy of the run as if it had died after its last checkpoint, before its model and summary. */
  static Path crashedCopy(String name) throws Exception {
    Path copy = tmp.resolve(name);
    CliRunner.copyTree(run, copy);
    Files.delete(copy.resolve("summary.json"));
    deleteTree(copy.resolve("model"));
    return copy;
  }

  static void deleteTree(Path p) throws Exception {
    try (var s = Files.walk(p)) {
      for (Path q : s.sorted(Collections.reverseOrder()).toList()) Files.delete(q);
    }
  }

  /** Rewrites train.tsv with {@code lines}, then sets its modification time to {@code time} unless null. */
  static void rewrite(List<String> lines, FileTime time) throws Exception {
    Path f = data.resolve("train.tsv");
    Files.write(f, lines);
    if (time != null) Files.setLastModifiedTime(f, time);
  }

  @Test
  void changedDataIsRefusedAndTheSameRecordsInAnotherOrderResumeBitForBit() throws Exception {
    Path f = data.resolve("train.tsv");
    List<String> original = Files.readAllLines(f);
    FileTime originalTime = Files.getLastModifiedTime(f);
    try {
      // every rating 5.0, file time restored: only the labels' checksum can tell
      List<String> fives = new ArrayList<>();
      for (String l : original) fives.add(l.substring(0, l.lastIndexOf('\t')) + "\t5.0");
      rewrite(fives, originalTime);
      assertOneLineError(CliRunner.run(args(crashedCopy("fives"))), Main.EXIT_DATA, "--resume refused",
          "training labels differ");

      // a new user: the ids (and the file) changed
      List<String> more = new ArrayList<>(original);
      more.add("newcomer\t1\t3.0");
      rewrite(more, null);
      assertOneLineError(CliRunner.run(args(crashedCopy("more"))), Main.EXIT_DATA, "--resume refused",
          data.resolve("train.tsv").toString());

      // the lines reversed (as tac does), file time restored: the same records, the same blocks, the same model
      List<String> reversed = new ArrayList<>(original);
      Collections.reverse(reversed);
      rewrite(reversed, originalTime);
      Path resumed = crashedCopy("reversed");
      CliRunner.Out ok = CliRunner.run(args(resumed));
      assertEquals(0, ok.code(), ok.err());
      Map<String, Object> summary = Json.readMap(CliRunner.lastLine(ok.out()));
      assertEquals("ok", summary.get("status"));
      org.junit.jupiter.api.Assertions.assertArrayEquals(trainedParams,
          Files.readAllBytes(resumed.resolve("model/params.f64")), "the same bits as the uninterrupted run");
    } finally {
      Files.write(f, original);
      Files.setLastModifiedTime(f, originalTime);
    }
  }
}
