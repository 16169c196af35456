package io.sparkmomentum.bench;

import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.data.RatingData;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.PartitionBlock;
import io.sparkmomentum.train.RoundResult;
import io.sparkmomentum.train.Trainer;
import io.sparkmomentum.train.TrainerState;
import io.sparkmomentum.train.TrainingListener;
import java.io.File;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Scaling (target 4): ms per round at a fixed batch size on synthetic data, broken into the trainer's own
 * {@link RoundResult.Timings} (broadcast, compute = slowest partition, aggregate = rest of treeAggregate, update =
 * driver-side mean + optimizer step) plus "other" (what the round's wall time does not attribute: listeners, the job
 * description, GC between phases). One JVM per data size (jobs/bench.sh starts them), so that the peak RSS (VmHWM)
 * belongs to that size alone.
 */
final class Scaling {
  private Scaling() {}

  static int run(List<String> a) throws IOException {
    String train = Benchmark.value(a, "--scaling-run", null);
    String label = Benchmark.value(a, "--label", new File(train).getParentFile().getName());
    int rounds = Integer.parseInt(Benchmark.value(a, "--rounds", "50"));
    int warmup = Integer.parseInt(Benchmark.value(a, "--warmup", "10"));
    long batch = Long.parseLong(Benchmark.value(a, "--batch", "10000"));
    Path out = Path.of(Benchmark.value(a, "--out", "target/bench"));
    File conf = new File(Benchmark.value(a, "--conf", "conf/movielens-100k.conf"));
    List<String> sets = Benchmark.values(a, "--set");
    if (!a.isEmpty()) throw new IllegalArgumentException("unknown arguments " + a);

    List<String> o = new ArrayList<>(List.of("data.train=" + train, "data.test=", "data.format=tsv",
        "data.min_rating=1", "data.max_rating=5", "trainer.batch_size=" + batch, "optimizer.lr=16", "optimizer.schedule.type=constant",
        "trainer.eval_every=0"));
    o.addAll(sets);
    RunConfig cfg = ConfigLoader.load(conf, o);
    long t0 = System.nanoTime();
    RatingData d = RatingData.load(cfg.data(), cfg.trainer().seed(), new Configuration());
    double readSeconds = (System.nanoTime() - t0) / 1e9;
    long n = d.train().size;
    long rpe = (n + batch - 1) / batch;
    int epochs = (int) Math.max(1, (warmup + rounds + rpe - 1) / rpe);
    o.add("trainer.epochs=" + epochs);
    cfg = ConfigLoader.load(conf, o);
    System.err.printf("scaling %s: read %d ratings (%d users, %d items) in %.1f s; %d rounds/epoch%n", label, n,
        d.users().size(), d.items().size(), readSeconds, rpe);

    Files.createDirectories(out);
    SparkSession spark = BenchSpark.start(null);
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int partitions = cfg.trainer().partitions() > 0 ? cfg.trainer().partitions() : sc.defaultParallelism();
      RatingColumns cols = RatingData.columns(d.train());
      long t1 = System.nanoTime();
      JavaRDD<PartitionBlock<RatingColumns>> blocks = RatingBlocks.distribute(sc, cols, partitions, "scaling");
      double distributeSeconds = (System.nanoTime() - t1) / 1e9;
      var mc = cfg.model();
      MatrixFactorization mf = new MatrixFactorization(d.users().size(), d.items().size(), mc.rank(), cols.mean(),
          mc.lambda(), mc.lambdaBias());
      Trainer<RatingColumns> trainer = new Trainer<>(sc, mf, cfg.optimizer(), cfg.trainer());
      Collector col = new Collector(trainer, warmup, rounds);
      trainer.listener(col);
      TrainerState start = Trainer.initialState(mf.initialParameters(mc.initStd(), cfg.trainer().seed()));
      long t2 = System.nanoTime();
      Trainer.Result result = trainer.fit(blocks, start);
      double fitSeconds = (System.nanoTime() - t2) / 1e9;

      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", label);
      m.put("train", train);
      m.put("ratings", n);
      m.put("users", d.users().size());
      m.put("items", d.items().size());
      m.put("rank", mc.rank());
      m.put("parameters", (long) mf.layout().size());
      m.put("batch_size", batch);
      m.put("partitions", partitions);
      m.put("master", sc.master());
      m.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1 << 20));
      m.put("overrides", o);
      m.put("rounds_per_epoch", rpe);
      m.put("warmup_rounds", warmup);
      m.put("measured_rounds", col.total.size());
      m.put("stop_reason", result.stopReason().name().toLowerCase());
      m.put("read_seconds", readSeconds);
      m.put("distribute_seconds", distributeSeconds);
      m.put("fit_seconds", fitSeconds);
      Map<String, Object> med = new LinkedHashMap<>();
      med.put("total", Stats.median(col.total));
      med.put("broadcast", Stats.median(col.broadcast));
      med.put("compute", Stats.median(col.compute));
      med.put("aggregate", Stats.median(col.aggregate));
      med.put("update", Stats.median(col.update));
      med.put("other", Stats.median(col.other));
      m.put("median_ms", med);
      double meanMs = Stats.mean(col.total);
      m.put("mean_ms_per_round", meanMs);
      m.put("median_kb_aggregated", Stats.median(col.kb));
      m.put("gc_ms_per_round", col.gcMs / Math.max(1, col.total.size()));
      m.put("epochs_per_minute", 60_000.0 / (meanMs * rpe));
      m.put("peak_rss_mib", Rss.peakMiB());
      m.put("rss_mib_end", Rss.currentMiB());
      m.put("last_loss", result.lastRound() == null ? Double.NaN : result.lastRound().loss());
      Files.writeString(out.resolve("scaling-" + label + ".json"), Json.writePretty(m) + "\n",
          StandardCharsets.UTF_8);
      System.err.printf(Locale.ROOT, "scaling %s: %.1f ms/round median (%s), %.3f epochs/min, peak RSS %.0f MiB%n",
          label, Stats.median(col.total), med, 60_000.0 / (meanMs * rpe), Rss.peakMiB());
      blocks.unpersist(false);
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** Records the rounds after the warm-up and stops the trainer after {@code rounds} of them. */
  private static final class Collector implements TrainingListener {
    final Trainer<?> trainer;
    final int warmup;
    final int rounds;
    double lastSeconds = Double.NaN;
    long gcAtStart = -1;
    double gcMs;
    final List<Double> total = new ArrayList<>();
    final List<Double> broadcast = new ArrayList<>();
    final List<Double> compute = new ArrayList<>();
    final List<Double> aggregate = new ArrayList<>();
    final List<Double> update = new ArrayList<>();
    final List<Double> other = new ArrayList<>();
    final List<Double> kb = new ArrayList<>();

    Collector(Trainer<?> trainer, int warmup, int rounds) {
      this.trainer = trainer;
      this.warmup = warmup;
      this.rounds = rounds;
    }

    @Override
    public void onRound(RoundResult r, TrainerState state) {
      if (r.round() == warmup) gcAtStart = gcMillis();
      if (r.round() >= warmup && !Double.isNaN(lastSeconds)) {
        RoundResult.Timings t = r.timings();
        double ms = (r.seconds() - lastSeconds) * 1000;
        total.add(ms);
        broadcast.add(t.broadcastMs());
        compute.add(t.computeMs());
        aggregate.add(t.aggregateMs());
        update.add(t.updateMs());
        other.add(ms - t.broadcastMs() - t.computeMs() - t.aggregateMs() - t.updateMs());
        kb.add(t.bytesAggregated() / 1024.0);
      }
      lastSeconds = r.seconds();
      if (total.size() >= rounds) {
        gcMs = gcMillis() - gcAtStart;
        trainer.requestStop();
      }
    }

    private static long gcMillis() {
      long s = 0;
      for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) s += Math.max(0, b.getCollectionTime());
      return s;
    }
  }

  /** Prints the table of every {@code scaling-*.json} in {@code dir} and writes {@code dir/scaling.json}. */
  static int report(Path dir) throws IOException {
    List<Map<String, Object>> runs = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(x -> x.getFileName().toString().matches("scaling-.+\\.json")).toList()) {
        runs.add(Json.readMap(Files.readString(p)));
      }
    }
    runs.sort((x, y) -> Long.compare(((Number) x.get("ratings")).longValue(), ((Number) y.get("ratings")).longValue()));
    String text = markdown(runs);
    System.out.print(text);
    Files.writeString(dir.resolve("scaling.md"), text, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("scaling.json"), Json.writePretty(Map.of("runs", runs)) + "\n",
        StandardCharsets.UTF_8);
    return 0;
  }

  @SuppressWarnings("unchecked")
  static String markdown(List<Map<String, Object>> runs) {
    StringBuilder b = new StringBuilder("## Scaling (ms per round, median over the measured rounds after warm-up)\n\n");
    b.append("| ratings | users × items, rank | parameters | batch | partitions | rounds | ms/round median (mean) "
        + "| broadcast | compute | aggregate | update | other | GC ms/round | KiB aggregated | rounds/epoch "
        + "| epochs/min | peak RSS MiB (-Xmx) | read s | distribute s |\n");
    b.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map<String, Object> r : runs) {
      Map<String, Object> med = (Map<String, Object>) r.get("median_ms");
      b.append(String.format(Locale.ROOT,
          "| %,d | %,d × %,d, %d | %,d | %,d | %d | %d | %.1f (%.1f) | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f "
              + "| %,d | %.3f | %.0f (%d) | %.1f | %.1f |%n",
          num(r, "ratings").longValue(), num(r, "users").longValue(), num(r, "items").longValue(),
          num(r, "rank").intValue(), num(r, "parameters").longValue(), num(r, "batch_size").longValue(),
          num(r, "partitions").intValue(), num(r, "measured_rounds").intValue(), num(med, "total").doubleValue(),
          num(r, "mean_ms_per_round").doubleValue(), num(med, "broadcast").doubleValue(),
          num(med, "compute").doubleValue(), num(med, "aggregate").doubleValue(), num(med, "update").doubleValue(),
          num(med, "other").doubleValue(), num(r, "gc_ms_per_round").doubleValue(),
          num(r, "median_kb_aggregated").doubleValue(), num(r, "rounds_per_epoch").longValue(),
          num(r, "epochs_per_minute").doubleValue(), num(r, "peak_rss_mib").doubleValue(),
          num(r, "max_heap_mib").longValue(), num(r, "read_seconds").doubleValue(),
          num(r, "distribute_seconds").doubleValue()));
    }
    b.append("\nbroadcast/compute/aggregate/update: the trainer's RoundResult.timings (compute = slowest partition; "
        + "aggregate = rest of treeAggregate incl. task scheduling; update = driver: mean gradient + optimizer step); "
        + "other = round wall time minus those. epochs/min = 60000 / (mean ms/round × rounds/epoch), extrapolated from "
        + "the measured rounds.\n");
    return b.toString();
  }

  private static Number num(Map<String, Object> m, String k) {
    Object v = m.get(k);
    if (v instanceof Number x) return x;
    return Double.NaN;
  }
}
