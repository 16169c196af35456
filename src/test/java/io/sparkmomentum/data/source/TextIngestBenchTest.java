package io.sparkmomentum.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkmomentum.data.IdIndex;
import io.sparkmomentum.data.RatingsFormat;
import io.sparkmomentum.data.RatingsReader;
import io.sparkmomentum.data.ReadResult;
import io.sparkmomentum.data.ReaderOptions;
import io.sparkmomentum.testing.SparkTestSession;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * Ingestion throughput, off by default: {@code mvn -q test -Dtest=TextIngestBenchTest -Dbench.text=/tmp/synth-20m}
 * reads a TSV file or directory into chunks on the test session ({@code local[2]} threads; the chunks' sizes are
 * summed, nothing is collected) and with the driver reader, and prints seconds, ratings per second and the JVM's
 * CPU seconds.
 */
class TextIngestBenchTest {
  /** CPU time of the whole JVM (all threads, GC included): on a shared machine, a fairer measure than seconds. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  @Test
  void executorsAgainstTheDriverReader() {
    String path = System.getProperty("bench.text", "");
    assumeTrue(!path.isEmpty(), "benchmark off: set -Dbench.text=PATH (a TSV file or directory)");
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.TSV);
    SourceSpec spec = SourceSpec.ratings(SourceFormat.TSV, path, o, 2);
    long executors = 0;
    for (int round = 0; round < 2; round++) {
      long t0 = System.nanoTime();
      long c0 = cpuNanos();
      JavaRDD<RatingChunk> chunks = TextSources.ratings(SparkTestSession.get(), spec);
      int splits = chunks.getNumPartitions();
      executors = chunks.map(c -> (long) c.size()).reduce(Long::sum);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("BENCH executors local[2] round %d: %d ratings, %d splits, %.2f s, %.2f M ratings/s,"
          + " %.1f CPU s%n", round, executors, splits, s, executors / s / 1e6, (cpuNanos() - c0) / 1e9);
    }
    for (int round = 0; round < 2; round++) {
      long t0 = System.nanoTime();
      long c0 = cpuNanos();
      ReadResult r = RatingsReader.read(path, o, new IdIndex(), new IdIndex());
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("BENCH driver RatingsReader round %d: %d ratings, %.2f s, %.2f M ratings/s, %.1f CPU s%n",
          round, r.ratings().size, s, r.ratings().size / s / 1e6, (cpuNanos() - c0) / 1e9);
      assertEquals(executors, r.ratings().size);
    }
  }
}
