package io.sparkmomentum.cli;

import static io.sparkmomentum.cli.CliRunner.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Duplicated (user, item) records in training are counted and reported, and {@code data.duplicates} says what to do
 * with them (issue 10 item 10).
 */
class DuplicatesCliTest {
  @TempDir
  Path tmp;

  private CliRunner.Out train(Path file, String policy, String out) {
    SparkTestSession.get();
    return CliRunner.run("train", "--config", "conf/sample.conf", "--output", tmp.resolve(out).toString(), "--set",
        "data.train=" + file, "--set", "data.test=", "--set", "trainer.epochs=1", "--set", "data.duplicates=" + policy);
  }

  @Test
  void duplicatesAreCountedKeptMergedOrRefused() throws Exception {
    Path f = tmp.resolve("dups.tsv");
    Files.write(f, List.of("1\t10\t4.0", "2\t10\t3.0", "1\t10\t1.0", "2\t11\t5.0", "3\t12\t2.0", "1\t10\t2.5"));
    CliRunner.Out keep = train(f, "keep", "keep");
    assertEquals(0, keep.code(), keep.err());
    Map<String, Object> s = Json.readMap(CliRunner.lastLine(keep.out()));
    assertEquals(2L, ((Number) s.get("duplicates")).longValue(), "two extra records of (1, 10)");
    assertEquals("keep", s.get("duplicates_policy"));
    assertEquals(6L, ((Number) s.get("train_ratings")).longValue());

    CliRunner.Out mean = train(f, "mean", "mean");
    assertEquals(0, mean.code(), mean.err());
    Map<String, Object> m = Json.readMap(CliRunner.lastLine(mean.out()));
    assertEquals(4L, ((Number) m.get("train_ratings")).longValue(), "one example per pair");
    assertEquals(2L, ((Number) m.get("duplicates")).longValue());

    String err = assertOneLineError(train(f, "fail", "fail"), Main.EXIT_DATA, f.toString(), "the pair (user '1', item '10') has 3 records",
        "data.duplicates = fail");
    assertFalse(Files.exists(tmp.resolve("fail")), "no run directory left behind: " + err);
  }
}
