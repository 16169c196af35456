package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput check, off by default: {@code mvn -o test -Dtest=ReaderBenchmarkTest -Dbench.lines=20000000}
 * writes a u.data-like TSV of that many lines and times reading it.
 */
class ReaderBenchmarkTest {
  @TempDir
  Path dir;

  @Test
  void readThroughput() throws IOException {
    long lines = Long.getLong("bench.lines", 0);
    assumeTrue(lines > 0, "benchmark off: set -Dbench.lines=N to run it");
    Path p = dir.resolve("bench.tsv");
    SplittableRandom rnd = new SplittableRandom(1);
    try (BufferedWriter w = Files.newBufferedWriter(p)) {
      for (long k = 0; k < lines; k++) {
        w.write(Integer.toString(1 + rnd.nextInt(200_000)));
        w.write('\t');
        w.write(Integer.toString(1 + rnd.nextInt(30_000)));
        w.write('\t');
        w.write(rnd.nextInt(10) / 2.0 + 0.5 + "");
        w.write('\t');
        w.write(Long.toString(800_000_000L + rnd.nextInt(1 << 30)));
        w.write('\n');
      }
    }
    for (int round = 0; round < 2; round++) {
      long t0 = System.nanoTime();
      ReadResult r = TestFiles.read(p, RatingsFormat.TSV);
      double s = (System.nanoTime() - t0) / 1e9;
      assertEquals(lines, r.ratings().size);
      System.out.printf("read %,d lines (%,d MB) in %.2f s: %,.0f lines/s%n", lines, Files.size(p) >> 20, s,
          lines / s);
    }
  }
}
