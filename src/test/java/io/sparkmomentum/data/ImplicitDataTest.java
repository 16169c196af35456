package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.ImplicitRuns;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Implicit feedback through the real readers: {@code data.positive_threshold} keeps the ratings at or above it as
 * events of label 1 in training and test alike (users and items without a positive are not indexed), and
 * {@code data.duplicates} keeps each event or sums a pair's events into its count.
 */
class ImplicitDataTest {
  @TempDir
  Path dir;

  static final String TRAIN = "1\t10\t5\n1\t11\t3\n1\t10\t4\n2\t10\t4\n2\t12\t2\n3\t12\t1\n4\t13\t4.5\n";
  static final String TEST = "1\t11\t5\n2\t13\t4\n2\t10\t2\n3\t12\t5\n";

  DataConfig config(String duplicates, double threshold) throws Exception {
    Files.writeString(dir.resolve("train.tsv"), TRAIN);
    Files.writeString(dir.resolve("test.tsv"), TEST);
    return new DataConfig(dir.resolve("train.tsv").toString(), dir.resolve("test.tsv").toString(), "tsv", "userId",
        "movieId", "rating", 0, 0, 1000, "fail", ",", "", "", 0, duplicates, 0, threshold, 0);
  }

  static List<String> pairs(TrainingRatings d, RatingColumns c) {
    List<String> out = new ArrayList<>();
    for (int x = 0; x < c.size(); x++) {
      String u = c.users()[x] < 0 ? "?" : d.users().raw(c.users()[x]);
      String i = c.items()[x] < 0 ? "?" : d.items().raw(c.items()[x]);
      out.add(u + "," + i + "=" + c.ratings()[x]);
    }
    out.sort(null);
    return out;
  }

  @Test
  void aThresholdKeepsThePositivesAsEventsInTrainingAndTest() throws Exception {
    TrainingRatings d = TrainingRatings.load(SparkTestSession.get(), config("keep", 4), 1, 2);
    try {
      assertEquals(List.of("1,10=1.0", "1,10=1.0", "2,10=1.0", "4,13=1.0"), pairs(d, ImplicitRuns.collect(
          d.trainBlocks())), "ratings >= 4, each an event of label 1; the pair (1, 10) twice");
      assertEquals(List.of("1", "2", "4"), d.users().rawIds(), "user 3 has no positive");
      assertEquals(List.of("10", "13"), d.items().rawIds(), "items 11 and 12 have none");
      assertEquals(List.of("1,?=1.0", "2,13=1.0", "?,?=1.0"), pairs(d, ImplicitRuns.collect(d.testBlocks())),
          "the test positives, against the training ids");
      assertEquals(1L, d.summary().get("duplicates"));
    } finally {
      d.unpersist();
    }
  }

  @Test
  void sumTurnsAPairsEventsIntoItsCount() throws Exception {
    TrainingRatings d = TrainingRatings.load(SparkTestSession.get(), config("sum", 4), 1, 2);
    try {
      assertEquals(List.of("1,10=2.0", "2,10=1.0", "4,13=1.0"), pairs(d, ImplicitRuns.collect(d.trainBlocks())));
    } finally {
      d.unpersist();
    }
    TrainingRatings counts = TrainingRatings.load(SparkTestSession.get(), config("sum", 0), 1, 2);
    try {
      assertEquals(List.of("1,10=9.0", "1,11=3.0", "2,10=4.0", "2,12=2.0", "3,12=1.0", "4,13=4.5"),
          pairs(counts, ImplicitRuns.collect(counts.trainBlocks())), "no threshold: labels are counts, summed");
    } finally {
      counts.unpersist();
    }
  }

  @Test
  void aThresholdNoRatingReachesIsRefused() throws Exception {
    BadInputException e = assertThrows(BadInputException.class,
        () -> TrainingRatings.load(SparkTestSession.get(), config("keep", 6), 1, 2));
    assertTrue(e.getMessage().contains("data.positive_threshold"), e.getMessage());
    assertEquals("data.positive_threshold", assertThrows(ConfigException.class, () -> config("keep", -1)).key());
    assertEquals("data.duplicates", assertThrows(ConfigException.class, () -> config("add", 4)).key());
  }
}
