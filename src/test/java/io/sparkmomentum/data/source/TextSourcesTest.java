package io.sparkmomentum.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.OnBadRecord;
import io.sparkmomentum.data.RatingsFormat;
import io.sparkmomentum.data.ReaderOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executors' split readers give the driver reader's records, skip counts, skip examples and error messages
 * (with the line number in the file), whatever the split size.
 */
class TextSourcesTest {
  private static final long[] SPLIT_SIZES = {1L << 30, 997, 64, 7};

  @TempDir
  Path dir;

  /** {@code n} rating lines in the format, CRLF ends on some, deterministic. */
  private static String ratings(RatingsFormat f, int n, long seed) {
    Random rnd = new Random(seed);
    StringBuilder sb = new StringBuilder();
    if (f == RatingsFormat.CSV) sb.append("userId,movieId,rating,timestamp\r\n");
    for (int k = 0; k < n; k++) {
      String u = "u" + rnd.nextInt(40);
      String i = rnd.nextInt(10) == 0 ? "\"it,em " + rnd.nextInt(5) + "\"" : "i" + rnd.nextInt(300);
      String r = (1 + rnd.nextInt(9)) / 2.0 + "";
      String sep = switch (f) {
        case TSV -> "\t";
        case DAT -> "::";
        case CSV -> ",";
      };
      if (f != RatingsFormat.CSV) i = i.replace("\"", "").replace(",", "_");
      sb.append(u).append(sep).append(i).append(sep).append(r);
      if (f == RatingsFormat.CSV || rnd.nextBoolean()) sb.append(sep).append(880000000 + k);
      sb.append(rnd.nextInt(4) == 0 ? "\r\n" : "\n");
    }
    return sb.toString();
  }

  private Path write(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
    return p;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    }
    return out.toByteArray();
  }

  private static void assertSameAsDriver(Path p, ReaderOptions o, long... splitSizes) {
    TextReads.Read want = TextReads.driver(p.toString(), o);
    assertTrue(want.records().size() > 0);
    for (long s : splitSizes) {
      for (int minPartitions : new int[] {1, 3}) {
        TextReads.Read got = TextReads.executors(TextReads.spec(p.toString(), o, minPartitions), s);
        assertEquals(want, got, "split size " + s + ", min partitions " + minPartitions);
      }
    }
  }

  @Test
  void everyFormatGivesTheDriverRecordsForAnySplitSize() throws IOException {
    for (RatingsFormat f : RatingsFormat.values()) {
      String text = "\uFEFF" + ratings(f, 150, f.ordinal()) + "\n\r\n \t\n"; // BOM, trailing blank lines
      Path p = write("r." + f.id(), utf8(text));
      assertSameAsDriver(p, ReaderOptions.defaults(f), 1L << 30, 997, 61);
    }
  }

  /** Splits of one or two bytes: a split can start inside the byte-order mark, a CRLF, or at a line's last byte. */
  @Test
  void tinySplitsLoseAndRepeatNoLine() throws IOException {
    Path p = write("tiny.tsv", utf8("\uFEFFa\tb\t1\r\nc\td\t2\n\ne\tf\t3\r\n\n"));
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV).withOnBadRecord(OnBadRecord.SKIP);
    assertSameAsDriver(p, o, 1, 2, 3);
    Path csv = write("tiny.csv", utf8("userId,movieId,rating\r\n\"a,1\",b,1\nc,d,2\r\n"));
    assertSameAsDriver(csv, ReaderOptions.defaults(RatingsFormat.CSV), 1, 2, 5);
  }

  @Test
  void splitsAreCutAtMostMaxBytesAndAtLeastMinPartitions() throws IOException {
    Path p = write("r.tsv", utf8(ratings(RatingsFormat.TSV, 1000, 3)));
    long size = Files.size(p);
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV);
    List<RatingChunk> one = TextReads.chunks(TextReads.spec(p.toString(), o, 1), 1L << 30);
    assertEquals(1, one.size());
    List<RatingChunk> five = TextReads.chunks(TextReads.spec(p.toString(), o, 5), 1L << 30);
    assertTrue(five.size() >= 5, "at least minPartitions splits: " + five.size());
    List<RatingChunk> small = TextReads.chunks(TextReads.spec(p.toString(), o, 1), 1000);
    assertEquals((size + 999) / 1000, small.size());
    for (int k = 0; k < small.size(); k++) assertEquals(k, small.get(k).report().split());
  }

  @Test
  void gzipFilesAndDirectoriesOfPartFiles() throws IOException {
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.CSV);
    write("parts/part-00000.csv", utf8(ratings(RatingsFormat.CSV, 200, 1)));
    write("parts/part-00001.csv.gz", gzip(utf8(ratings(RatingsFormat.CSV, 150, 2))));
    write("parts/part-00002.csv", new byte[0]);
    write("parts/part-00003.csv", utf8("userId,movieId,rating\n"));
    write("parts/part-00004.csv", utf8(ratings(RatingsFormat.CSV, 100, 4)));
    write("parts/_SUCCESS", new byte[0]);
    write("parts/.hidden", utf8("junk"));
    assertSameAsDriver(dir.resolve("parts"), o, 1L << 30, 300, 13);
    Path gz = write("one.tsv.gz", gzip(utf8(ratings(RatingsFormat.TSV, 500, 5))));
    assertSameAsDriver(gz, ReaderOptions.defaults(RatingsFormat.TSV), 1L << 30, 10);
  }

  /** Bad lines, blank lines in the middle (spanning split ends), an over-long line, bad UTF-8: same skips. */
  @Test
  void skipModeCountsTheSameRecordsWithTheSameExamples() throws IOException {
    String good = ratings(RatingsFormat.TSV, 120, 7);
    String[] lines = good.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < lines.length - 1; k++) {
      sb.append(lines[k]).append('\n');
      if (k % 17 == 5) sb.append("u1\ti1\tnot-a-number\n");
      if (k % 29 == 3) sb.append("\n  \n\r\n");
      if (k == 60) sb.append("x".repeat(300)).append('\n');
      if (k == 90) sb.append("u\u00e9\ti\t3\n");
    }
    sb.append("\n\n");
    byte[] content = utf8(sb.toString());
    content[content.length - 200] = (byte) 0xff; // invalid UTF-8 near the end
    Path p = write("bad.tsv", content);
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV).withOnBadRecord(OnBadRecord.SKIP)
        .withMaxLineLength(200);
    TextReads.Read want = TextReads.driver(p.toString(), o);
    assertTrue(want.skipped() > 10, "the corpus has bad lines: " + want.skipped());
    assertSameAsDriver(p, o, SPLIT_SIZES);
  }

  private static String driverMessage(Path p, ReaderOptions o) {
    return assertThrows(BadInputException.class, () -> TextReads.driver(p.toString(), o)).getMessage();
  }

  private static String executorMessage(Path p, ReaderOptions o, long splitBytes) {
    return assertThrows(BadInputException.class,
        () -> TextReads.chunks(TextReads.spec(p.toString(), o, 2), splitBytes)).getMessage();
  }

  /** A bad line in a late split: the message through Spark names the line in the file, as the driver does. */
  @Test
  void failModeMessageThroughSparkEqualsTheDriverMessage() throws IOException {
    String good = ratings(RatingsFormat.DAT, 400, 11);
    int cut = good.indexOf('\n', good.length() * 3 / 4) + 1;
    Path p = write("late.dat", utf8(good.substring(0, cut) + "u1::i1::5::x\n" + good.substring(cut)));
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.DAT);
    String want = driverMessage(p, o);
    assertTrue(want.matches(".*late\\.dat:\\d{3}: .*"), want);
    for (long s : new long[] {1L << 30, 1000, 50}) {
      assertEquals(want, executorMessage(p, o, s), "split size " + s);
    }
  }

  @Test
  void aBlankLineAtTheEndOfASplitIsBadWhenDataFollowsInALaterSplit() throws IOException {
    String a = "u1\ti1\t1\n";
    Path p = write("blank.tsv", utf8(a.repeat(10) + "\n\n\n\n\n\n" + a));
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV);
    String want = driverMessage(p, o);
    assertTrue(want.contains("blank.tsv:11: blank line in the middle of the file"), want);
    for (long s : new long[] {1L << 30, 82, 81, 80, 1}) {
      assertEquals(want, executorMessage(p, o, s), "split size " + s);
    }
  }

  @Test
  void csvHeaderProblemsAndCompressedDataFailEverySplitWithTheDriverMessage() throws IOException {
    ReaderOptions csv = ReaderOptions.defaults(RatingsFormat.CSV);
    Path noCol = write("nocol.csv", utf8("user,movieId,rating\n" + "1,2,3\n".repeat(50)));
    assertEquals(driverMessage(noCol, csv), executorMessage(noCol, csv, 16));
    Path blankFirst = write("blankfirst.csv", utf8("\n\nuserId,movieId,rating\n" + "1,2,3\n".repeat(50)));
    assertEquals(driverMessage(blankFirst, csv), executorMessage(blankFirst, csv, 16));
    ReaderOptions tsv = ReaderOptions.defaults(RatingsFormat.TSV);
    Path hidden = write("hidden.tsv", gzip(utf8("1\t2\t3\n".repeat(2000))));
    assertEquals(driverMessage(hidden, tsv), executorMessage(hidden, tsv, 64));
    Path empty = write("empty.tsv", new byte[0]);
    assertEquals(driverMessage(empty, tsv), executorMessage(empty, tsv, 64));
    Path missing = dir.resolve("missing.tsv");
    assertEquals(driverMessage(missing, tsv), executorMessage(missing, tsv, 64));
  }

  /**
   * Several bad splits: whichever task fails first, the error is the input's first problem in split order (the
   * driver reader's). A later split's task re-reads the earlier splits when it fails.
   */
  @Test
  void withSeveralBadSplitsTheErrorIsTheFirstOneOfTheInput() throws IOException {
    String good = "u1\ti1\t1\n".repeat(40);
    write("two/a.tsv", utf8(good + "u2\ti2\tbad-in-a\n" + good));
    write("two/b.tsv", utf8("u3\ti3\tbad-in-b\n" + good + "u4\ti4\tlater\n"));
    Path two = dir.resolve("two");
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV);
    String want = driverMessage(two, o);
    assertTrue(want.contains("a.tsv:41: rating 'bad-in-a'"), want);
    List<TextSplit> splits = TextSplit.plan(io.sparkmomentum.data.InputFiles.list(two.toString(), TextReads.CONF),
        1, 64);
    assertTrue(splits.size() > 4, "several splits: " + splits.size());
    SourceSpec spec = TextReads.spec(two.toString(), o, 1);
    int firstOfB = 0;
    while (!splits.get(firstOfB).display().endsWith("b.tsv")) firstOfB++;
    for (int k : new int[] {splits.size() - 1, firstOfB}) { // each holds a bad line of b.tsv
      BadInputException e = assertThrows(BadInputException.class,
          () -> SplitReader.ratings(splits, k, spec, TextReads.CONF));
      if (!e.getMessage().equals(want)) {
        assertTrue(false, "split " + k + " of " + splits.size() + ": " + e.getMessage());
      }
    }
    for (int round = 0; round < 3; round++) {
      assertEquals(want, executorMessage(two, o, 64));
    }
  }
}
