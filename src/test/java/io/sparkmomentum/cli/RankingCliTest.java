package io.sparkmomentum.cli;

import static io.sparkmomentum.cli.CliRunner.assertOneLineError;
import static io.sparkmomentum.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.SavedModel;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recommend --all-users} (Parquet with raw ids, training items excluded) and {@code evaluate --ranking}
 * against a brute-force ranking of a small trained model.
 */
class RankingCliTest {
  @TempDir
  static Path tmp;
  static Path model;
  static Path train;
  static Path test;

  @BeforeAll
  static void trainASmallModel() {
    SparkTestSession.get();
    Path data = tmp.resolve("data");
    assertEquals(0, run("generate", "--users=60", "--items=45", "--ratings=1200", "--rank=3", "--test-fraction=0.25",
        "--item-exponent=0", "--user-exponent=0", // uniform: Zipf heavy users diverge at sample.conf's lr
        "--seed=5", "--output=" + data).code());
    train = data.resolve("train.tsv");
    test = data.resolve("test.tsv");
    Path runDir = tmp.resolve("run");
    CliRunner.Out r = run("train", "--config", "conf/sample.conf", "--output", runDir.toString(), "--set",
        "data.train=" + train, "--set", "data.test=", "--set", "trainer.epochs=10");
    assertEquals(0, r.code(), r::show);
    model = runDir.resolve("model");
  }

  @Test
  void allUsersWritesEveryUsersTopKWithoutTheirTrainingItems() throws Exception {
    SavedModel m = SavedModel.load(model.toString(), new Configuration());
    Path out = tmp.resolve("recs");
    CliRunner.Out r = run("recommend", "--model", model.toString(), "--all-users", "--k", "4", "--output",
        out.toString());
    assertEquals(0, r.code(), r::show);
    Map<String, List<Row>> byUser = new HashMap<>();
    for (Row row : SparkTestSession.get().read().parquet(out.toString()).collectAsList()) {
      byUser.computeIfAbsent(row.getString(0), u -> new ArrayList<>()).add(row);
    }
    Set<String> rated = pairs(train, 0);
    assertEquals(m.users().size(), byUser.size());
    for (int u = 0; u < m.users().size(); u++) {
      final int uu = u;
      String uid = m.users().raw(u);
      List<Integer> want = new ArrayList<>();
      for (int i = 0; i < m.items().size(); i++) if (!rated.contains(uid + "\t" + m.items().raw(i))) want.add(i);
      want.sort(Comparator.<Integer>comparingDouble(i -> -m.model().rankingScore(m.weights(), uu, i))
          .thenComparingInt(i -> i));
      List<Row> got = byUser.get(uid);
      got.sort(Comparator.comparingInt(x -> x.getInt(3)));
      assertEquals(Math.min(4, want.size()), got.size(), uid);
      for (int x = 0; x < got.size(); x++) {
        assertEquals(m.items().raw(want.get(x)), got.get(x).getString(1), "user " + uid + " rank " + (x + 1));
        assertEquals(m.model().rankingScore(m.weights(), u, want.get(x)), got.get(x).getDouble(2));
        assertEquals(x + 1, got.get(x).getInt(3));
      }
    }
    assertOneLineError(run("recommend", "--model", model.toString(), "--all-users", "--output", out.toString()), 2,
        "--output", "exists", "--overwrite");
    assertOneLineError(run("recommend", "--model", model.toString(), "--all-items"), 2, "--output");
    assertOneLineError(run("recommend", "--model", model.toString(), "--all-items", "--user", "1"), 2,
        "exactly one of");
  }

  @Test
  void evaluateRankingGivesThePrecisionOfABruteForceRanking() throws Exception {
    SavedModel m = SavedModel.load(model.toString(), new Configuration());
    CliRunner.Out r = run("evaluate", "--model", model.toString(), "--input", test.toString(), "--ranking", "--k",
        "3", "--positive-threshold", "3.5");
    assertEquals(0, r.code(), r::show);
    Map<String, Object> got = Json.readMap(CliRunner.lastLine(r.out()));
    Set<String> trainPos = pairs(train, 3.5);
    Set<String> testPos = pairs(test, 3.5);
    double precision = 0;
    int users = 0;
    for (int u = 0; u < m.users().size(); u++) {
      final int uu = u;
      String uid = m.users().raw(u);
      List<Integer> cands = new ArrayList<>();
      Set<Integer> rel = new HashSet<>();
      boolean hasTrain = false;
      for (int i = 0; i < m.items().size(); i++) {
        String key = uid + "\t" + m.items().raw(i);
        if (trainPos.contains(key)) {
          hasTrain = true;
        } else {
          cands.add(i);
          if (testPos.contains(key)) rel.add(i);
        }
      }
      if (!hasTrain || rel.isEmpty()) continue;
      users++;
      cands.sort(Comparator.<Integer>comparingDouble(i -> -m.model().rankingScore(m.weights(), uu, i))
          .thenComparingInt(i -> i));
      precision += cands.subList(0, 3).stream().filter(rel::contains).count() / 3.0;
    }
    assertTrue(users > 10, "users: " + users);
    assertEquals(users, ((Number) got.get("users")).intValue(), r::show);
    assertEquals(precision / users, ((Number) got.get("precision_at_3")).doubleValue(), 1e-12, r::show);
    assertOneLineError(run("evaluate", "--model", model.toString(), "--input", test.toString(), "--ranking"), 2,
        "--positive-threshold");
  }

  /** "user TAB item" of the lines rated at least {@code threshold}. */
  private static Set<String> pairs(Path file, double threshold) throws Exception {
    Set<String> s = new HashSet<>();
    for (String l : Files.readAllLines(file)) {
      String[] f = l.split("\t");
      if (f.length >= 3 && Double.parseDouble(f[2]) >= threshold) s.add(f[0] + "\t" + f[1]);
    }
    return s;
  }
}
