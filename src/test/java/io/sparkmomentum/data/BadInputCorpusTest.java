package io.sparkmomentum.data;

import static io.sparkmomentum.data.TestFiles.bytes;
import static io.sparkmomentum.data.TestFiles.cat;
import static io.sparkmomentum.data.TestFiles.gzip;
import static io.sparkmomentum.data.TestFiles.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: each case is a file whose reading must fail with a {@link BadInputException} whose
 * file, line and message (reason with "expected", escaped snippet) are checked. Per-line cases are also read
 * in SKIP mode, where they must be counted with the same message as the first example; file-level cases
 * must fail in SKIP mode too, with the same message.
 */
public class BadInputCorpusTest {
  private static final String GOOD = "1\t10\t4\t881250949\n";
  private static final String CSV_HEADER = "userId,movieId,rating,timestamp\r\n";
  private static final String CSV_GOOD = "1,31,2.5,1260759144\r\n";
  private static final int ANY_LINE = -1;

  @TempDir
  Path dir;

  /** One corpus entry; {@code line} 0 = file-level, {@link #ANY_LINE} = some line >= 1. */
  public record Case(String name, RatingsFormat format, String file, byte[] content, UnaryOperator<ReaderOptions> opts,
              long line, boolean perLine, String... fragments) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case line(String name, RatingsFormat f, String content, long line, String... fragments) {
    return new Case(name, f, "ratings." + f.id(), utf8(content), o -> o, line, true, fragments);
  }

  private static Case line(String name, RatingsFormat f, byte[] content, long line, String... fragments) {
    return new Case(name, f, "ratings." + f.id(), content, o -> o, line, true, fragments);
  }

  private static Case file(String name, RatingsFormat f, String file, byte[] content, long line, String... fragments) {
    return new Case(name, f, file, content, o -> o, line, false, fragments);
  }

  private static Case withOpts(Case c, UnaryOperator<ReaderOptions> opts) {
    return new Case(c.name, c.format, c.file, c.content, opts, c.line, c.perLine, c.fragments);
  }

  /** Public: the executor-side readers ({@code data.source.SplitCorpusTest}) run the same corpus. */
  public static Stream<Case> corpus() {
    RatingsFormat tsv = RatingsFormat.TSV;
    RatingsFormat dat = RatingsFormat.DAT;
    RatingsFormat csv = RatingsFormat.CSV;
    String range = "[-1000000.0, 1000000.0]";
    byte[] bigGzip = gzip(utf8(GOOD.repeat(20_000)));
    return Stream.of(
        // ---- field count and delimiters
        line("tsv: 2 fields", tsv, GOOD + "2\t20\n", 2,
            "expected 3 or 4 tab-separated fields (user, item, rating[, timestamp]), found 2", "text: \"2\\t20\""),
        line("tsv: 5 fields", tsv, GOOD + "2\t20\t3\t5\t6\n", 2, "tab-separated fields", "found 5"),
        line("csv read as tsv", tsv, CSV_HEADER + CSV_GOOD, 1, "expected 3 or 4 tab-separated fields (user, item,"
            + " rating[, timestamp]), found 1; is the delimiter right? the line contains ','",
            "text: \"userId,movieId,rating,timestamp\""),
        line("dat read as tsv", tsv, "1::1193::5::978300760\n", 1, "found 1; is the delimiter right? the line "
            + "contains '::'", "1::1193::5::978300760"),
        line("tsv read as dat", dat, GOOD, 1, "expected 3 or 4 '::'-separated fields", "found 1; is the delimiter"
            + " right? the line contains '\\t'", "text: \"1\\t10\\t4\\t881250949\""),
        line("space-separated read as tsv", tsv, GOOD + "2 20 3\n", 2, "found 1; is the delimiter right? the line"
            + " contains ' '", "\"2 20 3\""),
        line("csv: semicolons in a data line", csv, CSV_HEADER + "1;31;2.5;1260759144\r\n" + CSV_GOOD, 2,
            "expected 4 comma-separated fields as in the header (userId,movieId,rating,timestamp), found 1; is the"
            + " delimiter right? the line contains ';'", "1;31;2.5"),
        line("csv: too few fields", csv, CSV_HEADER + "1,31\r\n" + CSV_GOOD, 2,
            "expected 4 comma-separated fields as in the header", "found 2", "text: \"1,31\""),
        // ---- ratings
        line("non-numeric rating", tsv, GOOD + "2\t20\tabc\n", 2,
            "rating 'abc' in field 3 is not a number; expected a decimal number in " + range, "\"2\\t20\\tabc\""),
        line("decimal comma", tsv, GOOD + "2\t20\t3,5\n", 2, "rating '3,5' in field 3 is not a number"),
        line("java float suffix", tsv, GOOD + "2\t20\t4f\n", 2, "rating '4f' in field 3 is not a number"),
        line("hex float", tsv, GOOD + "2\t20\t0x1p2\n", 2, "rating '0x1p2' in field 3 is not a number"),
        line("NaN rating", tsv, GOOD + "2\t20\tNaN\n", 2,
            "rating 'NaN' in field 3 is not finite; expected a finite number in " + range),
        line("-Infinity rating", dat, "1::10::4\n2::20::-Infinity::5\n", 2,
            "rating '-Infinity' in field 3 is not finite", "\"2::20::-Infinity::5\""),
        line("overflowing rating", tsv, GOOD + "2\t20\t1e999\n", 2,
            "rating '1e999' in field 3 overflows to infinity; expected a finite number"),
        withOpts(line("rating above max", tsv, GOOD + "2\t20\t5.5\n", 2, "rating '5.5' in field 3 is out of range;"
            + " expected a number in [0.5, 5.0] (data.min_rating, data.max_rating)"), o -> o.withRatingRange(0.5, 5)),
        withOpts(line("rating below min", tsv, GOOD + "2\t20\t0\n", 2, "rating '0' in field 3 is out of range"),
            o -> o.withRatingRange(0.5, 5)),
        line("empty rating", tsv, GOOD + "2\t20\t\t881250949\n", 2,
            "empty rating in field 3; expected a number in " + range),
        line("csv: bad rating in a named column", csv, "movieId,userId,timestamp,rating\n5,1,99,five\n6,1,99,4\n", 2,
            "rating 'five' in field 4 (rating) is not a number"),
        // ---- ids and timestamps
        line("empty user", tsv, GOOD + "\t20\t3\n", 2, "empty user id in field 1; expected a non-empty user id",
            "\"\\t20\\t3\""),
        line("blank item", tsv, GOOD + "2\t  \t3\n", 2, "empty item id in field 2; expected a non-empty item id"),
        line("dat: empty item", dat, "1::10::4\n1::::5\n", 2, "empty item id in field 2"),
        line("csv: empty quoted user", csv, CSV_HEADER + "\"\",31,2.5,9\r\n" + CSV_GOOD, 2,
            "empty user id in field 1 (userId); expected a non-empty user id"),
        line("bad timestamp", tsv, GOOD + "2\t20\t3\tyesterday\n", 2,
            "timestamp 'yesterday' is not an integer in field 4; expected an integer timestamp, or no field 4"),
        line("dat: trailing separator", dat, "1::10::4::5\n1::10::4::\n", 2, "empty timestamp in field 4"),
        // ---- blank and huge lines
        line("blank line in the middle", tsv, GOOD + "\n" + GOOD, 2,
            "blank line in the middle of the file; expected a rating line", "text: \"\""),
        line("whitespace line in the middle", tsv, GOOD + " \t \r\n" + GOOD, 2, "blank line in the middle"),
        withOpts(line("huge line", tsv, GOOD + "x".repeat(10_000) + "\n" + GOOD, 2,
            "line is longer than maxLineLength=64 bytes; expected a rating line", "text: \"" + "x".repeat(80) + "...\""),
            o -> o.withMaxLineLength(64)),
        // ---- bytes that are not text
        line("NUL byte", tsv, GOOD + "2\t2\0\t3\n", 2, "NUL byte (\\0) at byte 4; expected UTF-8 text",
            "text: \"2\\t2\\0\\t3\""),
        line("invalid UTF-8 (Latin-1)", tsv, cat(utf8(GOOD), bytes('c', 'a', 'f', 0xE9, '\t', '2', '\t', '3', '\n')), 2,
            "invalid UTF-8: byte 0xE9 at byte 4 is not part of a valid UTF-8 sequence; expected UTF-8 text",
            "text: \"caf\\xE9\\t2\\t3\""),
        line("binary garbage", tsv, cat(utf8(GOOD), bytes(0x01, 0x02, 0xFE, 0xFF, 0x7F, '\n')), 2,
            "control character \\x01 at byte 1; expected printable UTF-8 text", "text: \"\\x01\\x02\\xFE\\xFF\\x7F\""),
        line("DEL character", tsv, GOOD + "2\t20\u007f\t3\n", 2, "control character \\x7F at byte 5"),
        line("C1 control character", tsv, GOOD + "2\t2\u0085\t3\n", 2, "control character U+0085 at character 4",
            "text: \"2\\t2\\x85\\t3\""),
        line("byte-order mark in the middle", tsv, GOOD + "\uFEFF2\t20\t3\n", 2,
            "byte-order mark (U+FEFF) at character 1; expected it only at the start of a file", "\\uFEFF2"),
        line("CR-only line endings", tsv, "1\t10\t4\r2\t20\t3\r", 1,
            "carriage return (\\r) inside the line at byte 7; expected \\n or \\r\\n line endings", "\"1\\t10\\t4\\r2"),
        file("gzip data without .gz", tsv, "ratings.tsv", gzip(utf8(GOOD)), 0,
            "the file looks like gzip-compressed data, but its name does not end in .gz; expected plain UTF-8 TSV"
            + " text", "text: \"\\x1F\\x8B"),
        file("UTF-16 text", tsv, "ratings.tsv", cat(bytes(0xFF, 0xFE), GOOD.getBytes(StandardCharsets.UTF_16LE)), 0,
            "UTF-16 text (byte-order mark FF FE); re-encode it as UTF-8", "text: \"\\xFF\\xFE1\\0"),
        file("zip archive", csv, "ratings.csv", bytes('P', 'K', 3, 4, 20, 0, 0, 0), 0, "a ZIP archive (unzip it first)"),
        // ---- gzip
        file("empty .gz", tsv, "ratings.tsv.gz", new byte[0], 0,
            "not a valid gzip file (the file is empty or truncated); expected gzip-compressed text"),
        file("plain text named .gz", tsv, "ratings.tsv.gz", utf8(GOOD), 0, "not a valid gzip file (Not in GZIP"),
        file("truncated gzip", tsv, "ratings.tsv.gz", Arrays.copyOf(bigGzip, bigGzip.length / 2), ANY_LINE,
            "read error", "(the gzip data is truncated or corrupt); expected a complete, readable file"),
        new Case("bad line inside .gz", tsv, "ratings.tsv.gz", gzip(utf8(GOOD + GOOD + "1\t1\tbad\n")), o -> o, 3,
            true, "rating 'bad' in field 3 is not a number"),
        // ---- CSV headers (file-level, even in SKIP mode)
        file("csv: header misses a column", csv, "ratings.csv", utf8("userId,movieId,score\n1,2,3\n"), 1,
            "CSV header has no column 'rating'; expected a header naming the columns userId, movieId, rating",
            "header found: userId,movieId,score"),
        file("csv: no header row", csv, "ratings.csv", utf8(CSV_GOOD + CSV_GOOD), 1,
            "CSV header has no columns 'userId', 'movieId', 'rating'", "the first line looks like data: CSV input "
            + "needs a header row", "header found: 1,31,2.5,1260759144"),
        file("csv: column name case", csv, "ratings.csv", utf8("userid,movieId,rating\n1,2,3\n"), 1,
            "no column 'userId'", "did you mean 'userid'?"),
        file("tsv read as csv", csv, "ratings.csv", utf8(GOOD), 1, "CSV header has no columns",
            "is the delimiter right? the line contains '\\t'", "text: \"1\\t10\\t4\\t881250949\""),
        file("csv: duplicate column", csv, "ratings.csv", utf8("userId,movieId,rating,rating\n1,2,3,4\n"), 1,
            "CSV header has column 'rating' more than once (fields 3 and 4); expected each of userId, movieId, "
            + "rating exactly once"),
        file("csv: blank line before header", csv, "ratings.csv", utf8("\n" + CSV_HEADER + CSV_GOOD), 1,
            "blank line before the CSV header; expected the header on line 1"),
        file("csv: binary header", csv, "ratings.csv", cat(bytes(0x00, 0x01), utf8(",x\n" + CSV_GOOD)), 1,
            "cannot read the CSV header: NUL byte (\\0) at byte 1", "text: \"\\0\\x01,x\""),
        // ---- CSV quoting
        line("csv: unterminated quote", csv, CSV_HEADER + "1,\"Heat, 1995,2.5,9\r\n" + CSV_GOOD, 2,
            "unterminated quoted field 2; expected a closing '\"' on the same line", "text: \"1,\"Heat, 1995,2.5,9\""),
        line("csv: stray quote", csv, CSV_HEADER + "1,ab\"c,2.5,9\r\n" + CSV_GOOD, 2,
            "stray '\"' inside unquoted field 2; expected the whole field in double quotes"),
        line("csv: text after closing quote", csv, CSV_HEADER + "1,\"ab\"c,2.5,9\r\n" + CSV_GOOD, 2,
            "unexpected 'c' after the closing quote of field 2; expected ',' or the end of the line"),
        // ---- no ratings at all (file-level, even in SKIP mode)
        file("empty file", tsv, "ratings.tsv", new byte[0], 0,
            "no ratings in ", "(the file is empty); expected at least one TSV rating line"),
        file("only blank lines", dat, "ratings.dat", utf8("\n\r\n  \n"), 0, "no ratings in ", "(only blank lines)"),
        file("csv: header only", csv, "ratings.csv", utf8(CSV_HEADER), 0, "no ratings in ", "(only a header)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badInputFailsWithAClearMessage(Case c) {
    Path p = TestFiles.write(dir, c.file, c.content);
    ReaderOptions opts = c.opts.apply(ReaderOptions.defaults(c.format));
    BadInputException e = assertThrows(BadInputException.class, () -> TestFiles.read(p, opts));
    String msg = e.getMessage();
    assertEquals(p.toString(), e.file(), msg);
    if (c.line == ANY_LINE) {
      assertTrue(e.line() >= 1, msg);
    } else {
      assertEquals(c.line, e.line(), msg);
    }
    String where = p + (e.line() > 0 ? ":" + e.line() : "") + ": ";
    assertTrue(msg.startsWith(where), () -> "message should start with [" + where + "]: " + msg);
    assertTrue(msg.contains("expected"), () -> "message should say what was expected: " + msg);
    assertContainsAll(msg, c.fragments);

    ReaderOptions skip = opts.withOnBadRecord(OnBadRecord.SKIP);
    if (!c.perLine) {
      BadInputException again = assertThrows(BadInputException.class, () -> TestFiles.read(p, skip));
      assertEquals(msg, again.getMessage(), "file-level problems fail in SKIP mode too");
      return;
    }
    try {
      ReadResult r = TestFiles.read(p, skip);
      assertTrue(r.skipped() >= 1, r::summary);
      assertTrue(r.ratings().size >= 1, r::summary);
      assertEquals(msg, r.skippedExamples().get(0), "the first skip example is the FAIL-mode message");
    } catch (BadInputException noRatings) { // every line was bad: still an error, quoting the first example
      assertEquals(0, noRatings.line());
      assertContainsAll(noRatings.getMessage(), "no ratings in " + p, "were bad and skipped; first: " + msg);
    }
  }

  static void assertContainsAll(String msg, String... fragments) {
    for (String f : fragments) {
      assertTrue(msg.contains(f), () -> "message lacks [" + f + "]:\n" + msg);
    }
  }

  @org.junit.jupiter.api.Test
  void corpusIsLargeEnough() {
    List<Case> all = corpus().toList();
    assertTrue(all.size() >= 25, "at least 25 cases, got " + all.size());
    assertEquals(all.size(), all.stream().map(Case::name).distinct().count(), "case names are unique");
  }
}
