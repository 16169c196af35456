package io.sparkmomentum.bench;

import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.data.IdIndex;
import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.data.RatingData;
import io.sparkmomentum.data.RatingsReader;
import io.sparkmomentum.data.TrainingRatings;
import io.sparkmomentum.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Ingestion throughput: the same ratings read (a) by the old driver-side reader ({@link RatingsReader}: one thread
 * parses every line into driver arrays), also timed until the old path's blocks are cached
 * ({@link RatingBlocks#distribute}), (b) by the executor pipeline from TSV and (c) from Parquet
 * ({@link TrainingRatings#load}: parse, index the ids, assign to partitions, build the sorted cached blocks). The
 * three alternate over the repeats in one JVM; medians and ratios to (a).
 *
 * <pre>Benchmark --ingest --tsv FILE.tsv --parquet DIR [--partitions 4] [--repeats 3] [--out DIR]</pre>
 */
final class Ingestion {
  private Ingestion() {}

  static int run(List<String> a) throws IOException {
    String tsv = Benchmark.value(a, "--tsv", null);
    String parquet = Benchmark.value(a, "--parquet", null);
    int partitions = Integer.parseInt(Benchmark.value(a, "--partitions", "4"));
    int repeats = Integer.parseInt(Benchmark.value(a, "--repeats", "3"));
    Path out = Path.of(Benchmark.value(a, "--out", "target/bench"));
    a.remove("--ingest");
    if (!a.isEmpty()) throw new IllegalArgumentException("unknown arguments " + a);
    SparkSession spark = BenchSpark.start(null);
    var sc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
    DataConfig tsvCfg = new DataConfig(tsv, "", "tsv", "userId", "movieId", "rating", 0, 0, 1000, "fail", ",");
    DataConfig pqCfg = new DataConfig(parquet, "", "parquet", "user", "item", "rating", 0, 0, 1000, "fail", ",");
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    long count = 0;
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      var read = RatingsReader.read(tsv, RatingData.options(tsvCfg), new IdIndex(), new IdIndex(), true,
          new Configuration());
      count = read.ratings().size;
      add(seconds, "driver reader, TSV", t0);
      var blocks = RatingBlocks.distribute(sc, RatingData.columns(read.ratings()), partitions, "driver blocks");
      add(seconds, "driver reader + parallelize into blocks, TSV", t0);
      blocks.unpersist(false);
      read = null;
      System.gc();
      for (DataConfig c : new DataConfig[] {tsvCfg, pqCfg}) {
        long t1 = System.nanoTime();
        TrainingRatings d = TrainingRatings.load(spark, c, 42, partitions);
        if (d.train().stats().count() != count) {
          throw new IllegalStateException(c.format() + " read " + d.train().stats().count() + " ratings, expected "
              + count);
        }
        add(seconds, "executors, " + c.format().toUpperCase(Locale.ROOT), t1);
        d.unpersist();
      }
      System.err.printf("repeat %d: %s%n", r + 1, seconds);
    }
    double base = Stats.median(seconds.get("driver reader, TSV"));
    StringBuilder md = new StringBuilder("| path | median s | ratings/s | vs driver reader |\n|---|---:|---:|---:|\n");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ratings", count);
    json.put("partitions", partitions);
    json.put("master", spark.sparkContext().master());
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      double m = Stats.median(e.getValue());
      md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2fM | %.2fx |%n", e.getKey(), m, count / m / 1e6,
          base / m));
      json.put(e.getKey(), e.getValue());
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("ingest.md"), md, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("ingest.json"), Json.write(json), StandardCharsets.UTF_8);
    System.out.print(md);
    return 0;
  }

  private static void add(Map<String, List<Double>> s, String key, long t0) {
    s.computeIfAbsent(key, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e9);
  }
}
