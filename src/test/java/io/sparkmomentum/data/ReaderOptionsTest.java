package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReaderOptionsTest {
  @Test
  void formatNames() {
    assertEquals(RatingsFormat.TSV, RatingsFormat.parse("tsv"));
    assertEquals(RatingsFormat.DAT, RatingsFormat.parse(" DAT "));
    assertEquals(RatingsFormat.CSV, RatingsFormat.parse("Csv"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RatingsFormat.parse("parquet"));
    assertEquals("unknown ratings format 'parquet'; expected one of: tsv, dat, csv", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RatingsFormat.parse(null));
    assertThrows(IllegalArgumentException.class, () -> RatingsFormat.parse(""));
  }

  @Test
  void defaults() {
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.CSV);
    assertEquals("userId", o.userCol());
    assertEquals("movieId", o.itemCol());
    assertEquals("rating", o.ratingCol());
    assertEquals(-1e6, o.minRating());
    assertEquals(1e6, o.maxRating());
    assertEquals(OnBadRecord.FAIL, o.onBadRecord());
    assertEquals(1 << 20, o.maxLineLength());
  }

  @Test
  void validation() {
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.CSV);
    assertMessage(() -> o.withRatingRange(5, 1), "minRating 5.0 is greater than maxRating 1.0");
    assertMessage(() -> o.withRatingRange(Double.NEGATIVE_INFINITY, 1), "must be finite");
    assertMessage(() -> o.withRatingRange(0, Double.NaN), "must be finite");
    assertMessage(() -> o.withRatingRange(0, 1e39), "must fit in a float");
    assertMessage(() -> o.withMaxLineLength(0), "maxLineLength must be in [1, ");
    assertMessage(() -> o.withColumns("a", " ", "c"), "itemCol must be a non-empty column name");
    assertMessage(() -> o.withColumns("a", "a", "c"), "three different columns");
    assertEquals("a", o.withColumns(" a ", "b", "c").userCol());
    assertThrows(NullPointerException.class, () -> o.withOnBadRecord(null));
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
