package io.sparkmomentum.cli;

import static io.sparkmomentum.cli.CliRunner.assertOneLineError;
import static io.sparkmomentum.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /** Issue 16: the realistic options, implicit events, and their bad values as one line. */
  @Test
  void realisticOptionsImplicitModeAndBadValues(@TempDir Path dir) throws Exception {
    for (String[] bad : new String[][] {{"--item-exponent=-0.5", "--item-exponent must be a finite number in"},
        {"--user-exponent=NaN", "--user-exponent must be a finite number in"},
        {"--bias-std=-1", "--bias-std must be a finite number in"}, {"--snr=0", "--snr must be a finite number > 0"},
        {"--snr=-2", "--snr must be a finite number > 0"}}) {
      assertOneLineError(run("generate", bad[0], "--output=" + dir.resolve("bad")), Main.EXIT_CONFIG, bad[1]);
    }
    assertOneLineError(run("generate", "--noise=1", "--snr=2", "--output=" + dir.resolve("bad")), Main.EXIT_CONFIG,
        "--noise 1.0 and --snr 2.0 both given: expected one of them");
    Path b = dir.resolve("b");
    String[] common = {"--users=300", "--items=200", "--ratings=6000", "--snr=4", "--seed=4", "--implicit"};
    List<String> withOptions = new ArrayList<>(List.of("generate", "--output=" + b));
    withOptions.addAll(List.of(common));
    CliRunner.Out r = run(withOptions.toArray(String[]::new));
    assertEquals(0, r.code(), r::show);
    List<String> events = new ArrayList<>(lines(b, "train.tsv"));
    events.addAll(lines(b, "test.tsv"));
    assertTrue(events.size() > 5_000 && events.size() <= 6_000, "events: " + events.size());
    assertTrue(events.stream().allMatch(l -> l.endsWith("\t1.0")), "implicit events are rating 1");
    Path again = dir.resolve("again");
    withOptions.set(1, "--output=" + again);
    assertEquals(0, run(withOptions.toArray(String[]::new)).code());
    assertEquals(Files.readString(b.resolve("train.tsv")), Files.readString(again.resolve("train.tsv")),
        "same options and seed: same bytes");
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
