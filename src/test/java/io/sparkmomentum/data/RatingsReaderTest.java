package io.sparkmomentum.data;

import static io.sparkmomentum.data.TestFiles.bytes;
import static io.sparkmomentum.data.TestFiles.cat;
import static io.sparkmomentum.data.TestFiles.gzip;
import static io.sparkmomentum.data.TestFiles.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid input in all its accepted shapes. */
class RatingsReaderTest {
  @TempDir
  Path dir;

  private static void assertRatings(ReadResult r, int[] users, int[] items, float[] ratings) {
    assertArrayEquals(users, r.ratings().users, "users");
    assertArrayEquals(items, r.ratings().items, "items");
    assertArrayEquals(ratings, r.ratings().ratings, "ratings");
    assertEquals(users.length, r.ratings().size);
  }

  @Test
  void tsvWithAndWithoutTimestamps() {
    Path p = TestFiles.write(dir, "u.data", "196\t242\t3\t881250949\n186\t302\t3\n196\t377\t1\t878887116\n");
    IdIndex users = new IdIndex();
    IdIndex items = new IdIndex();
    ReadResult r = RatingsReader.read(p.toString(), ReaderOptions.defaults(RatingsFormat.TSV), users, items,
        true, TestFiles.CONF);
    assertRatings(r, new int[] {0, 1, 0}, new int[] {0, 1, 2}, new float[] {3, 3, 1});
    assertEquals(List.of("196", "186"), users.rawIds());
    assertEquals(List.of("242", "302", "377"), items.rawIds());
    assertEquals(3, r.linesRead());
    assertEquals(0, r.skipped());
    assertEquals(List.of(), r.skippedExamples());
  }

  @Test
  void crlfBomTrailingBlankLinesAndNoFinalNewline() {
    Path crlf = TestFiles.write(dir, "crlf.tsv", cat(bytes(0xEF, 0xBB, 0xBF), utf8("1\t2\t3\r\n4\t5\t6\r\n\r\n \t\n\n")));
    ReadResult r = TestFiles.read(crlf, RatingsFormat.TSV);
    assertRatings(r, new int[] {0, 1}, new int[] {0, 1}, new float[] {3, 6});
    assertEquals(5, r.linesRead());
    Path noFinal = TestFiles.write(dir, "nofinal.tsv", "1\t2\t3\n4\t5\t6");
    assertRatings(TestFiles.read(noFinal, RatingsFormat.TSV), new int[] {0, 1}, new int[] {0, 1}, new float[] {3, 6});
  }

  @Test
  void idsAreTrimmedAndMayBeAnyText() {
    Path p = TestFiles.write(dir, "ids.tsv", " alice \tThe Matrix (1999)\t4.5\nbob\t  Amélie\t-0\nalice\tAmélie\t 2 \n");
    IdIndex users = new IdIndex();
    IdIndex items = new IdIndex();
    ReadResult r = RatingsReader.read(p.toString(), ReaderOptions.defaults(RatingsFormat.TSV), users, items);
    assertEquals(List.of("alice", "bob"), users.rawIds());
    assertEquals(List.of("The Matrix (1999)", "Amélie"), items.rawIds());
    assertRatings(r, new int[] {0, 1, 0}, new int[] {0, 1, 1}, new float[] {4.5f, -0f, 2f});
  }

  @Test
  void datFormat() {
    Path p = TestFiles.write(dir, "ratings.dat", "1::1193::5::978300760\r\n1::661::3::978302109\r\n2::1193::4\r\n");
    ReadResult r = TestFiles.read(p, RatingsFormat.DAT);
    assertRatings(r, new int[] {0, 0, 1}, new int[] {0, 1, 0}, new float[] {5, 3, 4});
  }

  @Test
  void csvWithHeaderCrlfBomAndExtraColumns() {
    Path p = TestFiles.write(dir, "ratings.csv", cat(bytes(0xEF, 0xBB, 0xBF),
        utf8("userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,4.0,964981247\r\n2,1,0.5,1\r\n")));
    ReadResult r = TestFiles.read(p, RatingsFormat.CSV);
    assertRatings(r, new int[] {0, 0, 1}, new int[] {0, 1, 0}, new float[] {4, 4, 0.5f});
    assertEquals(4, r.linesRead());
  }

  @Test
  void csvColumnsByNameInAnyOrder() {
    Path p = TestFiles.write(dir, "r.csv", "ts,score,item,who,note\n9,3.5,i1,u1,x\n9,5,i2,u1,\n");
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.CSV).withColumns("who", "item", "score");
    IdIndex users = new IdIndex();
    IdIndex items = new IdIndex();
    ReadResult r = RatingsReader.read(p.toString(), o, users, items);
    assertRatings(r, new int[] {0, 0}, new int[] {0, 1}, new float[] {3.5f, 5});
    assertEquals(List.of("i1", "i2"), items.rawIds());
  }

  @Test
  void csvQuotedFieldsWithCommasAndDoubledQuotes() {
    Path p = TestFiles.write(dir, "q.csv", "\"userId\",movieId,\"rating\",title\n"
        + "\"Smith, J.\",\"Heat, 1995\",\"4\",\"He said \"\"hi\"\", then left\"\n"
        + "u2,\"The \"\"Best\"\" Movie\",3.5,\n"
        + "\"\"\"q\"\"\",x,1,\"\"\n");
    IdIndex users = new IdIndex();
    IdIndex items = new IdIndex();
    ReadResult r = RatingsReader.read(p.toString(), ReaderOptions.defaults(RatingsFormat.CSV), users, items);
    assertEquals(List.of("Smith, J.", "u2", "\"q\""), users.rawIds());
    assertEquals(List.of("Heat, 1995", "The \"Best\" Movie", "x"), items.rawIds());
    assertArrayEquals(new float[] {4, 3.5f, 1}, r.ratings().ratings);
  }

  @Test
  void gzipFileAndMultiMemberGzip() {
    Path p = TestFiles.write(dir, "u.data.gz", gzip(utf8("1\t2\t3\n4\t5\t6\n")));
    assertRatings(TestFiles.read(p, RatingsFormat.TSV), new int[] {0, 1}, new int[] {0, 1}, new float[] {3, 6});
    Path multi = TestFiles.write(dir, "multi.tsv.gz", cat(gzip(utf8("1\t2\t3\n")), gzip(utf8("4\t5\t6\n"))));
    assertEquals(2, TestFiles.read(multi, RatingsFormat.TSV).ratings().size);
  }

  @Test
  void directoryOfPartFilesInNameOrder() throws Exception {
    Path d = Files.createDirectory(dir.resolve("out"));
    TestFiles.write(d, "part-00001.gz", gzip(utf8("userId,movieId,rating\nc,z,3\n")));
    TestFiles.write(d, "part-00000", "userId,movieId,rating\r\na,x,1\r\nb,y,2\r\n");
    TestFiles.write(d, "part-00002", ""); // an empty partition
    TestFiles.write(d, "_SUCCESS", "");
    TestFiles.write(d, ".part-00000.crc", "garbage");
    TestFiles.write(d, "_temporary/0/part-00009", "garbage");
    IdIndex users = new IdIndex();
    ReadResult r = RatingsReader.read(d.toString(), ReaderOptions.defaults(RatingsFormat.CSV), users, new IdIndex());
    assertEquals(List.of("a", "b", "c"), users.rawIds());
    assertArrayEquals(new float[] {1, 2, 3}, r.ratings().ratings);
    assertEquals(5, r.linesRead());
    ReadResult viaUri = RatingsReader.read("file://" + d + "/", ReaderOptions.defaults(RatingsFormat.CSV),
        new IdIndex(), new IdIndex());
    assertArrayEquals(r.ratings().ratings, viaUri.ratings().ratings);
  }

  @Test
  void idIndexIsDeterministicAndGrowsAcrossReads() {
    Path a = TestFiles.write(dir, "a.tsv", "u3\ti1\t1\nu1\ti2\t2\nu3\ti2\t3\n");
    Path b = TestFiles.write(dir, "b.tsv", "u2\ti2\t4\nu1\ti3\t5\n");
    IdIndex users1 = new IdIndex();
    IdIndex items1 = new IdIndex();
    IdIndex users2 = new IdIndex();
    IdIndex items2 = new IdIndex();
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV);
    ReadResult r1 = RatingsReader.read(a.toString(), o, users1, items1);
    ReadResult r2 = RatingsReader.read(a.toString(), o, users2, items2);
    assertEquals(users1, users2);
    assertArrayEquals(r1.ratings().users, r2.ratings().users);
    ReadResult rb = RatingsReader.read(b.toString(), o, users1, items1);
    assertEquals(List.of("u3", "u1", "u2"), users1.rawIds());
    assertArrayEquals(new int[] {2, 1}, rb.ratings().users);
    assertArrayEquals(new int[] {1, 2}, rb.ratings().items);
  }

  @Test
  void growIndexFalseMarksUnknownIdsAndCountsThem() {
    Path train = TestFiles.write(dir, "train.tsv", "u1\ti1\t1\nu2\ti2\t2\n");
    Path test = TestFiles.write(dir, "test.tsv", "u1\ti2\t3\nu9\ti1\t4\nu2\ti9\t5\nu8\ti8\t1\n");
    IdIndex users = new IdIndex();
    IdIndex items = new IdIndex();
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV);
    RatingsReader.read(train.toString(), o, users, items);
    ReadResult r = RatingsReader.read(test.toString(), o, users, items, false, TestFiles.CONF);
    assertRatings(r, new int[] {0, -1, 1, -1}, new int[] {1, 0, -1, -1}, new float[] {3, 4, 5, 1});
    assertEquals(2, r.unknownUsers());
    assertEquals(2, r.unknownItems());
    assertEquals(3, r.ratings().countUnknown());
    assertEquals(2, users.size(), "the index does not grow");
    assertEquals(2, items.size());
    assertTrue(r.summary().contains("2 with unknown user, 2 with unknown item"), r.summary());
  }

  @Test
  void failedReadLeavesTheIndicesAsTheyWere() {
    Path p = TestFiles.write(dir, "bad.tsv", "new1\tx1\t1\nnew2\tx2\t2\nnew3\tx3\tbad\n");
    IdIndex users = IdIndex.of(List.of("old"));
    IdIndex items = new IdIndex();
    assertThrows(BadInputException.class,
        () -> RatingsReader.read(p.toString(), ReaderOptions.defaults(RatingsFormat.TSV), users, items));
    assertEquals(List.of("old"), users.rawIds());
    assertEquals(0, items.size());
    assertEquals(-1, users.lookup("new1"));
  }

  @Test
  void skipModeCountsAndKeepsTheFirstFiveExamples() {
    StringBuilder sb = new StringBuilder("1\t1\t1\n");
    for (int k = 0; k < 7; k++) {
      sb.append("bad line ").append(k).append('\n');
    }
    sb.append("\n\n"); // a blank run in the middle: two more bad records
    sb.append("2\t2\t2\n").append("x".repeat(200)).append("\n3\t3\t3\n\n");
    Path p = TestFiles.write(dir, "mixed.tsv", sb.toString());
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV).withOnBadRecord(OnBadRecord.SKIP)
        .withMaxLineLength(100);
    ReadResult r = TestFiles.read(p, o);
    assertArrayEquals(new float[] {1, 2, 3}, r.ratings().ratings);
    assertEquals(10, r.skipped(), r.summary());
    assertEquals(14, r.linesRead());
    assertEquals(5, r.skippedExamples().size());
    for (int k = 0; k < 5; k++) {
      String ex = r.skippedExamples().get(k);
      assertTrue(ex.startsWith(p + ":" + (k + 2) + ": expected 3 or 4 tab-separated fields"), ex);
      assertTrue(ex.contains("text: \"bad line " + k + "\""), ex);
    }
    assertTrue(r.summary().contains("10 bad lines skipped"), r.summary());
  }

  @Test
  void lineExactlyAtTheLimitIsAccepted() {
    String line = "u\ti\t" + "1".repeat(10); // 14 bytes
    Path p = TestFiles.write(dir, "limit.tsv", line + "\r\n" + line);
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV).withMaxLineLength(14).withRatingRange(0, 1e10);
    assertEquals(2, TestFiles.read(p, o).ratings().size);
    BadInputException e = assertThrows(BadInputException.class, () -> TestFiles.read(p, o.withMaxLineLength(13)));
    assertEquals(1, e.line());
  }

  @Test
  void ratingsAreParsedExactlyLikeDoubleParseDouble() {
    String[] texts = {"4", "3.5", "0.1", "-2.25", "+1", "5.", ".5", "1e0", "2.5E-1", "0.30000000000000004",
        "123456789012345.6", "-0", "1e-320"};
    StringBuilder sb = new StringBuilder();
    for (String t : texts) {
      sb.append("u\ti\t").append(t).append('\n');
    }
    Path p = TestFiles.write(dir, "nums.tsv", sb.toString());
    ReaderOptions wide = ReaderOptions.defaults(RatingsFormat.TSV).withRatingRange(-1e20, 1e20);
    float[] got = TestFiles.read(p, wide).ratings().ratings;
    for (int k = 0; k < texts.length; k++) {
      assertEquals((float) Double.parseDouble(texts[k]), got[k], texts[k]);
    }
    java.util.Random rnd = new java.util.Random(7);
    for (int k = 0; k < 100_000; k++) {
      String t = (rnd.nextBoolean() ? "-" : "") + rnd.nextInt(1_000_000) + "." + rnd.nextInt(100_000_000);
      assertEquals(Double.parseDouble(t), RecordParser.parseDecimal(t, 0, t.length()), t);
    }
  }
}
