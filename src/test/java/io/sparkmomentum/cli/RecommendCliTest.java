package io.sparkmomentum.cli;

import static io.sparkmomentum.cli.CliRunner.assertOneLineError;
import static io.sparkmomentum.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.SavedModel;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recommend}: ranks by the raw score and shows the clamped one (issue 10 item 5: before, items above the
 * rating range all tied at the maximum and came out in id order); trims {@code --user} as the readers trim ids and
 * refuses an empty one; resolves a relative {@code data.train} against the run's recorded working directory.
 */
class RecommendCliTest {
  @TempDir
  static Path tmp;
  static Path run;
  static Path train;

  /** Planted ratings clipped at 3 (so that many true scores lie above the range), half the grid rated. */
  @BeforeAll
  static void trainAClippedModel() {
    SparkTestSession.get();
    Path data = tmp.resolve("clipped");
    assertEquals(0, run("generate", "--users=40", "--items=30", "--ratings=600", "--rank=3", "--noise=0",
        "--min=1", "--max=3", "--test-fraction=0", "--seed=3", "--output=" + data).code());
    train = data.resolve("train.tsv");
    run = tmp.resolve("run");
    CliRunner.Out r = run("train", "--config", "conf/sample.conf", "--output", run.toString(), "--set",
        "data.train=" + train, "--set", "data.test=", "--set", "data.min_rating=1", "--set", "data.max_rating=3",
        "--set", "trainer.epochs=30", "--set", "trainer.batch_size=full", "--set", "optimizer.lr=0.5");
    assertEquals(0, r.code(), r::show);
  }

  @Test
  void ranksByTheRawScoreAndShowsTheClampedOne() throws Exception {
    SavedModel m = SavedModel.load(run.resolve("model").toString(), new Configuration());
    Set<String> rated = new HashSet<>();
    for (String l : Files.readAllLines(train)) {
      String[] f = l.split("\t");
      rated.add(f[0] + "\t" + f[1]);
    }
    String chosen = null;
    List<Integer> expected = null;
    for (int u = 0; u < m.users().size() && chosen == null; u++) {
      String uid = m.users().raw(u);
      List<Integer> items = new ArrayList<>();
      int above = 0;
      for (int i = 0; i < m.items().size(); i++) {
        if (rated.contains(uid + "\t" + m.items().raw(i))) continue;
        items.add(i);
        if (m.model().predict(m.weights(), u, i) > 3) above++;
      }
      if (above >= 2) {
        final int uu = u;
        items.sort(Comparator.comparingDouble((Integer i) -> -m.model().predict(m.weights(), uu, i))
            .thenComparing(i -> i));
        chosen = uid;
        expected = items.subList(0, above);
      }
    }
    assertTrue(chosen != null, "no user with two unrated items scored above the range");
    CliRunner.Out r = run("recommend", "--model", run.resolve("model").toString(), "--user", chosen, "--k",
        Integer.toString(expected.size()));
    assertEquals(0, r.code(), r::show);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> recs = (List<Map<String, Object>>) Json.readMap(CliRunner.lastLine(r.out()))
        .get("recommendations");
    List<String> got = recs.stream().map(e -> String.valueOf(e.get("item"))).toList();
    List<String> want = expected.stream().map(i -> m.items().raw(i)).toList();
    assertEquals(want, got, "ranked by the raw score");
    for (Map<String, Object> e : recs) {
      assertEquals(3.0, ((Number) e.get("score")).doubleValue(), "the clamped score is shown");
      assertTrue(((Number) e.get("raw_score")).doubleValue() > 3.0);
    }
  }

  @Test
  void userIdsAreTrimmedAndAnEmptyOneIsRefused() throws Exception {
    String model = run.resolve("model").toString();
    CliRunner.Out r = run("recommend", "--model", model, "--user", " 1 ", "--k", "2");
    assertEquals(0, r.code(), r::show);
    Map<String, Object> out = Json.readMap(CliRunner.lastLine(r.out()));
    assertEquals(true, out.get("known_user"), r::show);
    assertEquals("1", out.get("user"));
    assertOneLineError(run("recommend", "--model", model, "--user", ""), Main.EXIT_CONFIG,
        "--user \"\": expected a non-empty user id");
    assertOneLineError(run("recommend", "--model", model, "--user", "  "), Main.EXIT_CONFIG,
        "expected a non-empty user id");
  }

  /** Before: the relative data.train was read from the current directory, whichever it was. */
  @Test
  void aRelativeTrainingPathIsResolvedAgainstTheRunsWorkingDirectory(@TempDir Path dir) throws Exception {
    Path rel = Path.of(System.getProperty("user.dir")).relativize(train);
    Path r2 = dir.resolve("run");
    CliRunner.Out r = run("train", "--config", "conf/sample.conf", "--output", r2.toString(), "--set",
        "data.train=" + rel, "--set", "data.test=", "--set", "data.min_rating=1", "--set", "data.max_rating=3",
        "--set", "trainer.epochs=1");
    assertEquals(0, r.code(), r::show);
    // the run was started elsewhere: the marker says so, and recommend must look there
    // deeper than user.dir, so that the "../" of the relative path cannot climb back out of the temp directory
    Path elsewhere = dir.resolve("elsewhere");
    for (int i = 0; i <= Path.of(System.getProperty("user.dir")).getNameCount(); i++) {
      elsewhere = elsewhere.resolve("d" + i);
    }
    Files.createDirectories(elsewhere);
    assertFalse(Files.exists(elsewhere.resolve(rel)), "the moved training path must not exist");
    Path marker = r2.resolve(RunDirectory.MARKER);
    Map<String, Object> m = new java.util.LinkedHashMap<>(Json.readMap(Files.readString(marker)));
    m.put("working_directory", elsewhere.toString());
    Files.writeString(marker, Json.write(m));
    assertOneLineError(run("recommend", "--model", r2.resolve("model").toString(), "--user", "1"), Main.EXIT_DATA,
        elsewhere.resolve(rel).normalize().toString());
  }

  /** Issue 10: predict did not flag cold-start pairs. */
  @Test
  void predictFlagsColdStartPairs(@TempDir Path dir) throws Exception {
    Path in = Files.writeString(dir.resolve("pairs.tsv"), "1\t1\t2\n999\t1\t2\n1\t999\t2\n");
    Path out = dir.resolve("pred.tsv");
    CliRunner.Out r = run("predict", "--model", run.resolve("model").toString(), "--input", in.toString(),
        "--output", out.toString(), "--mark-cold");
    assertEquals(0, r.code(), r::show);
    assertTrue(r.err().contains("; 2 of them cold-start (user or item not in the training data"), r::show);
    List<String> lines = Files.readAllLines(out);
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).startsWith("1\t1\t") && lines.get(0).endsWith("\twarm"), lines.get(0));
    assertTrue(lines.get(1).startsWith("999\t1\t") && lines.get(1).endsWith("\tcold"), lines.get(1));
    assertTrue(lines.get(2).startsWith("1\t999\t") && lines.get(2).endsWith("\tcold"), lines.get(2));
  }

  /** Issue 10: a plain user<TAB>item file was refused for lacking a rating column. */
  @Test
  void predictAcceptsPlainPairs(@TempDir Path dir) throws Exception {
    String model = run.resolve("model").toString();
    Path rated = Files.writeString(dir.resolve("rated.tsv"), "1\t1\t2\n2\t3\t1\n999\t1\t2\n");
    Path pairs = Files.writeString(dir.resolve("pairs.tsv"), "1\t1\r\n2\t3\r\n999\t1\r\n\n");
    Path a = dir.resolve("a.tsv");
    Path b = dir.resolve("b.tsv");
    assertEquals(0, run("predict", "--model", model, "--input", rated.toString(), "--output", a.toString()).code());
    CliRunner.Out r = run("predict", "--model", model, "--input", pairs.toString(), "--output", b.toString());
    assertEquals(0, r.code(), r::show);
    assertEquals(Files.readString(a), Files.readString(b), "the same predictions as from the rated file");
    Path bad = Files.writeString(dir.resolve("bad.tsv"), "1\t1\n2\t3\t5\n");
    assertOneLineError(run("predict", "--model", model, "--input", bad.toString(), "--output",
        dir.resolve("c.tsv").toString()), Main.EXIT_DATA, bad + ":2: expected 2 tab-separated fields (user, item) "
        + "as in the first line, found 3", "text: \"2\\t3\\t5\"");
    Path blank = Files.writeString(dir.resolve("blank.tsv"), "1\t1\n\n2\t3\n");
    assertOneLineError(run("predict", "--model", model, "--input", blank.toString(), "--output",
        dir.resolve("d.tsv").toString()), Main.EXIT_DATA, blank + ":2: blank line in the middle of the file");
  }
}
