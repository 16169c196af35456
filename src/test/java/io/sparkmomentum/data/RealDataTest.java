package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the real MovieLens files in {@code shared/data} (skipped when absent, see {@link SharedData}). */
class RealDataTest {
  private static ReadResult read(Path p, ReaderOptions o, IdIndex users, IdIndex items) {
    return RatingsReader.read(p.toString(), o, users, items, true, TestFiles.CONF);
  }

  @Test
  void ml100kU1Base() {
    Path p = SharedData.file("ml-100k/u1.base");
    ReadResult r = read(p, ReaderOptions.defaults(RatingsFormat.TSV).withRatingRange(1, 5), new IdIndex(),
        new IdIndex());
    assertEquals(80_000, r.ratings().size);
    assertEquals(80_000, r.linesRead());
    assertEquals(1f, r.ratings().min());
    assertEquals(5f, r.ratings().max());
  }

  @Test
  void ml100kUData() {
    Path p = SharedData.file("ml-100k/u.data");
    IdIndex users = new IdIndex();
    IdIndex items = new IdIndex();
    ReadResult r = read(p, ReaderOptions.defaults(RatingsFormat.TSV).withRatingRange(1, 5), users, items);
    assertEquals(100_000, r.ratings().size);
    assertEquals(943, users.size());
    assertEquals(1682, items.size());
    assertEquals("196", users.raw(0)); // u.data starts with "196\t242\t3\t881250949"
    assertEquals("242", items.raw(0));
    // 1:6,110 2:11,370 3:27,145 4:34,174 5:21,201 (MANIFEST.md)
    double expectedMean = (6110 + 2 * 11370 + 3 * 27145 + 4 * 34174 + 5 * 21201) / 100_000.0;
    assertEquals(expectedMean, r.ratings().mean(), 1e-12);
  }

  @Test
  void ml100kTestAgainstTrainingIndex() {
    IdIndex users = new IdIndex();
    IdIndex items = new IdIndex();
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV);
    read(SharedData.file("ml-100k/u1.base"), o, users, items);
    int trainUsers = users.size();
    int trainItems = items.size();
    ReadResult test = RatingsReader.read(SharedData.file("ml-100k/u1.test").toString(), o, users, items, false,
        TestFiles.CONF);
    assertEquals(20_000, test.ratings().size);
    assertEquals(trainUsers, users.size());
    assertEquals(trainItems, items.size());
    long unknownItems = 0;
    for (int i : test.ratings().items) {
      unknownItems += i < 0 ? 1 : 0;
    }
    assertEquals(unknownItems, test.unknownItems());
    assertTrue(test.unknownItems() > 0, "u1.test has items that u1.base lacks");
  }

  @Test
  void mlLatestSmallCsv() {
    Path p = SharedData.file("ml-latest-small/ratings.csv");
    IdIndex users = new IdIndex();
    IdIndex items = new IdIndex();
    ReadResult r = read(p, ReaderOptions.defaults(RatingsFormat.CSV).withRatingRange(0.5, 5), users, items);
    assertEquals(100_836, r.ratings().size);
    assertEquals(100_837, r.linesRead());
    assertEquals(610, users.size());
    assertEquals(9_724, items.size());
    assertEquals(0.5f, r.ratings().min());
    assertEquals(5f, r.ratings().max());
  }

  @Test
  void ml1mSubsetGzippedDat() {
    Path p = SharedData.file("ml-1m-cs100-subset/ratings.dat.gz");
    IdIndex users = new IdIndex();
    IdIndex items = new IdIndex();
    ReadResult r = read(p, ReaderOptions.defaults(RatingsFormat.DAT).withRatingRange(1, 5), users, items);
    assertEquals(487_650, r.ratings().size);
    assertEquals(2_999, users.size());
    assertEquals(3_615, items.size());
    assertEquals("1", users.raw(0)); // first line 1::1193::5::978300760
    assertEquals("1193", items.raw(0));
    assertEquals(5f, r.ratings().ratings[0]);
  }
}
