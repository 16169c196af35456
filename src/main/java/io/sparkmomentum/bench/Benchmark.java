package io.sparkmomentum.bench;

import io.sparkmomentum.io.Json;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark harness of the performance issue. Run it with {@code jobs/bench.sh} (see {@code jobs/BENCH.md}).
 *
 * <pre>
 *   Benchmark [--quick] [--repeats N] [--out DIR] [--data DIR] [--conf FILE] [--datasets a,b] [--folds u1,u2]
 *   Benchmark --scaling-run TRAIN.tsv --label 1M [--rounds 50] [--warmup 10] [--batch 10000] [--out DIR] [--set k=v]...
 *   Benchmark --scaling-report DIR
 *   Benchmark --scale [--sizes 5000000,20000000] [--repeats 1] [--data-dir DIR] [--epochs 100] [--datasets ..]
 *   Benchmark --ingest --tsv FILE.tsv --parquet DIR [--partitions 4] [--repeats 3] [--out DIR]
 *   Benchmark --models [--quick] [--repeats 3] [--data DIR] [--datasets a9a,fashion-mnist,ml-100k] [--folds u1,..]
 *   Benchmark --ranking [--quick] [--repeats 3] [--data DIR] [--datasets ml-100k,ml-latest-small,ml-1m] [--out DIR]
 *   Benchmark --zero-config [--repeats 1] [--data DIR] [--data-dir DIR] [--out DIR]
 *             [--datasets ml-100k,ml-latest-small,synth-1k,synth-100k,synth-100k-0-10,synth-100k-1-100,synth-5M]
 * </pre>
 *
 * The first form compares our trainer with MLlib ALS, MLlib FMRegressor and the damped bias baseline on ML-100K
 * (folds u1..u5) and ml-latest-small (split-42), printing Markdown tables on stdout (progress on stderr) and writing
 * {@code DIR/bench.json} (default {@code target/bench}).
 */
public final class Benchmark {
  private Benchmark() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String... args) throws Exception {
    List<String> a = new ArrayList<>(Arrays.asList(args));
    if (a.contains("--help") || a.contains("-h")) {
      System.out.println(usage());
      return 0;
    }
    if (a.contains("--scaling-report")) return Scaling.report(Path.of(value(a, "--scaling-report", null)));
    if (a.contains("--scaling-run")) return Scaling.run(a);
    if (a.contains("--ingest")) return Ingestion.run(a);
    if (a.remove("--scale")) return ScaleBench.run(a);
    if (a.remove("--zero-config")) return ZeroConfigBench.run(a);
    if (a.contains("--models")) return ModelsBench.run(a);
    if (a.remove("--ranking")) return RankingBench.run(a);
    boolean quick = a.remove("--quick");
    boolean gridsEveryFold = a.remove("--grids-every-fold");
    int repeats = Integer.parseInt(value(a, "--repeats", quick ? "1" : "3"));
    Path out = Path.of(value(a, "--out", "target/bench"));
    Path data = Path.of(value(a, "--data", "../shared/data"));
    File conf = new File(value(a, "--conf", "conf/movielens-100k.conf"));
    List<String> onlySets = list(value(a, "--datasets", ""));
    List<String> onlyFolds = list(value(a, "--folds", ""));
    if (!a.isEmpty()) throw new IllegalArgumentException("unknown arguments " + a + "\n" + usage());
    if (repeats < 1) throw new IllegalArgumentException("--repeats must be >= 1");

    List<Suite.DatasetSpec> specs = new ArrayList<>();
    List<String[]> ml100k = new ArrayList<>();
    for (String f : quick ? List.of("u1") : List.of("u1", "u2", "u3", "u4", "u5")) {
      ml100k.add(new String[] {f, data.resolve("ml-100k/" + f + ".base").toString(),
          data.resolve("ml-100k/" + f + ".test").toString()});
    }
    specs.add(new Suite.DatasetSpec("ml-100k", conf, ml100k,
        List.of("data.format=tsv", "data.min_rating=1", "data.max_rating=5")));
    if (!quick) {
      specs.add(new Suite.DatasetSpec("ml-latest-small", conf, List.<String[]>of(new String[] {"split-42",
          data.resolve("ml-latest-small/split-42/train.tsv").toString(),
          data.resolve("ml-latest-small/split-42/test.tsv").toString()}),
          List.of("data.format=tsv", "data.min_rating=0.5", "data.max_rating=5")));
    }
    specs = filter(specs, onlySets, onlyFolds);
    for (Suite.DatasetSpec s : specs) {
      for (String[] f : s.folds()) {
        if (!Files.exists(Path.of(f[1])) || !Files.exists(Path.of(f[2]))) {
          System.err.println("error: " + f[1] + " or " + f[2] + " not found (MovieLens is not in the repository: "
              + "point --data at a folder holding ml-100k/ and ml-latest-small/split-42/, see jobs/BENCH.md)");
          return 2;
        }
      }
    }
    Suite.Settings settings = quick ? quickSettings(repeats) : fullSettings(repeats, gridsEveryFold);
    Files.createDirectories(out);
    SparkSession spark = BenchSpark.start(out.resolve("checkpoints").toAbsolutePath().toString());
    try {
      Results r = new Suite(spark, settings, System.err).run(specs);
      write(r, out, System.out);
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** Prints the Markdown report to {@code md} and writes {@code bench.json} and {@code bench.md} into {@code out}. */
  static void write(Results r, Path out, PrintStream md) throws IOException {
    String text = Report.markdown(r);
    md.print(text);
    md.flush();
    Files.createDirectories(out);
    Files.writeString(out.resolve("bench.md"), text, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("bench.json"), Json.writePretty(Report.json(r)) + "\n", StandardCharsets.UTF_8);
    System.err.println("wrote " + out.resolve("bench.json") + " and " + out.resolve("bench.md"));
  }

  /**
   * The full grids: ALS rank {10,50,100} × regParam {0.05,0.1,0.15,0.2} × maxIter {10,20}; FM (adamW, 200 iterations
   * on 10% mini-batches) factorSize {8,16} × regParam {0.01,0.03} × stepSize {0.05,0.1}; our candidates.
   */
  static Suite.Settings fullSettings(int repeats, boolean gridsEveryFold) {
    return new Suite.Settings("full", repeats,
        AlsSystem.grid(new int[] {10, 50, 100}, new double[] {0.05, 0.1, 0.15, 0.2}, new int[] {10, 20}),
        FmSystem.grid(new int[] {8, 16}, new double[] {0.01, 0.03}, new double[] {0.05, 0.1}, 200, 0.1),
        fullCandidates(), gridsEveryFold);
  }

  /** Our search space: a handful of configurations around the shipped config (see jobs/BENCH.md). */
  static List<OursSystem.Candidate> fullCandidates() {
    return List.of(
        new OursSystem.Candidate("conf as shipped", List.of()),
        new OursSystem.Candidate("lambda 0.12", List.of("model.lambda=0.12")),
        new OursSystem.Candidate("rank 128", List.of("model.rank=128")),
        new OursSystem.Candidate("heavy ball", List.of("optimizer.nesterov=false")),
        new OursSystem.Candidate("150 epochs", List.of("trainer.epochs=150")),
        new OursSystem.Candidate("batch 40000, lr 80", List.of("trainer.batch_size=40000", "optimizer.lr=80")),
        new OursSystem.Candidate("batch 8000, lr 16, lambda 0.12",
            List.of("trainer.batch_size=8000", "optimizer.lr=16", "model.lambda=0.12")));
  }

  /** Smoke version: one fold, tiny grids, short runs. */
  static Suite.Settings quickSettings(int repeats) {
    return new Suite.Settings("quick", repeats,
        AlsSystem.grid(new int[] {10}, new double[] {0.05, 0.1}, new int[] {10}),
        FmSystem.grid(new int[] {8}, new double[] {0.01}, new double[] {0.05}, 20, 0.1),
        List.of(new OursSystem.Candidate("conf, 3 epochs", List.of("trainer.epochs=3")),
            new OursSystem.Candidate("conf, 5 epochs, lr 240", List.of("trainer.epochs=5", "optimizer.lr=240"))),
        false);
  }

  private static List<Suite.DatasetSpec> filter(List<Suite.DatasetSpec> specs, List<String> sets, List<String> folds) {
    List<Suite.DatasetSpec> out = new ArrayList<>();
    for (Suite.DatasetSpec s : specs) {
      if (!sets.isEmpty() && !sets.contains(s.name())) continue;
      List<String[]> f = s.folds().stream().filter(x -> folds.isEmpty() || folds.contains(x[0])).toList();
      if (!f.isEmpty()) out.add(new Suite.DatasetSpec(s.name(), s.baseConf(), f, s.dataOverrides()));
    }
    if (out.isEmpty()) throw new IllegalArgumentException("--datasets/--folds select nothing");
    return out;
  }

  /** Removes {@code --name VALUE} from {@code a} and returns VALUE (or {@code def}). */
  static String value(List<String> a, String name, String def) {
    int k = a.indexOf(name);
    if (k < 0) return def;
    if (k + 1 >= a.size()) throw new IllegalArgumentException(name + " needs a value");
    String v = a.get(k + 1);
    a.remove(k + 1);
    a.remove(k);
    return v;
  }

  /** Removes every {@code --name VALUE} from {@code a}. */
  static List<String> values(List<String> a, String name) {
    List<String> out = new ArrayList<>();
    while (a.contains(name)) out.add(value(a, name, null));
    return out;
  }

  static List<String> list(String s) {
    return s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  static String usage() {
    return String.join("\n",
        "usage: jobs/bench.sh [--quick] [--repeats N] [--out DIR] [--data DIR] [--conf FILE] [--grids-every-fold]",
        "                     [--datasets ml-100k,ml-latest-small] [--folds u1,...]",
        "       jobs/bench.sh --scaling [--sizes 1000000,5000000,20000000] [--rounds 50] [--batch 10000]",
        "       jobs/bench.sh --scale [--sizes 5000000,20000000] [--repeats 1] [--data-dir DIR] [--epochs 100]",
        "                     [--datasets ml-1m-subset,5M] [--set key=value]   (ALS grid, bias, ours; time to ALS)",
        "       jobs/bench.sh --models [--quick] [--repeats 3] [--data DIR] [--datasets a9a,fashion-mnist,ml-100k]",
        "                     [--folds u1,...] [--out DIR]   (our seed models against their MLlib counterparts)",
        "       jobs/bench.sh --ranking [--quick] [--repeats 3] [--data DIR] [--out DIR]",
        "                     [--datasets ml-100k,ml-latest-small,ml-1m]   (top-K: popularity, ALS implicit, ours)",
        "       jobs/bench.sh --zero-config [--repeats 1] [--data DIR] [--data-dir DIR] [--out DIR] [--datasets ml-100k,",
        "                     ml-latest-small,synth-1k,synth-100k,synth-100k-0-10,synth-100k-1-100,synth-5M]",
        "                     (ours with only the data keys vs ALS best of grid and the bias baseline)",
        "see jobs/BENCH.md");
  }
}
