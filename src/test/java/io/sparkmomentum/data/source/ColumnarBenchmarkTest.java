package io.sparkmomentum.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Throughput check, off by default: {@code mvn -o test -Dtest=ColumnarBenchmarkTest -Dbench.ratings=20000000}
 * writes (once, under {@code bench.dir}, default {@code /tmp/h6-bench}) a Parquet data set of that many ratings
 * (columns user int in [1, 200000], item int in [1, 30000], rating double in {0.5, ..., 5.0}), then times reading it
 * into {@link RatingChunk}s on the executors (each chunk reduced to its size on the executor, as the trainer keeps
 * blocks there).
 */
class ColumnarBenchmarkTest {
  @Test
  void parquetReadThroughput() throws Exception {
    long n = Long.getLong("bench.ratings", 0);
    assumeTrue(n > 0, "benchmark off: set -Dbench.ratings=N to run it");
    SparkSession spark = SparkTestSession.get();
    Path dir = Paths.get(System.getProperty("bench.dir", "/tmp/h6-bench"), "ratings-" + n + ".parquet");
    if (!Files.isDirectory(dir)) {
      long t0 = System.nanoTime();
      spark.range(0, n, 1, 8).selectExpr(
          "cast(1 + pmod(xxhash64(id, 1), 200000) as int) as user",
          "cast(1 + pmod(xxhash64(id, 2), 30000) as int) as item",
          "cast(pmod(xxhash64(id, 3), 10) as double) / 2 + 0.5 as rating")
          .write().parquet(dir.toString());
      System.out.printf("wrote %,d ratings as Parquet in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }
    SourceSpec spec = SourceSpec.ratings(SourceFormat.PARQUET, dir.toString(),
        ColumnarSourcesTest.opts().withRatingRange(0.5, 5), 2);
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean();
    if (Boolean.getBoolean("bench.variants")) {
      for (int round = 0; round < 2; round++) {
        var df = spark.read().parquet(dir.toString());
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long c1 = df.select("user", "item", "rating").queryExecution().toRdd().count();
        double s1 = (System.nanoTime() - t0) / 1e9;
        double cpu1 = (os.getProcessCpuTime() - cpu0) / 1e9;
        t0 = System.nanoTime();
        long c2 = df.select(df.col("user"), df.col("item"), df.col("rating"),
            df.metadataColumn("_metadata").getField("file_path"),
            df.metadataColumn("_metadata").getField("row_index")).queryExecution().toRdd().count();
        double s2 = (System.nanoTime() - t0) / 1e9;
        System.out.printf("scan only: %.2f s (%.1f CPU s); scan with _metadata: %.2f s (%d, %d)%n", s1, cpu1, s2,
            c1, c2);
      }
    }
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      long cpu0 = os.getProcessCpuTime();
      long kept = Unwrap.run(() -> RatingSources.read(spark, spec).map(c -> (long) c.size())
          .reduce(Long::sum));
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      assertEquals(n, kept);
      System.out.printf("read %,d Parquet ratings into chunks in %.2f s (%.1f CPU s, load %.1f): %,.0f ratings/s%n",
          n, s, cpu, os.getSystemLoadAverage(), n / s);
    }
  }

  /**
   * {@code -Dbench.idx=true}: Fashion-MNIST's 60,000 training images ({@code .gz}, and gunzipped into a temporary
   * plain file) read into chunks with 1, 2 and 4 splits, to choose between one split per {@code .gz} file and
   * decompress-and-skip.
   */
  @Test
  void idxReadThroughput() throws Exception {
    assumeTrue(Boolean.getBoolean("bench.idx"), "benchmark off: set -Dbench.idx=true to run it");
    SparkSession spark = SparkTestSession.get();
    Path gzImages = io.sparkmomentum.testing.SharedData.file("fashion-mnist/train-images-idx3-ubyte.gz");
    Path gzLabels = io.sparkmomentum.testing.SharedData.file("fashion-mnist/train-labels-idx1-ubyte.gz");
    Path plain = Files.createTempFile("train-images-idx3-ubyte", "");
    Files.write(plain, IdxSourcesTest.gunzip(gzImages));
    try {
      for (int round = 0; round < 2; round++) {
        for (String images : new String[] {gzImages.toString(), plain.toString()}) {
          for (int splits : new int[] {1, 2, 4}) {
            SourceSpec spec = IdxSourcesTest.spec(images, gzLabels.toString(), 10, splits,
                io.sparkmomentum.data.OnBadRecord.FAIL);
            long t0 = System.nanoTime();
            long rows = Unwrap.run(() -> FeatureSources.read(spark, spec).map(c -> (long) c.size())
                .reduce(Long::sum));
            double s = (System.nanoTime() - t0) / 1e9;
            assertEquals(60000, rows);
            System.out.printf("idx %s, %d splits: %.2f s%n", images.endsWith(".gz") ? "gz" : "plain", splits, s);
          }
        }
      }
    } finally {
      Files.deleteIfExists(plain);
    }
  }
}
