package io.sparkmomentum.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.BadInputCorpusTest;
import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.OnBadRecord;
import io.sparkmomentum.data.ReaderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The driver reader's bad-input corpus ({@link BadInputCorpusTest}), read on the executors in one split and in
 * several: in FAIL mode the message is the driver reader's, character for character (the line in the file
 * included); in SKIP mode the records, the skip count and the examples are the driver reader's. Input with no
 * rating at all is the one departure: the executors return empty chunks (the caller sees no records), since no
 * single task can tell.
 */
class SplitCorpusTest {
  @TempDir
  Path dir;

  static Stream<BadInputCorpusTest.Case> corpus() {
    return BadInputCorpusTest.corpus();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void executorsReportWhatTheDriverReaderReports(BadInputCorpusTest.Case c) throws IOException {
    Path p = dir.resolve(c.file());
    Files.write(p, c.content());
    long size = Files.size(p);
    long[] splits = {1L << 30, Math.max(16, size / 5)};
    ReaderOptions fail = c.opts().apply(ReaderOptions.defaults(c.format()));
    String want = assertThrows(BadInputException.class, () -> TextReads.driver(p.toString(), fail)).getMessage();
    boolean noRatings = want.startsWith(p + ": no ratings in ");
    for (long s : splits) {
      SourceSpec spec = TextReads.spec(p.toString(), fail, 1);
      if (noRatings && size > 0) {
        try {
          List<RatingChunk> cs = TextReads.chunks(spec, s);
          assertEquals(0, cs.stream().mapToInt(RatingChunk::size).sum(), "no ratings: " + want);
        } catch (BadInputException e) { // a bad line in FAIL mode comes first
          assertTrue(want.contains("were bad and skipped; first: ") || !want.contains("no ratings"), e.getMessage());
        }
      } else {
        assertEquals(want, assertThrows(BadInputException.class, () -> TextReads.chunks(spec, s)).getMessage(),
            "split size " + s);
      }
    }
    if (!c.perLine()) return;
    ReaderOptions skip = fail.withOnBadRecord(OnBadRecord.SKIP);
    TextReads.Read driver;
    try {
      driver = TextReads.driver(p.toString(), skip);
    } catch (BadInputException allBad) {
      for (long s : splits) {
        TextReads.Read got = TextReads.executors(TextReads.spec(p.toString(), skip, 1), s);
        assertEquals(0, got.records().size());
        assertTrue(allBad.getMessage().contains("first: " + got.examples().get(0)), allBad.getMessage());
      }
      return;
    }
    for (long s : splits) {
      assertEquals(driver, TextReads.executors(TextReads.spec(p.toString(), skip, 1), s), "split size " + s);
    }
  }
}
