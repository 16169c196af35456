package io.sparkmomentum.cli;

import static io.sparkmomentum.cli.CliRunner.assertOneLineError;
import static io.sparkmomentum.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate}: distinct (user, item) pairs (issue 10 item 9), and {@code --format parquet} (issue 11). */
class GenerateCliTest {
  static List<String> lines(Path dir, String name) throws Exception {
    return Files.exists(dir.resolve(name)) ? Files.readAllLines(dir.resolve(name)) : List.of();
  }

  /** Before: --users 2 --items 2 --ratings 6 repeated pair (2,1) five times; 2,317 of 50,000 default pairs repeated. */
  @Test
  void pairsAreDistinctAndTooManyRatingsAreRefused(@TempDir Path dir) throws Exception {
    assertOneLineError(run("generate", "--users=2", "--items=2", "--ratings=6", "--output=" + dir.resolve("a")),
        Main.EXIT_CONFIG, "--ratings 6 is more than --users x --items = 2 x 2 = 4 distinct (user, item) pairs");
    Path full = dir.resolve("full");
    assertEquals(0, run("generate", "--users=2", "--items=2", "--ratings=4", "--test-fraction=0",
        "--output=" + full).code());
    Set<String> pairs = new HashSet<>();
    for (String l : lines(full, "train.tsv")) pairs.add(l.substring(0, l.lastIndexOf('\t')));
    assertEquals(Set.of("1\t1", "1\t2", "2\t1", "2\t2"), pairs, "the whole grid, each pair once");
    Path dflt = dir.resolve("default");
    assertEquals(0, run("generate", "--output=" + dflt).code());
    List<String> all = new ArrayList<>(lines(dflt, "train.tsv"));
    all.addAll(lines(dflt, "test.tsv"));
    assertEquals(50_000, all.size());
    assertEquals(50_000, all.stream().map(l -> l.substring(0, l.lastIndexOf('\t'))).distinct().count(),
        "no pair twice, within or across train and test");
  }

  @Test
  void parquetHoldsTheSameRatingsAsTsv(@TempDir Path dir) throws Exception {
    String[] common = {"--users=50", "--items=40", "--ratings=700", "--round=0.5", "--test-fraction=0.25",
        "--seed=9"};
    Path tsv = dir.resolve("tsv");
    Path parquet = dir.resolve("parquet");
    List<String> a = new ArrayList<>(List.of("generate", "--output=" + tsv));
    a.addAll(List.of(common));
    assertEquals(0, run(a.toArray(String[]::new)).code());
    List<String> b = new ArrayList<>(List.of("generate", "--format=parquet", "--output=" + parquet));
    b.addAll(List.of(common));
    CliRunner.Out r = run(b.toArray(String[]::new));
    assertEquals(0, r.code(), r::show);
    SparkSession spark = SparkTestSession.get();
    for (String part : new String[] {"train", "test"}) {
      var df = spark.read().parquet(parquet.resolve(part).toString());
      assertEquals(List.of("user", "item", "rating"), List.of(df.columns()));
      List<String> got = new ArrayList<>();
      for (Row row : df.collectAsList()) {
        got.add(row.getInt(0) + "\t" + row.getInt(1) + "\t" + row.getFloat(2));
      }
      List<String> want = new ArrayList<>(lines(tsv, part + ".tsv"));
      got.sort(null);
      want.sort(null);
      assertEquals(want, got, part);
    }
    assertOneLineError(run("generate", "--format=xml", "--output=" + dir.resolve("x")), Main.EXIT_CONFIG,
        "--format xml: expected tsv or parquet");
  }
}
