package io.sparkmomentum.cli;

import static io.sparkmomentum.cli.CliRunner.assertOneLineError;
import static io.sparkmomentum.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus at the command line: each case writes its files into a fresh directory and runs
 * {@code train} (or {@code predict}/{@code evaluate}) on them. Every case must fail with the documented exit code
 * (2 usage or config, 3 data) and one line on stderr, without a stack trace, naming the file, the line (where there
 * is one), the offending text and what was expected; a failed {@code train} leaves no run directory and a failed
 * {@code predict} no output file.
 */
class BadInputCliTest {
  static final String GOOD = "1\t10\t4\n2\t11\t3.5\n";
  static final String CSV_HEADER = "userId,movieId,rating,timestamp\n";

  @TempDir
  static Path shared;
  static Path model;

  @BeforeAll
  static void trainSample() {
    SparkTestSession.get();
    Path run = shared.resolve("run");
    CliRunner.Out r = run("train", "--config", "conf/sample.conf", "--set", "trainer.epochs=1", "--output",
        run.toString());
    assertEquals(0, r.code(), r::show);
    model = run.resolve("model");
  }

  // ---- the corpus for train

  /**
   * One case. {@code files} are written into the case's directory (name, then content); in {@code sets} and
   * {@code fragments}, {@code {dir}} stands for that directory. {@code line} is the line the message must name
   * (0: none, -1: any line >= 1).
   */
  record Case(String name, int code, Object[] files, List<String> sets, long line, String... fragments) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Object[] files(Object... nameAndContent) {
    return nameAndContent;
  }

  /** Data case: {@code ratings.tsv} with {@code content} as data.train. */
  static Case data(String name, String content, long line, String... fragments) {
    return data(name, "ratings.tsv", utf8(content), List.of(), line, fragments);
  }

  static Case data(String name, String file, byte[] content, List<String> sets, long line, String... fragments) {
    List<String> all = new ArrayList<>();
    all.add("data.train={dir}/" + file);
    all.addAll(sets);
    String[] f = Arrays.copyOf(fragments, fragments.length + 1);
    f[fragments.length] = "{dir}/" + file + (line > 0 ? ":" + line + ": " : "");
    return new Case(name, Main.EXIT_DATA, files(file, content), all, line, f);
  }

  /** Config case: the sample config with {@code set}; the message names the key and the value. */
  static Case config(String name, String set, String... fragments) {
    return new Case(name, Main.EXIT_CONFIG, files(), List.of(set), 0, fragments);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] b) {
    try {
      ByteArrayOutputStream bo = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
        gz.write(b);
      }
      return bo.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    for (byte[] p : parts) bo.writeBytes(p);
    return bo.toByteArray();
  }

  static Stream<Case> trainCases() {
    byte[] bigGzip = gzip(utf8(GOOD.repeat(40_000)));
    byte[] garbage = new byte[4096];
    new Random(3).nextBytes(garbage);
    garbage[0] = 0x01; // not a compression magic number
    String csv = "data.format=csv";
    return Stream.of(
        // ---- lines
        data("wrong field count", GOOD + "3\t12\n" + GOOD, 3,
            "expected 3 or 4 tab-separated fields (user, item, rating[, timestamp]), found 2", "text: \"3\\t12\""),
        data("too many fields", GOOD + "3\t12\t4\t5\t6\n", 3, "expected 3 or 4 tab-separated fields", "found 5",
            "text: \"3\\t12\\t4\\t5\\t6\""),
        data("non-numeric rating", GOOD + "3\t12\tfour\n", 3,
            "rating 'four' in field 3 is not a number; expected a decimal number in [0.5, 5.0]",
            "text: \"3\\t12\\tfour\""),
        data("decimal comma", GOOD + "3\t12\t3,5\n", 3, "rating '3,5' in field 3 is not a number; expected"),
        data("empty line in the middle", GOOD + "\n" + GOOD, 3,
            "blank line in the middle of the file; expected a rating line", "text: \"\""),
        data("NaN rating", GOOD + "3\t12\tNaN\n", 3, "rating 'NaN' in field 3 is not finite; expected a finite "
            + "number in [0.5, 5.0]", "text: \"3\\t12\\tNaN\""),
        data("Infinity rating", GOOD + "3\t12\tInfinity\n", 3, "rating 'Infinity' in field 3 is not finite; "
            + "expected"),
        data("-Infinity rating", GOOD + "3\t12\t-Infinity\n", 3, "rating '-Infinity' in field 3 is not finite"),
        data("overflowing rating", GOOD + "3\t12\t1e999\n", 3, "rating '1e999' in field 3 overflows to infinity; "
            + "expected a finite number"),
        data("rating above data.max_rating", GOOD + "3\t12\t7\n", 3,
            "rating '7' in field 3 is out of range; expected a number in [0.5, 5.0]", "text: \"3\\t12\\t7\""),
        data("rating below data.min_rating", GOOD + "3\t12\t0\n", 3, "rating '0' in field 3 is out of range; "
            + "expected a number in [0.5, 5.0]"),
        data("empty user", GOOD + "\t12\t3\n", 3, "empty user id in field 1; expected a non-empty user id",
            "text: \"\\t12\\t3\""),
        data("empty item", GOOD + "3\t\t3\n", 3, "empty item id in field 2; expected a non-empty item id",
            "text: \"3\\t\\t3\""),
        data("bad timestamp", GOOD + "3\t12\t3\tyesterday\n", 3, "timestamp 'yesterday' is not an integer in field"
            + " 4; expected an integer timestamp, or no field 4"),
        data("huge line", GOOD + "7".repeat(3 << 20) + "\n" + GOOD, 3, "line is longer than maxLineLength=1048576"
            + " bytes; expected a rating line", "text: \"" + "7".repeat(80) + "...\""),
        data("NUL byte", "ratings.tsv", cat(utf8(GOOD), utf8("3\t1"), new byte[] {0}, utf8("2\t3\n")), List.of(), 3,
            "NUL byte (\\0) at byte 4; expected UTF-8 text", "text: \"3\\t1\\02\\t3\""),
        data("invalid UTF-8", "ratings.tsv", cat(utf8(GOOD), new byte[] {'c', 'a', 'f', (byte) 0xE9},
            utf8("\t2\t3\n")), List.of(), 3, "invalid UTF-8: byte 0xE9 at byte 4 is not part of a valid UTF-8 "
            + "sequence; expected UTF-8 text", "text: \"caf\\xE9\\t2\\t3\""),
        data("binary garbage", "ratings.tsv", garbage, List.of(), -1, "expected"),
        data("binary garbage after good lines", "ratings.tsv", cat(utf8(GOOD), new byte[] {1, 2, (byte) 0xFE,
            (byte) 0xFF, 0x7F, '\n'}), List.of(), 3, "control character \\x01 at byte 1; expected printable UTF-8 "
            + "text", "text: \"\\x01\\x02\\xFE\\xFF\\x7F\""),
        data("csv read as tsv", "ratings.tsv", utf8(CSV_HEADER + "1,31,2.5,1260759144\n"), List.of(), 1,
            "expected 3 or 4 tab-separated fields (user, item, rating[, timestamp]), found 1; is the delimiter "
            + "right? the line contains ','", "text: \"userId,movieId,rating,timestamp\""),
        data("dat read as tsv", "ratings.dat", utf8("1::10::4::978300760\n"), List.of(), 1, "found 1; is the "
            + "delimiter right? the line contains '::'", "text: \"1::10::4::978300760\""),
        data("tsv read as dat", "ratings.tsv", utf8(GOOD), List.of("data.format=dat"), 1,
            "expected 3 or 4 '::'-separated fields", "the line contains '\\t'", "text: \"1\\t10\\t4\""),
        data("gzip data not named .gz", "ratings.tsv", gzip(utf8(GOOD)), List.of(), 0,
            "the file looks like gzip-compressed data, but its name does not end in .gz; expected plain UTF-8 TSV "
            + "text", "text: \"\\x1F\\x8B"),
        data("UTF-16 file", "ratings.tsv", cat(new byte[] {(byte) 0xFF, (byte) 0xFE},
            GOOD.getBytes(StandardCharsets.UTF_16LE)), List.of(), 0, "UTF-16 text (byte-order mark FF FE); "
            + "re-encode it as UTF-8"),
        // ---- files
        data("empty file", "ratings.tsv", new byte[0], List.of(), 0, "no ratings in {dir}/ratings.tsv (the file is"
            + " empty); expected at least one TSV rating line"),
        data("only blank lines", "ratings.tsv", utf8("\n\n \n"), List.of(), 0, "(only blank lines); expected at "
            + "least one TSV rating line"),
        new Case("missing file", Main.EXIT_DATA, files(), List.of("data.train={dir}/nope.tsv"), 0,
            "{dir}/nope.tsv: no such file or directory; expected an existing ratings file or directory"),
        new Case("missing directory", Main.EXIT_DATA, files(), List.of("data.train={dir}/no-dir/"), 0,
            "{dir}/no-dir/: no such file or directory; expected an existing ratings file or directory"),
        new Case("file in a missing directory", Main.EXIT_DATA, files(), List.of("data.train={dir}/no-dir/r.tsv"),
            0, "{dir}/no-dir/r.tsv: no such file or directory; expected"),
        new Case("parent is a regular file", Main.EXIT_DATA, files("f.tsv", utf8(GOOD)),
            List.of("data.train={dir}/f.tsv/ratings.tsv"), 0, "{dir}/f.tsv/ratings.tsv: cannot read: its parent ",
            "f.tsv is a regular file, not a directory; expected an existing ratings file or directory"),
        new Case("empty directory", Main.EXIT_DATA, files("d/_SUCCESS", new byte[0]), List.of("data.train={dir}/d"),
            0, "{dir}/d: the directory has no data files (only ignored names: _SUCCESS); expected at least one "
            + "ratings file"),
        new Case("directory with a bad part file", Main.EXIT_DATA, files("d/part-0", utf8(GOOD),
            "d/part-1", utf8(GOOD + "3\t12\tx\n")), List.of("data.train={dir}/d"), 3,
            "{dir}/d/part-1:3: rating 'x' in field 3 is not a number; expected", "text: \"3\\t12\\tx\""),
        new Case("nested directory", Main.EXIT_DATA, files("d/part-0", utf8(GOOD), "d/sub/part-1", utf8(GOOD)),
            List.of("data.train={dir}/d"), 0, "{dir}/d/sub: a directory inside the input directory; expected only "
            + "data files there"),
        // ---- CSV
        data("csv missing the rating column", "ratings.csv", utf8("userId,movieId,score\n1,2,3\n"), List.of(csv), 1,
            "CSV header has no column 'rating'; expected a header naming the columns userId, movieId, rating",
            "header found: userId,movieId,score"),
        data("csv unterminated quote", "ratings.csv", utf8(CSV_HEADER + "1,31,2.5,9\n1,\"Heat, 1995,2.5,9\n"),
            List.of(csv), 3, "unterminated quoted field 2; expected a closing '\"' on the same line",
            "text: \"1,\"Heat, 1995,2.5,9\""),
        data("csv too few fields", "ratings.csv", utf8(CSV_HEADER + "1,31\n"), List.of(csv), 2,
            "expected 4 comma-separated fields as in the header (userId,movieId,rating,timestamp), found 2",
            "text: \"1,31\""),
        data("csv without header", "ratings.csv", utf8("1,31,2.5,9\n1,32,3,9\n"), List.of(csv), 1,
            "CSV header has no columns 'userId', 'movieId', 'rating'", "the first line looks like data"),
        // ---- gzip
        data(".gz truncated", "ratings.tsv.gz", Arrays.copyOf(bigGzip, bigGzip.length / 2), List.of(), -1,
            "read error", "(the gzip data is truncated or corrupt); expected a complete, readable file"),
        data(".gz empty", "ratings.tsv.gz", new byte[0], List.of(), 0,
            "not a valid gzip file (the file is empty or truncated); expected gzip-compressed text"),
        data("bad line inside .gz", "ratings.tsv.gz", gzip(utf8(GOOD + "3\t12\tfour\n")), List.of(), 3,
            "rating 'four' in field 3 is not a number; expected"),
        // ---- the test file
        new Case("bad data.test", Main.EXIT_DATA, files("test.tsv", utf8(GOOD + "3\t12\tNaN\n")),
            List.of("data.test={dir}/test.tsv"), 3, "{dir}/test.tsv:3: rating 'NaN' in field 3 is not finite; "
            + "expected", "text: \"3\\t12\\tNaN\""),
        new Case("missing data.test", Main.EXIT_DATA, files(), List.of("data.test={dir}/nope-test.tsv"), 0,
            "{dir}/nope-test.tsv: no such file or directory; expected"),
        // ---- config
        config("unknown key", "optimizer.momentun=0.5", "config key 'optimizer.momentun': unknown key"),
        config("unknown section", "trainer.epochz=3", "config key 'trainer.epochz': unknown key"),
        config("wrong type: integer", "model.rank=ten", "config key 'model.rank' = \"ten\": expected an integer"),
        config("wrong type: number", "optimizer.lr=fast", "config key 'optimizer.lr' = \"fast\": expected a number"),
        config("wrong type: boolean", "optimizer.nesterov=maybe",
            "config key 'optimizer.nesterov' = \"maybe\": expected true or false"),
        config("negative lr", "optimizer.lr=-0.1", "config key 'optimizer.lr' = -0.1: expected a finite number > 0"),
        config("zero lr", "optimizer.lr=0", "config key 'optimizer.lr' = 0.0: expected a finite number > 0"),
        config("momentum = 1", "optimizer.momentum=1", "config key 'optimizer.momentum' = 1.0: expected a number in "
            + "[0.0, 1.0)"),
        config("momentum > 1", "optimizer.momentum=1.5", "'optimizer.momentum' = 1.5: expected a number in "
            + "[0.0, 1.0)"),
        config("negative momentum", "optimizer.momentum=-0.1", "'optimizer.momentum' = -0.1: expected"),
        config("dampening > 1", "optimizer.dampening=1.5", "config key 'optimizer.dampening' = 1.5: expected a number"
            + " in [0.0, 1.0]"),
        config("dampening < 0", "optimizer.dampening=-0.5", "'optimizer.dampening' = -0.5: expected a number in "
            + "[0.0, 1.0]"),
        config("nesterov with dampening", "optimizer.dampening=0.5", "config key 'optimizer.nesterov' = true: "
            + "expected false unless optimizer.momentum > 0 and optimizer.dampening = 0 (got momentum 0.9, "
            + "dampening 0.5)"),
        config("batch_size 0", "trainer.batch_size=0", "config key 'trainer.batch_size' = \"0\": expected an "
            + "integer >= 1, or full"),
        config("batch_size negative", "trainer.batch_size=-5", "'trainer.batch_size' = \"-5\": expected"),
        config("epochs 0", "trainer.epochs=0", "'trainer.epochs' = 0: expected an integer >= 1"),
        config("rank 0", "model.rank=0", "'model.rank' = 0: expected an integer >= 1"),
        config("min_rating >= max_rating", "data.min_rating=5", "config key 'data.max_rating' = 5.0: expected a "
            + "number > data.min_rating"),
        config("unknown format", "data.format=xml", "config key 'data.format' = \"xml\": expected one of tsv, dat, "
            + "csv"),
        config("unknown on_bad_record", "data.on_bad_record=ignore", "config key 'data.on_bad_record' = "
            + "\"ignore\": expected fail or skip"),
        config("unknown schedule", "optimizer.schedule.type=linear", "'optimizer.schedule.type' = \"linear\": "
            + "expected"),
        config("unknown sparse_update", "optimizer.sparse_update=sparse", "config key 'optimizer.sparse_update' = "
            + "\"sparse\": expected one of dense, exact, lazy"),
        new Case("sparse_update exact with weight decay", Main.EXIT_CONFIG, files(), List.of(
            "optimizer.sparse_update=exact", "optimizer.weight_decay=0.001"), 0, "config key "
            + "'optimizer.sparse_update' = \"exact\": expected dense or lazy when optimizer.weight_decay != 0"),
        config("--set without =", "optimizer.lr", "config key '--set' = \"optimizer.lr\": expected key=value"),
        // ---- issue 10 item 6: fractional integers and 64-bit seeds (before: truncated to 4, 1, 0; seeds saturated)
        config("fractional rank", "model.rank=4.5", "config key 'model.rank' = \"4.5\": expected an integer"),
        config("fractional epochs", "trainer.epochs=1.9", "'trainer.epochs' = \"1.9\": expected an integer"),
        config("fractional checkpoint_every", "trainer.checkpoint_every=0.5", "'trainer.checkpoint_every' = "
            + "\"0.5\": expected an integer"),
        config("seed 2^63", "trainer.seed=9223372036854775808", "'trainer.seed' = \"9223372036854775808\": "
            + "expected a 64-bit integer"),
        config("seed 1e19", "trainer.seed=1e19", "'trainer.seed' = \"1e19\": expected a 64-bit integer"),
        config("seed 1e20", "trainer.seed=1e20", "'trainer.seed' = \"1e20\": expected a 64-bit integer"),
        config("fractional seed", "trainer.seed=1.5", "'trainer.seed' = \"1.5\": expected a 64-bit integer"),
        // ---- config types (before: Typesafe's ConfigException escaped, exit 1, with a stack trace)
        config("a section set to a value", "optimizer.schedule=5", "config key 'optimizer.schedule' = \"5\": "
            + "expected a section { ... } with the keys [optimizer.schedule.eta_min"),
        config("a top-level section set to a value", "trainer=3", "config key 'trainer' = \"3\": expected a "
            + "section"),
        config("empty path segment", "model..rank=5", "config key '--set' = \"model..rank=5\": expected key=value "
            + "with a key of dot-separated names"),
        config("null from --set", "trainer.epochs=null", "'trainer.epochs' = \"null\": expected an integer"),
        // ---- bad options
        new Case("csv with the same user and item column", Main.EXIT_CONFIG, files(), List.of("data.format=csv",
            "data.user_col=movieId"), 0, "config key 'data.item_col' = \"movieId\": expected a column other than "
            + "data.user_col"),
        config("bad spark.executor.cores", "spark.executor.cores=abc", "config key 'spark.executor.cores' = "
            + "\"abc\": expected an integer >= 1"),
        config("zero spark.executor.cores", "spark.executor.cores=0", "'spark.executor.cores' = \"0\": expected"),
        config("bad spark.driver.memory", "spark.driver.memory=lots", "'spark.driver.memory' = \"lots\": "
            + "expected a size such as 512m or 4g"),
        // ---- bad paths (before: stack traces)
        new Case("a colon in a file name", Main.EXIT_DATA, files(), List.of("data.train=/tmp/r:1.tsv"), 0,
            "data.train = \"/tmp/r:1.tsv\": the name 'r:1.tsv' contains ':'", "expected a path without ':'"),
        new Case("a scheme with no file system", Main.EXIT_DATA, files(), List.of("data.train=s3a://bucket/r.tsv"),
            0, "data.train = \"s3a://bucket/r.tsv\": no file system for the scheme 's3a' on the classpath",
            "expected file:, hdfs: or a scheme whose Hadoop connector is installed (for s3a: hadoop-aws)"),
        new Case("a test file with a scheme with no file system", Main.EXIT_DATA, files(),
            List.of("data.test=nosuchfs://x/t.tsv"), 0, "data.test = \"nosuchfs://x/t.tsv\": no file system"));
  }

  static String fill(String s, Path dir) {
    return s.replace("{dir}", dir.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trainCases")
  void trainRefusesBadInput(Case c, @TempDir Path dir) throws Exception {
    for (int k = 0; k < c.files.length; k += 2) {
      Path f = dir.resolve((String) c.files[k]);
      Files.createDirectories(f.getParent());
      Files.write(f, (byte[]) c.files[k + 1]);
    }
    Path out = dir.resolve("run");
    List<String> args = new ArrayList<>(List.of("train", "--config", "conf/sample.conf", "--output",
        out.toString()));
    for (String s : c.sets) {
      args.add("--set");
      args.add(fill(s, dir));
    }
    CliRunner.Out r = run(args.toArray(new String[0]));
    String err = assertOneLineError(r, c.code, Arrays.stream(c.fragments).map(f -> fill(f, dir))
        .toArray(String[]::new));
    if (c.code == Main.EXIT_DATA) {
      assertTrue(err.contains("expected"), err);
      if (c.line == -1) {
        assertTrue(err.matches("error: " + java.util.regex.Pattern.quote(dir.toString()) + "/[^:]+:[1-9][0-9]*: .*"),
            err);
      }
    } else {
      assertTrue(err.startsWith("error: config key '"), err);
    }
    assertFalse(err.contains("com.typesafe"), err);
    assertFalse(Files.exists(out), "a failed train must not leave its run directory: " + CliRunner.list(out));
    assertTrue(err.length() < 700, () -> "message too long (" + err.length() + " chars): " + err);
  }

  // ---- train: run directory and --resume

  /** A directory holding files that a run did not write is not resumed: nothing is deleted or written. */
  @Test
  void resumeOfADirectoryThatIsNotARun(@TempDir Path dir) throws Exception {
    Path out = Files.createDirectories(dir.resolve("not-a-run"));
    Files.writeString(out.resolve("notes.txt"), "mine");
    CliRunner.Out r = run("train", "--config", "conf/sample.conf", "--output", out.toString(), "--resume");
    assertOneLineError(r, Main.EXIT_CONFIG, "--resume refused: " + out + " is not a run directory (it has files but "
        + "no .spark-momentum-run marker); nothing was deleted");
    assertEquals("notes.txt", CliRunner.list(out), "nothing written into it");
  }

  /** Config files with the wrong shape: before, Typesafe's ConfigException escaped with exit 1 and a trace. */
  @Test
  void configFilesWithWrongTypesAreOneLineErrors(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    String[][] cases = {
        {"optimizer { schedule = cosine }", "config key 'optimizer.schedule' = \"cosine\": expected a section",
            "did you mean optimizer.schedule.type = cosine?"},
        {"trainer.epochs = null", "config key 'trainer.epochs': null (from ", "expected a value; remove the line to "
            + "use the default, 10"},
        {"model.rank = [4, 5]", "config key 'model.rank' = \"[4,5]\": expected a single value like 10, not a list"},
        {"model.rank = 4.5", "config key 'model.rank' = \"4.5\": expected an integer"},
        {"trainer.seed = 1e20", "config key 'trainer.seed' = \"1.0E20\": expected a 64-bit integer"},
        {"model { rank { x = 1 } }", "config key 'model.rank.x': unknown key"}};
    for (String[] c : cases) {
      Path conf = dir.resolve("c.conf");
      Files.writeString(conf, "include \"" + Path.of("conf/sample.conf").toAbsolutePath() + "\"\n" + c[0] + "\n");
      String err = assertOneLineError(run("train", "--config", conf.toString(), "--output", out.toString()),
          Main.EXIT_CONFIG, Arrays.copyOfRange(c, 1, c.length));
      assertFalse(err.contains("com.typesafe"), err);
      assertFalse(Files.exists(out));
    }
  }

  /** Bad Spark masters: before, 46 lines of trace, and 72 s and 116 lines for an unreachable master. */
  @Test
  void badSparkMastersFailFastInOneLine(@TempDir Path dir) {
    Path out = dir.resolve("run");
    String[][] cases = {
        {"bogus", "--master = \"bogus\" is not a Spark master URL; expected local, local[N]"},
        {"local[0]", "--master = \"local[0]\": needs at least 1 thread"},
        {"yarn", "--master = \"yarn\": this classpath has no spark-yarn"},
        {"spark://127.0.0.1:1", "--master = \"spark://127.0.0.1:1\": cannot reach the master at 127.0.0.1:1 within "
            + "5000 ms"},
        {"spark://nohostport", "'nohostport' is not HOST:PORT"}};
    for (String[] c : cases) {
      long t0 = System.nanoTime();
      assertOneLineError(run("train", "--config", "conf/sample.conf", "--output", out.toString(), "--master", c[0]),
          Main.EXIT_CONFIG, c[1]);
      assertTrue(System.nanoTime() - t0 < 20e9, c[0] + " took too long");
      assertFalse(Files.exists(out), c[0]);
    }
  }

  /** Before: OutOfMemoryError after reading all the data, leaving a run directory with only config.conf. */
  @Test
  void aModelThatCannotFitIsRefusedBeforeSparkWithAHint(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    StringBuilder ids = new StringBuilder();
    for (int k = 1; k <= 60_000; k++) ids.append(k).append('\t').append(k).append("\t3\n");
    Path train = Files.writeString(dir.resolve("many-ids.tsv"), ids);
    assertOneLineError(run("train", "--config", "conf/sample.conf", "--output", out.toString(), "--set",
        "model.rank=4096", "--set", "data.train=" + train, "--set", "data.test="), Main.EXIT_CONFIG,
        "model.rank = 4096 with 60000 users and 60000 items needs at least ",
        "lower model.rank, or raise the heap: SPARK_MOMENTUM_HEAP=", "spark.driver.memory");
    assertFalse(Files.exists(out));
  }

  /** Before: --format xml and duplicate CSV columns escaped as IllegalArgumentException with a stack trace. */
  @Test
  void badReaderOptionsOfEvaluatePredictRecommend(@TempDir Path dir) {
    String m = model.toString();
    String in = "data/sample/test.tsv";
    Path out = dir.resolve("p.tsv");
    for (String[] args : new String[][] {{"evaluate", "--model", m, "--input", in, "--format", "xml"},
        {"predict", "--model", m, "--input", in, "--output", out.toString(), "--format", "xml"},
        {"recommend", "--model", m, "--user", "1", "--format", "xml"}}) {
      assertOneLineError(run(args), Main.EXIT_CONFIG, "--format xml: expected tsv, dat or csv");
    }
    assertOneLineError(run("evaluate", "--model", m, "--input", in, "--format", "csv", "--user-col", "userId",
        "--item-col", "userId"), Main.EXIT_CONFIG, "--user-col userId, --item-col userId, --rating-col rating: "
        + "expected three different CSV columns");
    assertFalse(Files.exists(out));
    assertOneLineError(run("evaluate", "--model", m, "--input", "s3a://bucket/r.tsv"), Main.EXIT_DATA,
        "input = \"s3a://bucket/r.tsv\": no file system for the scheme 's3a' on the classpath");
    assertOneLineError(run("predict", "--model", m, "--input", dir.resolve("r:1.tsv").toString(), "--output",
        out.toString()), Main.EXIT_DATA, "the name 'r:1.tsv' contains ':'");
  }

  @Test
  void missingAndInvalidConfigFiles(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    CliRunner.Out r = run("train", "--config", dir.resolve("nope.conf").toString(), "--output", out.toString());
    assertOneLineError(r, Main.EXIT_CONFIG, "config key '--config' = \"" + dir.resolve("nope.conf")
        + "\": expected an existing config file");
    Path bad = dir.resolve("bad.conf");
    Files.writeString(bad, "data { train = \"x.tsv\"\noptimizer { lr = }\n");
    r = run("train", "--config", bad.toString(), "--output", out.toString());
    assertOneLineError(r, Main.EXIT_CONFIG, "config key '--config' = \"" + bad + "\": expected valid HOCON");
    assertFalse(Files.exists(out));
  }

  // ---- predict and evaluate --input

  record InputCase(String name, String file, byte[] content, long line, String... fragments) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<InputCase> inputCases() {
    return Stream.of(
        new InputCase("bad line in the middle", "pairs.tsv", utf8(GOOD + "3\t12\n" + GOOD), 3,
            "expected 3 or 4 tab-separated fields (user, item, rating[, timestamp]), found 2", "text: \"3\\t12\""),
        new InputCase("non-numeric rating", "pairs.tsv", utf8(GOOD + "3\t12\tx\n"), 3, "rating 'x' in field 3 is "
            + "not a number; expected"),
        new InputCase("blank line in the middle", "pairs.tsv", utf8(GOOD + "\n" + GOOD), 3, "blank line in the "
            + "middle of the file; expected a rating line"),
        new InputCase("NUL byte", "pairs.tsv", cat(utf8(GOOD), utf8("3\t1\0" + "2\t3\n")), 3, "NUL byte"),
        new InputCase("empty file", "pairs.tsv", new byte[0], 0, "(the file is empty); expected at least one TSV "
            + "rating line"),
        new InputCase("csv given to a tsv model", "pairs.csv", utf8(CSV_HEADER + "1,31,2.5,9\n"), 1,
            "is the delimiter right? the line contains ','"),
        new InputCase("missing file", null, null, 0, "no such file or directory; expected"));
  }

  @ParameterizedTest(name = "predict: {0}")
  @MethodSource("inputCases")
  void predictRefusesBadInputAndLeavesNoOutput(InputCase c, @TempDir Path dir) throws Exception {
    Path in = dir.resolve(c.file == null ? "nope.tsv" : c.file);
    if (c.file != null) Files.write(in, c.content);
    Path outDir = dir.resolve("out");
    Path out = outDir.resolve("pred.tsv");
    CliRunner.Out r = run("predict", "--model", model.toString(), "--input", in.toString(), "--output",
        out.toString());
    assertInputError(r, c, in);
    assertEquals(c.file == null ? "" : c.file, CliRunner.list(dir), "predict left output or temporary files");
  }

  @ParameterizedTest(name = "evaluate: {0}")
  @MethodSource("inputCases")
  void evaluateRefusesBadInput(InputCase c, @TempDir Path dir) throws Exception {
    Path in = dir.resolve(c.file == null ? "nope.tsv" : c.file);
    if (c.file != null) Files.write(in, c.content);
    assertInputError(run("evaluate", "--model", model.toString(), "--input", in.toString()), c, in);
  }

  @Test
  void evaluateRefusesRatingsOutsideTheTrainingRange(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("held-out.tsv");
    Files.writeString(in, GOOD + "3\t12\t9\n");
    String err = assertOneLineError(run("evaluate", "--model", model.toString(), "--input", in.toString()),
        Main.EXIT_DATA, in + ":3: rating '9' in field 3 is out of range; expected a number in [0.5, 5.0]");
    assertTrue(err.endsWith("text: \"3\\t12\\t9\""), err);
    // predict ignores the rating column, so its range does not matter there
    CliRunner.Out r = run("predict", "--model", model.toString(), "--input", in.toString(), "--output",
        dir.resolve("p.tsv").toString());
    assertEquals(0, r.code(), r::show);
  }

  private static void assertInputError(CliRunner.Out r, InputCase c, Path in) {
    String where = in + (c.line > 0 ? ":" + c.line : "") + ": ";
    String err = assertOneLineError(r, Main.EXIT_DATA, c.fragments);
    assertTrue(err.startsWith("error: " + where), () -> "expected the message to start with [" + where + "]: "
        + err);
    assertTrue(err.contains("expected"), err);
  }

  /** Issue item 4: a bad line in the middle leaves no output and no temporary file, and keeps an older output. */
  @Test
  void predictWithABadLineKeepsThePreviousOutputUntouched(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("pairs.tsv");
    Path out = dir.resolve("pred.tsv");
    Files.writeString(in, GOOD + "3\t12\t4\n");
    CliRunner.Out r = run("predict", "--model", model.toString(), "--input", in.toString(), "--output",
        out.toString());
    assertEquals(0, r.code(), r::show);
    String before = Files.readString(out);
    assertEquals(3, before.lines().count());

    Files.writeString(in, GOOD + "3\t12\t4\n".repeat(5000) + "3\t12\tbad\n" + GOOD);
    r = run("predict", "--model", model.toString(), "--input", in.toString(), "--output", out.toString(),
        "--overwrite");
    assertOneLineError(r, Main.EXIT_DATA, in + ":5003: rating 'bad' in field 3 is not a number; expected");
    assertEquals(before, Files.readString(out), "the previous output is kept");
    assertEquals("pairs.tsv, pred.tsv", CliRunner.list(dir), "no temporary file");

    Files.writeString(in, GOOD);
    r = run("predict", "--model", model.toString(), "--input", in.toString(), "--output", out.toString(),
        "--overwrite");
    assertEquals(0, r.code(), r::show);
    assertEquals(before.lines().limit(2).toList(), Files.readString(out).lines().toList(), "replaced");
    assertEquals("pairs.tsv, pred.tsv", CliRunner.list(dir), "no temporary file");

    Path asDir = Files.createDirectories(dir.resolve("a-dir"));
    assertOneLineError(run("predict", "--model", model.toString(), "--input", in.toString(), "--output",
        asDir.toString(), "--overwrite"), Main.EXIT_CONFIG, "output " + asDir + " is a directory; expected the path"
        + " of a file to write");
  }

  @Test
  void predictToAnUnwritablePathIsAOneLineError(@TempDir Path dir) throws Exception {
    Path blocker = dir.resolve("file");
    Files.writeString(blocker, "x");
    Path out = blocker.resolve("pred.tsv");
    CliRunner.Out r = run("predict", "--model", model.toString(), "--input", "data/sample/test.tsv", "--output",
        out.toString());
    assertOneLineError(r, Main.EXIT_CONFIG, "cannot write predictions to " + out);
    assertEquals("file", CliRunner.list(dir));
  }

  @Test
  void generateRefusesBadArgumentsAndExistingOutput(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("synth");
    for (String[] bad : new String[][] {{"--noise", "-1"}, {"--noise", "NaN"}, {"--round", "-0.5"},
        {"--min", "5", "--max", "1"}, {"--test-fraction", "1"}, {"--users", "0"}, {"--ratings", "3000000000"}}) {
      assertOneLineError(run(generate(out, bad)), Main.EXIT_CONFIG, bad[0]);
      assertFalse(Files.exists(out), String.join(" ", bad));
    }
    CliRunner.Out r = run(generate(out));
    assertEquals(0, r.code(), r::show);
    assertOneLineError(run(generate(out)), Main.EXIT_CONFIG, "output " + out + " already exists; use --overwrite "
        + "to replace it");
    assertEquals(".spark-momentum-data, test.tsv, train.tsv", CliRunner.list(out));
  }

  /** {@code generate} of a tiny data set into {@code out}, with options replaced by {@code set} (name, value...). */
  private static String[] generate(Path out, String... set) {
    Map<String, String> opts = new java.util.LinkedHashMap<>(Map.of("--users", "20", "--items", "10", "--ratings",
        "100", "--output", out.toString()));
    for (int k = 0; k < set.length; k += 2) opts.put(set[k], set[k + 1]);
    List<String> args = new ArrayList<>(List.of("generate"));
    opts.forEach((k, v) -> args.add(k + "=" + v));
    return args.toArray(new String[0]);
  }

  // ---- data.on_bad_record = skip

  @Test
  void skipModeTrainsAndReportsWhatItSkipped(@TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("data/sample/train.tsv")));
    lines.add(100, "17\t3\tfour");
    lines.add(2000, "");
    lines.add(5000, "17\t3");
    lines.add(7000, "17\t3\tNaN");
    Path train = dir.resolve("train.tsv");
    Files.write(train, lines);
    Path out = dir.resolve("run");
    CliRunner.Out r = run("train", "--config", "conf/sample.conf", "--output", out.toString(), "--set",
        "trainer.epochs=1", "--set", "data.on_bad_record=skip", "--set", "data.train=" + train);
    assertEquals(0, r.code(), r::show);
    Map<String, Object> summary = Json.readMap(CliRunner.lastLine(r.out()));
    assertEquals("ok", summary.get("status"));
    assertEquals(4L, summary.get("skipped_lines"));
    assertEquals(31962L, summary.get("train_ratings"));
    @SuppressWarnings("unchecked")
    List<String> examples = (List<String>) summary.get("skipped_examples");
    assertEquals(4, examples.size(), examples::toString);
    assertTrue(examples.get(0).startsWith(train + ":101: rating 'four' in field 3 is not a number; expected"),
        examples.get(0));
    assertTrue(examples.get(1).startsWith(train + ":2001: blank line in the middle"), examples.get(1));
    assertTrue(examples.get(2).startsWith(train + ":5001: expected 3 or 4 tab-separated fields"),
        examples.get(2));
    assertTrue(examples.get(3).startsWith(train + ":7001: rating 'NaN' in field 3 is not finite"),
        examples.get(3));
    assertEquals(summary, Json.readMap(Files.readString(out.resolve("summary.json"))));
    assertTrue(Files.isRegularFile(out.resolve("model/bundle.json")));

    // recommend reads the training file as the run did (skipping its bad lines) to exclude rated items
    String m = out.resolve("model").toString();
    r = run("recommend", "--model", m, "--user", "17", "--k", "3");
    assertEquals(0, r.code(), r::show);
    Map<String, Object> rec = Json.readMap(CliRunner.lastLine(r.out()));
    assertTrue(((Number) rec.get("excluded_rated")).intValue() > 0, r.out());
    // ... and, once that file is gone, says how to do without it
    Files.delete(train);
    assertOneLineError(run("recommend", "--model", m, "--user", "17"), Main.EXIT_DATA, train + ": no such file or "
        + "directory; expected an existing ratings file or directory (recommend reads the run's data.train to "
        + "exclude the items the user rated: give --exclude FILE or --no-exclude)");
    r = run("recommend", "--model", m, "--user", "17", "--no-exclude");
    assertEquals(0, r.code(), r::show);
  }

  /** {@code --overwrite} deletes whatever is at --output, recursively, even if it is not a run directory. */
  @Test
  void overwriteRefusesAPathThatIsNotARunDirectory(@TempDir Path dir) throws Exception {
    Path precious = Files.createDirectories(dir.resolve("thesis"));
    Files.writeString(precious.resolve("chapter1.tex"), "\\section{Introduction}\n");
    CliRunner.Out r = run("train", "--config", "conf/sample.conf", "--set", "trainer.epochs=1", "--output",
        precious.toString(), "--overwrite");
    assertOneLineError(r, Main.EXIT_CONFIG, precious.toString(), "not a run directory");
    assertTrue(Files.isRegularFile(precious.resolve("chapter1.tex")), "the directory was deleted");
  }

  /** An --output whose parent is a regular file fails after Spark started, with a stack trace and exit 1. */
  @Test
  void outputUnderARegularFileIsAConfigErrorBeforeSpark(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("afile");
    Files.writeString(file, "x");
    CliRunner.Out r = run("train", "--config", "conf/sample.conf", "--set", "trainer.epochs=1", "--output",
        file.resolve("run").toString());
    assertOneLineError(r, Main.EXIT_CONFIG, file.resolve("run").toString(), file + " is a regular file");
  }

  /**
   * With skip mode, bad lines of {@code data.test} are counted in {@code skipped_lines} but their examples are not
   * reported: TrainingRun puts only {@code trainReport().skippedExamples()} into the summary.
   */
  @Test
  void skipModeReportsTheTestFilesExamplesToo(@TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("data/sample/test.tsv")));
    lines.add(50, "17\t3\tx");
    Path test = dir.resolve("test.tsv");
    Files.write(test, lines);
    CliRunner.Out r = run("train", "--config", "conf/sample.conf", "--output", dir.resolve("run").toString(),
        "--set", "trainer.epochs=1", "--set", "data.on_bad_record=skip", "--set", "data.test=" + test);
    assertEquals(0, r.code(), r::show);
    Map<String, Object> summary = Json.readMap(CliRunner.lastLine(r.out()));
    assertEquals(1L, summary.get("skipped_lines"));
    assertEquals(List.of(test + ":51: rating 'x' in field 3 is not a number; expected a decimal number in [0.5, "
        + "5.0]; text: \"17\\t3\\tx\""), summary.get("skipped_examples"), summary::toString);
  }
}
