package io.sparkmomentum.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkmomentum.testing.SharedData;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ZipfFit} on draws from a known Zipf law, and the MovieLens fits reported in {@link RealisticRatings}. */
class ZipfFitTest {
  @Test
  void recoversTheExponentOfZipfDraws() {
    for (double s : new double[] {0.5, 0.64, 1.2}) {
      AliasTable t = new AliasTable(ZipfCounts.weights(500, s));
      int[] c = new int[500];
      SplittableRandom rng = new SplittableRandom(1);
      for (int k = 0; k < 200_000; k++) c[t.sample(rng)]++;
      assertEquals(s, ZipfFit.exponent(c), 0.01, "exponent " + s);
    }
    int[] uniform = new int[500];
    SplittableRandom rng = new SplittableRandom(2);
    for (int k = 0; k < 200_000; k++) uniform[rng.nextInt(500)]++;
    // ranking noisy equal counts makes a slight slope: 400 ± 20 per item reads as about 0.05
    assertEquals(0.025, ZipfFit.exponent(uniform), 0.025, "uniform");
  }

  @Test
  void movieLensFitsAreTheDocumentedOnes() throws Exception {
    Path ml100k = SharedData.file("ml-100k/u.data");
    int[][] c = counts(ml100k, "\t");
    assertEquals(0.645, ZipfFit.exponent(c[1]), 0.001, "ML-100K items");
    assertEquals(0.542, ZipfFit.exponent(c[0]), 0.001, "ML-100K users");
    int[][] m = counts(SharedData.file("ml-1m-cs100-subset/ratings.dat.gz"), "::");
    assertEquals(0.636, ZipfFit.exponent(m[1]), 0.001, "ML-1M subset items");
    assertEquals(0.585, ZipfFit.exponent(m[0]), 0.001, "ML-1M subset users");
  }

  /** Ratings per user and per item of a MovieLens file. */
  private static int[][] counts(Path file, String sep) throws Exception {
    Map<String, Integer> users = new HashMap<>();
    Map<String, Integer> items = new HashMap<>();
    var in = Files.newInputStream(file);
    var stream = file.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(in) : in;
    try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(stream,
        java.nio.charset.StandardCharsets.ISO_8859_1))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(java.util.regex.Pattern.quote(sep));
        users.merge(f[0], 1, Integer::sum);
        items.merge(f[1], 1, Integer::sum);
      }
    }
    return new int[][] {users.values().stream().mapToInt(Integer::intValue).toArray(),
        items.values().stream().mapToInt(Integer::intValue).toArray()};
  }
}
