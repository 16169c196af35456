package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No rating range is enforced unless asked: scales of 0.5–5, 0–10, −10..10 and 1–100 train with only the data keys,
 * and the predictions stay within the training ratings' range; a range that is set still refuses a rating outside
 * it, naming the file and line.
 */
class RatingScaleCliTest {
  @TempDir
  static Path tmp;

  @BeforeAll
  static void spark() {
    SparkTestSession.get();
  }

  /** A planted bias model on the scale [lo, hi] with step {@code step}, as TSV. */
  static Path ratings(String name, double lo, double hi, double step, long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    double[] bu = new double[60];
    double[] bi = new double[40];
    for (int u = 0; u < bu.length; u++) bu[u] = r.nextGaussian() * (hi - lo) / 8;
    for (int i = 0; i < bi.length; i++) bi[i] = r.nextGaussian() * (hi - lo) / 8;
    for (int u = 0; u < bu.length; u++) {
      for (int i = 0; i < bi.length; i++) {
        if (r.nextDouble() > 0.5) continue;
        double v = (lo + hi) / 2 + bu[u] + bi[i] + r.nextGaussian() * (hi - lo) / 20;
        v = Math.max(lo, Math.min(hi, Math.round(v / step) * step));
        sb.append(u).append('\t').append(i).append('\t').append(v).append('\n');
      }
    }
    Path p = tmp.resolve(name + ".tsv");
    Files.writeString(p, sb.toString());
    return p;
  }

  @ParameterizedTest
  @CsvSource({"half-stars, 0.5, 5, 0.5", "ten, 0, 10, 1", "signed, -10, 10, 0.5", "hundred, 1, 100, 1"})
  void anyScaleTrainsWithOnlyTheDataKeys(String name, double lo, double hi, double step) throws Exception {
    Path data = ratings(name, lo, hi, step, name.hashCode());
    Path out = tmp.resolve("run-" + name);
    CliRunner.Out r = CliRunner.run("train", "--set", "data.train=" + data, "--set", "data.test_fraction=0.2",
        "--set", "trainer.epochs=5", "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    Map<String, Object> s = Json.readMap(Files.readString(out.resolve("summary.json")));
    double rmse = ((Number) s.get("test_rmse")).doubleValue();
    assertTrue(rmse > 0 && rmse < (hi - lo) / 2, name + ": " + s);
  }

  @org.junit.jupiter.api.Test
  void aRangeThatIsSetStillRefusesRatingsOutsideIt() throws Exception {
    Path data = ratings("signed-strict", -10, 10, 0.5, 3);
    CliRunner.Out r = CliRunner.run("train", "--set", "data.train=" + data, "--set", "data.min_rating=0", "--set",
        "data.max_rating=10", "--output", tmp.resolve("strict").toString());
    String line = CliRunner.assertOneLineError(r, Main.EXIT_DATA, "signed-strict.tsv", "out of range", "[0.0, 10.0]");
    assertTrue(r.code() != 0, line);
  }
}
