package io.sparkmomentum.bench;

import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.data.RatingData;
import io.sparkmomentum.eval.RankingEvaluation;
import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.model.ImplicitSpec;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ModelRegistry;
import io.sparkmomentum.model.ModelSpec;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.rank.Positives;
import io.sparkmomentum.rank.Side;
import io.sparkmomentum.rank.TopKJob;
import io.sparkmomentum.train.PartitionBlock;
import io.sparkmomentum.train.Trainer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code jobs/bench.sh --ranking}: top-K ranking on implicit positives (ratings ≥ a threshold) under
 * {@link RankingEvaluation}'s protocol. Per data set, in one {@code local[2]} session: popularity; Spark ALS with
 * {@code implicitPrefs = true} (each positive has value 1), the best NDCG@10 of the grid rank × regParam × alpha,
 * chosen on the test set (its best case), the grid extended along any axis whose best sits at an edge; ours. Then
 * every system is fitted again, alternating (the first system rotating), {@code --repeats} times; fit seconds are
 * medians. On the ML-1M subset, top-10 for all users is also timed: {@link TopKJob} (training positives excluded)
 * against ALS's {@code recommendForAllUsers(10)} (nothing excluded), both written to Spark's {@code noop} sink or
 * counted, alternating.
 */
final class RankingBench {
  static final int K = 10;

  private RankingBench() {}

  /** A data set: train and test files (TSV), the positive threshold. */
  record DataSet(String name, String train, String test, double threshold) {}

  /** One system's result on a data set. */
  record Result(String system, String params, Map<String, Double> metrics, List<Double> fitSeconds) {}

  static int run(List<String> a) throws IOException {
    boolean quick = a.remove("--quick");
    int repeats = Integer.parseInt(Benchmark.value(a, "--repeats", quick ? "1" : "3"));
    Path out = Path.of(Benchmark.value(a, "--out", "target/bench-ranking"));
    Path data = Path.of(Benchmark.value(a, "--data", "../shared/data"));
    List<String> only = Benchmark.list(Benchmark.value(a, "--datasets", ""));
    List<String> als = Benchmark.list(Benchmark.value(a, "--als", "")); // rank,regParam,alpha: no grid
    Files.createDirectories(out);
    List<DataSet> sets = new ArrayList<>();
    sets.add(new DataSet("ml-100k-u1", data.resolve("ml-100k/u1.base").toString(),
        data.resolve("ml-100k/u1.test").toString(), 4));
    sets.add(new DataSet("ml-latest-small-split-42", data.resolve("ml-latest-small/split-42/train.tsv").toString(),
        data.resolve("ml-latest-small/split-42/test.tsv").toString(), 4.0));
    Path ml1m = out.resolve("ml-1m-subset-split-42");
    hashSplit(data.resolve("ml-1m-cs100-subset/ratings.dat.gz"), ml1m, 42, 0.2);
    sets.add(new DataSet("ml-1m-subset-hash-42", ml1m.resolve("train.tsv").toString(),
        ml1m.resolve("test.tsv").toString(), 4));
    if (!only.isEmpty()) sets.removeIf(s -> only.stream().noneMatch(s.name()::startsWith));
    SparkSession spark = BenchSpark.start(out.resolve("checkpoints").toAbsolutePath().toString());
    StringBuilder md = new StringBuilder();
    StringBuilder notes = new StringBuilder();
    md.append("| data | positives | system | params | P@10 | R@10 | NDCG@10 | MAP@10 | MRR | AUC | coverage@10 | users "
        + "| fit s (median) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    try {
      for (DataSet s : sets) {
        for (Result r : runOne(spark, s, quick, als, repeats, notes)) {
          Map<String, Double> m = r.metrics();
          md.append(String.format("| %s | ≥ %s | %s | %s | %.4f | %.4f | **%.4f** | %.4f | %.4f | %.4f | %.4f | %.0f "
              + "| %.2f |%n", s.name(), s.threshold(), r.system(), r.params(), m.get("precision_at_10"),
              m.get("recall_at_10"), m.get("ndcg_at_10"), m.get("map_at_10"), m.get("mrr"), m.get("auc"),
              m.get("coverage_at_10"), m.get("users"), Stats.median(r.fitSeconds())));
        }
        Files.writeString(out.resolve("ranking.md"), md + "\n" + notes);
      }
    } finally {
      spark.stop();
    }
    System.out.println(md + "\n" + notes);
    return 0;
  }

  /**
   * Our shipped implicit config for a data set: ml-latest-small's for it, ML-100K's for the others (as a user with
   * new data would start, overriding the data keys only).
   */
  static String oursConfig(DataSet s) {
    return s.name().startsWith("ml-latest") ? "conf/ml-latest-small-implicit.conf" : "conf/ml100k-implicit.conf";
  }

  private static List<Result> runOne(SparkSession spark, DataSet s, boolean quick, List<String> als, int repeats,
      StringBuilder notes) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    RunConfig cfg = ConfigLoader.load(new File("conf/movielens-100k.conf"),
        List.of("data.train=" + s.train(), "data.test=" + s.test(), "data.format=tsv", "data.min_rating=0.5"));
    RatingData d = RatingData.load(cfg.data(), 42, new Configuration());
    int users = d.users().size();
    int items = d.items().size();
    RatingColumns trainPos = Positives.atLeast(RatingData.columns(d.train()), s.threshold());
    RatingColumns testPos = Positives.atLeast(RatingData.columns(d.test()), s.threshold());
    JavaRDD<PartitionBlock<RatingColumns>> train = RatingBlocks.distribute(sc, trainPos, 2, s.name() + " train+");
    JavaRDD<PartitionBlock<RatingColumns>> test = RatingBlocks.distribute(sc, testPos, 2, s.name() + " test+");
    Dataset<Row> alsTrain = frame(spark, trainPos).cache();
    alsTrain.count();
    System.err.printf("%s: %d users, %d items, %d training positives, %d test positives%n", s.name(), users, items,
        trainPos.size(), testPos.size());

    FactorScores pop = new FactorScores(users, items, 1);
    // ALS grid on the test set (its best case), extended past any edge its best sits on
    List<Integer> ranks = new ArrayList<>(quick ? List.of(10) : List.of(10, 32, 64));
    List<Double> regs = new ArrayList<>(quick ? List.of(0.01, 0.1) : List.of(0.01, 0.1, 1.0));
    List<Double> alphas = new ArrayList<>(quick ? List.of(1.0) : List.of(1.0, 10.0, 40.0));
    if (als.size() == 3) {
      ranks = new ArrayList<>(List.of(Integer.parseInt(als.get(0))));
      regs = new ArrayList<>(List.of(Double.parseDouble(als.get(1))));
      alphas = new ArrayList<>(List.of(Double.parseDouble(als.get(2))));
    }
    boolean extend = !quick && als.size() != 3;
    Map<String, Double> tried = new LinkedHashMap<>();
    double[] best = null;
    double bestNdcg = -1;
    for (int round = 0; round < 4; round++) {
      for (int r : ranks) {
        for (double reg : regs) {
          for (double alpha : alphas) {
            String key = r + "/" + reg + "/" + alpha;
            if (tried.containsKey(key)) continue;
            double ndcg = evaluateAls(sc, fitAls(alsTrain, r, reg, alpha), users, items, train, test)
                .get("ndcg_at_10");
            tried.put(key, ndcg);
            System.err.printf("  ALS rank %d regParam %s alpha %s: NDCG@10 %.4f%n", r, reg, alpha, ndcg);
            if (ndcg > bestNdcg) {
              bestNdcg = ndcg;
              best = new double[] {r, reg, alpha};
            }
          }
        }
      }
      if (!extend) break;
      boolean extended = false;
      if (best[1] == regs.get(0)) {
        regs.add(0, best[1] / 10);
        extended = true;
      } else if (best[1] == regs.get(regs.size() - 1)) {
        regs.add(best[1] * 10);
        extended = true;
      }
      if (best[2] == alphas.get(0)) {
        alphas.add(0, best[2] / 4);
        extended = true;
      } else if (best[2] == alphas.get(alphas.size() - 1)) {
        alphas.add(best[2] * 4);
        extended = true;
      }
      if ((int) best[0] == ranks.get(ranks.size() - 1)) {
        ranks.add(ranks.get(ranks.size() - 1) * 2);
        extended = true;
      }
      if (!extended) break;
    }
    String alsParams = String.format("rank %d, regParam %s, alpha %s (grid ranks %s, regParams %s, alphas %s)",
        (int) best[0], best[1], best[2], ranks, regs, alphas);
    String oursConf = oursConfig(s);
    RunConfig ours = ConfigLoader.load(new File(oursConf), List.of("data.train=" + s.train(), "data.test=" + s.test(),
        "data.format=tsv", "data.positive_threshold=" + s.threshold()));
    @SuppressWarnings("unchecked")
    ModelSpec<RatingColumns> oursSpec = (ModelSpec<RatingColumns>) ModelRegistry.spec(ours.model().type());
    int[] userCounts = new int[users];
    int[] itemCounts = new int[items];
    for (int k = 0; k < trainPos.size(); k++) {
      userCounts[trainPos.users()[k]]++;
      itemCounts[trainPos.items()[k]]++;
    }
    // Ours trains on events of label 1, as data.positive_threshold makes them (trainPos keeps the star ratings).
    float[] ones = new float[trainPos.size()];
    java.util.Arrays.fill(ones, 1f);
    JavaRDD<PartitionBlock<RatingColumns>> events = RatingBlocks.distribute(sc,
        new RatingColumns(trainPos.users(), trainPos.items(), ones), 2, s.name() + " train events");
    DataSchema oursSchema = DataSchema.ratings(trainPos.size(), 1, 1, 1, userCounts, itemCounts);
    Model<RatingColumns> oursModel = oursSpec.build(ours.model(), oursSchema);

    List<Result> results = new ArrayList<>();
    List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    Map<String, Double>[] metrics = newMetrics();
    double[][] weights = new double[3][];
    ALSModel[] alsBest = new ALSModel[1];
    for (int rep = 0; rep < repeats; rep++) {
      for (int j = 0; j < 3; j++) {
        int sys = (rep + j) % 3;
        long t0 = System.nanoTime();
        if (sys == 0) {
          weights[0] = FactorScores.popularity(pop, trainPos.items());
        } else if (sys == 1) {
          alsBest[0] = fitAls(alsTrain, (int) best[0], best[1], best[2]);
        } else {
          weights[2] = new Trainer<>(sc, oursModel, ours.optimizer(), ours.trainer())
              .fit(events, Trainer.initialState(oursSpec.initialParameters(oursModel, ours.model(), oursSchema,
                  ours.trainer().seed())))
              .state().weights();
        }
        times.get(sys).add((System.nanoTime() - t0) / 1e9);
      }
    }
    metrics[0] = RankingEvaluation.evaluate(sc, pop, weights[0], train, test, K);
    metrics[1] = evaluateAls(sc, alsBest[0], users, items, train, test);
    metrics[2] = RankingEvaluation.evaluate(sc, ImplicitSpec.factors(oursModel), weights[2], train, test, K);
    results.add(new Result("popularity", "training positives per item", metrics[0], times.get(0)));
    results.add(new Result("Spark ALS implicitPrefs", alsParams, metrics[1], times.get(1)));
    results.add(new Result("ours: " + ours.model().type(), oursConf + " (settings chosen on a validation slice of "
        + "the training data), data keys overridden", metrics[2], times.get(2)));

    if (s.name().startsWith("ml-1m")) {
      List<Double> oursTopK = new ArrayList<>();
      List<Double> alsTopK = new ArrayList<>();
      FactorScores f = new FactorScores(users, items, (int) best[0]);
      double[] wf = alsWeights(alsBest[0], f);
      for (int rep = 0; rep < Math.max(3, repeats); rep++) {
        for (int j = 0; j < 2; j++) {
          long t0 = System.nanoTime();
          if ((rep + j) % 2 == 0) {
            TopKJob.run(sc, f, wf, Side.ITEMS_FOR_USERS, train, K, rdd -> rdd.count());
            oursTopK.add((System.nanoTime() - t0) / 1e9);
          } else {
            alsBest[0].recommendForAllUsers(K).write().format("noop").mode("overwrite").save();
            alsTopK.add((System.nanoTime() - t0) / 1e9);
          }
        }
      }
      notes.append(String.format("Top-%d for all %d users of %s (ALS rank %d factors): ours %.2f s (TopKJob, training "
          + "positives excluded), ALS recommendForAllUsers(%d) %.2f s: ratio %.2f× (medians of %s and %s)%n%n", K,
          users, s.name(), (int) best[0], Stats.median(oursTopK), K, Stats.median(alsTopK),
          Stats.median(oursTopK) / Stats.median(alsTopK), oursTopK, alsTopK));
    }
    alsTrain.unpersist();
    train.unpersist(false);
    events.unpersist(false);
    test.unpersist(false);
    return results;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Double>[] newMetrics() {
    return new Map[3];
  }

  static ALSModel fitAls(Dataset<Row> train, int rank, double reg, double alpha) {
    return new ALS().setImplicitPrefs(true).setRank(rank).setRegParam(reg).setAlpha(alpha).setSeed(42)
        .setUserCol("user").setItemCol("item").setRatingCol("rating").setCheckpointInterval(10)
        .setNumUserBlocks(2).setNumItemBlocks(2).fit(train);
  }

  static Map<String, Double> evaluateAls(JavaSparkContext sc, ALSModel m, int users, int items,
      JavaRDD<PartitionBlock<RatingColumns>> train, JavaRDD<PartitionBlock<RatingColumns>> test) {
    FactorScores f = new FactorScores(users, items, m.rank());
    return RankingEvaluation.evaluate(sc, f, alsWeights(m, f), train, test, K);
  }

  /** ALS's factors in {@link FactorScores}' layout (rows it has no factors for stay 0). */
  static double[] alsWeights(ALSModel m, FactorScores f) {
    double[] w = new double[f.size()];
    for (Row r : m.userFactors().collectAsList()) copy(r, w, f.userOffset(r.getInt(0)));
    for (Row r : m.itemFactors().collectAsList()) copy(r, w, f.itemOffset(r.getInt(0)));
    return w;
  }

  private static void copy(Row r, double[] w, int at) {
    List<Float> v = r.getList(1);
    for (int x = 0; x < v.size(); x++) w[at + x] = v.get(x);
  }

  private static Dataset<Row> frame(SparkSession spark, RatingColumns pos) {
    List<Row> rows = new ArrayList<>(pos.size());
    for (int x = 0; x < pos.size(); x++) rows.add(RowFactory.create(pos.users()[x], pos.items()[x], 1f));
    StructType schema = new StructType().add("user", DataTypes.IntegerType, false)
        .add("item", DataTypes.IntegerType, false).add("rating", DataTypes.FloatType, false);
    return spark.createDataFrame(rows, schema).repartition(2);
  }

  /**
   * The anchors' split rule (shared/data/MANIFEST.md, split-42): {@code h = mix(mix(mix(seed) ^ user) ^ item)} with
   * {@code mix(x) = new SplittableRandom(x).nextLong()} on the raw ids, test iff {@code (h >>> 1) % 10000 <
   * fraction·10000}; written as TSV once.
   */
  static void hashSplit(Path datGz, Path dir, long seed, double fraction) throws IOException {
    if (Files.exists(dir.resolve("test.tsv"))) return;
    Files.createDirectories(dir);
    long cut = Math.round(fraction * 10000);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(datGz)),
        StandardCharsets.ISO_8859_1));
        PrintWriter tr = new PrintWriter(Files.newBufferedWriter(dir.resolve("train.tsv.tmp")));
        PrintWriter te = new PrintWriter(Files.newBufferedWriter(dir.resolve("test.tsv.tmp")))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank()) continue;
        String[] f = line.split("::");
        long u = Long.parseLong(f[0]);
        long i = Long.parseLong(f[1]);
        long h = mix(mix(mix(seed) ^ u) ^ i);
        ((h >>> 1) % 10000 < cut ? te : tr).println(f[0] + "\t" + f[1] + "\t" + f[2]);
      }
    }
    Files.move(dir.resolve("train.tsv.tmp"), dir.resolve("train.tsv"));
    Files.move(dir.resolve("test.tsv.tmp"), dir.resolve("test.tsv"));
  }

  private static long mix(long x) {
    return new SplittableRandom(x).nextLong();
  }
}
