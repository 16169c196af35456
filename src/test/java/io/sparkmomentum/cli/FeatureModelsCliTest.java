package io.sparkmomentum.cli;

import static io.sparkmomentum.cli.CliRunner.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.FeatureModelFile;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.ModelFile;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature models end to end through the command line, on small generated data: train (summary and
 * metrics.jsonl), evaluate (the run's figures to the last bit), predict (one line per row, the model's own output),
 * the seed's linear regression, IDX input, and bad input and config.
 */
class FeatureModelsCliTest {
  @TempDir
  static Path tmp;

  /** Generated rows: features (dense, written sparse without zeros) and labels, as written to a LIBSVM file. */
  record Rows(double[][] x, double[] y) {
    void write(Path p) throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int r = 0; r < y.length; r++) {
        sb.append(fmt(y[r]));
        for (int j = 0; j < x[r].length; j++) {
          if (x[r][j] != 0) sb.append(' ').append(j + 1).append(':').append(fmt(x[r][j]));
        }
        sb.append('\n');
      }
      Files.writeString(p, sb);
    }
  }

  /** Four decimals: the file holds exactly these numbers (and the reader's floats their nearest floats). */
  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v);
  }

  static double round4(double v) {
    return Double.parseDouble(fmt(v));
  }

  static Rows generate(int n, int dim, long seed, ToDoubleFunction<double[]> label) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] x = new double[n][dim];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < dim; j++) x[r][j] = round4(rnd.nextDouble() * 2 - 1);
      y[r] = round4(label.applyAsDouble(x[r]));
    }
    return new Rows(x, y);
  }

  static Path file(String name, Rows rows) throws IOException {
    Path p = tmp.resolve(name);
    rows.write(p);
    return p;
  }

  static Rows regressionTrain;
  static Rows regressionTest;

  @BeforeAll
  static void start() throws IOException {
    SparkTestSession.get();
    SplittableRandom noise = new SplittableRandom(3);
    ToDoubleFunction<double[]> line = x -> 0.5 + 2 * x[0] - x[1] + 0.3 * x[2] + 0.05 * noise.nextGaussian();
    regressionTrain = generate(400, 3, 1, line);
    regressionTest = generate(100, 3, 2, line);
    file("reg-train.libsvm", regressionTrain);
    file("reg-test.libsvm", regressionTest);
  }

  static CliRunner.Out train(String out, String... sets) {
    List<String> args = new ArrayList<>(List.of("train", "--output", tmp.resolve(out).toString(), "--config",
        "conf/sample.conf", "--set", "data.format=libsvm", "--set", "trainer.partitions=3", "--set",
        "data.min_rating=-1000", "--set", "data.max_rating=1000"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return CliRunner.run(args.toArray(String[]::new));
  }

  static Map<String, Object> trained(String out, String... sets) {
    CliRunner.Out r = train(out, sets);
    assertEquals(0, r.code(), r::show);
    Map<String, Object> s = Json.readMap(CliRunner.lastLine(r.out()));
    assertEquals("ok", s.get("status"), r::show);
    return s;
  }

  static Map<String, Object> evaluate(String run, String input, String... more) {
    List<String> args = new ArrayList<>(List.of("evaluate", "--model", tmp.resolve(run).resolve("model").toString(),
        "--input", input));
    args.addAll(List.of(more));
    CliRunner.Out r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r::show);
    return Json.readMap(CliRunner.lastLine(r.out()));
  }

  static List<String> predict(String run, String input, String... more) throws IOException {
    Path out = tmp.resolve(run + "-pred.txt");
    List<String> args = new ArrayList<>(List.of("predict", "--model", tmp.resolve(run).resolve("model").toString(),
        "--input", input, "--output", out.toString(), "--overwrite"));
    args.addAll(List.of(more));
    CliRunner.Out r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r::show);
    return Files.readAllLines(out);
  }

  static double num(Map<String, Object> m, String key) {
    assertTrue(m.get(key) instanceof Number, () -> key + " missing in " + m);
    return ((Number) m.get(key)).doubleValue();
  }

  static FeatureModelFile load(String run) throws IOException {
    return (FeatureModelFile) ModelFile.load(tmp.resolve(run).resolve("model").toString(), new Configuration());
  }

  @Test
  void seedLinearRegressionLearnsTheLine() {
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/seed-linear-regression.conf", "--output",
        tmp.resolve("seed").toString());
    assertEquals(0, r.code(), r::show);
    Map<String, Object> s = Json.readMap(CliRunner.lastLine(r.out()));
    @SuppressWarnings("unchecked")
    Map<String, List<Number>> p = (Map<String, List<Number>>) s.get("parameters");
    double w = p.get("w").get(0).doubleValue();
    double b = p.get("b").get(0).doubleValue();
    assertTrue(Math.abs(w - 1) < 0.01 && Math.abs(b) < 0.02, "y = x: w " + w + ", b " + b);
    assertEquals(100L, ((Number) s.get("rounds")).longValue(), "full batch: one round per epoch");
  }

  @Test
  void linearRegressionTrainsEvaluatesAndPredicts() throws IOException {
    String test = tmp.resolve("reg-test.libsvm").toString();
    Map<String, Object> s = trained("linear", "model.type=linear", "data.train=" + tmp.resolve("reg-train.libsvm"),
        "data.test=" + test, "optimizer.lr=0.5", "trainer.epochs=60");
    assertTrue(num(s, "test_rmse") < 0.1, "noise 0.05: " + s);
    assertEquals(100L, s.get("test_count"));
    @SuppressWarnings("unchecked")
    Map<String, List<Number>> p = (Map<String, List<Number>>) s.get("parameters");
    assertEquals(2, p.get("w").get(0).doubleValue(), 0.05, "planted 2: " + p);
    Map<String, Object> e = evaluate("linear", test);
    assertEquals(num(s, "test_rmse"), num(e, "rmse"), 0.0, "the run's test set, the same bits");
    assertEquals(num(s, "test_mae"), num(e, "mae"), 0.0);
    List<String> lines = predict("linear", test);
    FeatureModelFile m = load("linear");
    assertEquals(regressionTest.y().length, lines.size());
    double[] w = m.weights();
    for (int r = 0; r < lines.size(); r++) {
      double[] x = regressionTest.x()[r];
      double expected = w[0];
      for (int j = 0; j < 3; j++) expected += w[1 + j] * (double) (float) x[j];
      assertEquals(expected, Double.parseDouble(lines.get(r)), 1e-12, "row " + r);
    }
  }

  @Test
  void logisticRegressionReportsAccuracyLogLossAndAuc() throws IOException {
    SplittableRandom rnd = new SplittableRandom(9);
    ToDoubleFunction<double[]> label = x -> rnd.nextDouble() < 1 / (1 + Math.exp(-(4 * x[0] - 4 * x[1] + 0.5)))
        ? 1 : -1;
    Path train = file("bin-train.libsvm", generate(600, 4, 4, label));
    Path test = file("bin-test.libsvm", generate(200, 4, 5, label));
    Map<String, Object> s = trained("logistic", "model.type=logistic", "data.train=" + train, "data.test=" + test,
        "optimizer.lr=1", "trainer.epochs=40");
    assertTrue(num(s, "test_accuracy") > 0.75 && num(s, "test_auc") > 0.85 && num(s, "test_log_loss") < 0.55,
        s.toString());
    Map<String, Object> e = evaluate("logistic", test.toString());
    for (String k : List.of("accuracy", "log_loss", "auc")) assertEquals(num(s, "test_" + k), num(e, k), 0.0, k);
    List<String> lines = predict("logistic", test.toString());
    assertEquals(200, lines.size());
    long agree = 0;
    for (String l : lines) {
      double p = Double.parseDouble(l);
      assertTrue(p > 0 && p < 1, l);
    }
    List<String> rows = Files.readAllLines(test);
    for (int r = 0; r < rows.size(); r++) {
      boolean positive = rows.get(r).startsWith("1");
      if ((Double.parseDouble(lines.get(r)) >= 0.5) == positive) agree++;
    }
    assertEquals(num(s, "test_accuracy"), agree / 200.0, 1e-12, "predict's probabilities give the run's accuracy");
  }

  static Rows clusters(int n, long seed) {
    double[][] centres = {{0.6, 0.6}, {-0.6, 0.6}, {0, -0.6}};
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] x = new double[n][2];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      int c = rnd.nextInt(3);
      y[r] = c;
      for (int j = 0; j < 2; j++) x[r][j] = round4(centres[c][j] + 0.3 * rnd.nextGaussian());
    }
    return new Rows(x, y);
  }

  @Test
  void softmaxInfersTheClassesAndReportsTheConfusionMatrix() throws IOException {
    Rows testRows = clusters(150, 8);
    Path train = file("cls-train.libsvm", clusters(600, 7));
    Path test = file("cls-test.libsvm", testRows);
    Map<String, Object> s = trained("softmax", "model.type=softmax", "data.train=" + train, "data.test=" + test,
        "optimizer.lr=1", "trainer.epochs=30");
    assertTrue(num(s, "test_accuracy") > 0.85, s.toString());
    @SuppressWarnings("unchecked")
    List<List<Number>> confusion = (List<List<Number>>) s.get("test_confusion");
    assertEquals(3, confusion.size(), "data.num_classes = 0: the largest label + 1");
    for (int c = 0; c < 3; c++) {
      long truth = 0;
      for (double y : testRows.y()) if (y == c) truth++;
      long row = 0;
      for (Number v : confusion.get(c)) row += v.longValue();
      assertEquals(truth, row, "row " + c + " holds the rows of true class " + c);
    }
    Map<String, Object> e = evaluate("softmax", test.toString());
    assertEquals(s.get("test_confusion"), e.get("confusion"));
    assertEquals(num(s, "test_log_loss"), num(e, "log_loss"), 0.0);
    List<String> lines = predict("softmax", test.toString());
    assertEquals(150, lines.size());
    for (String l : lines) {
      String[] f = l.split("\t");
      assertEquals(4, f.length, l);
      double sum = Double.parseDouble(f[1]) + Double.parseDouble(f[2]) + Double.parseDouble(f[3]);
      assertEquals(1, sum, 1e-12, l);
      int c = Integer.parseInt(f[0]);
      for (int k = 1; k <= 3; k++) assertTrue(Double.parseDouble(f[c + 1]) >= Double.parseDouble(f[k]), l);
    }
    String[] metricsLines = Files.readString(tmp.resolve("softmax/metrics.jsonl")).strip().split("\n");
    assertTrue(Json.readMap(metricsLines[metricsLines.length - 2]).get("test_confusion") instanceof List,
        "metrics.jsonl holds the matrix too");
  }

  @Test
  void mlpLearnsXor() {
    ToDoubleFunction<double[]> xor = x -> x[0] * x[1] > 0 ? 1 : 0;
    Map<String, Object> s = trained("mlp", "model.type=mlp", "model.hidden=[16]", "data.num_classes=2",
        "data.train=" + fileUnchecked("xor-train.libsvm", generate(800, 2, 11, xor)),
        "data.test=" + fileUnchecked("xor-test.libsvm", generate(200, 2, 12, xor)),
        "optimizer.lr=0.5", "trainer.batch_size=100", "trainer.epochs=40");
    assertTrue(num(s, "test_accuracy") > 0.85, "a linear model cannot beat ~0.5 on XOR: " + s);
  }

  static Path fileUnchecked(String name, Rows rows) {
    try {
      return file(name, rows);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void factorizationMachineLearnsAnInteraction() throws IOException {
    ToDoubleFunction<double[]> pair = x -> 1 + 2 * x[0] * x[1] - x[2];
    Path train = file("fm-train.libsvm", generate(600, 3, 21, pair));
    Path test = file("fm-test.libsvm", generate(150, 3, 22, pair));
    Map<String, Object> s = trained("fm", "model.type=fm", "model.rank=2", "model.init_std=0.1",
        "data.train=" + train, "data.test=" + test, "optimizer.lr=0.5", "trainer.batch_size=50",
        "trainer.epochs=30");
    assertTrue(num(s, "test_rmse") < 0.1, "exactly representable at rank 2: " + s);
    FeatureModelFile m = load("fm");
    assertEquals("fm", m.type());
    assertEquals(num(s, "test_rmse"), num(evaluate("fm", test.toString()), "rmse"), 0.0);
  }

  @Test
  void factorizationMachineTrainsOnRatings() throws IOException {
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", tmp.resolve("fm-ratings")
        .toString(), "--set", "model.type=fm", "--set", "model.rank=4", "--set", "optimizer.lr=0.2", "--set",
        "trainer.batch_size=2000", "--set", "trainer.epochs=3");
    assertEquals(0, r.code(), r::show);
    Map<String, Object> s = Json.readMap(CliRunner.lastLine(r.out()));
    assertTrue(num(s, "test_rmse") < 1.2, "ratings in [0.5, 5]: " + s);
    FeatureModelFile m = load("fm-ratings");
    assertTrue(m.meta().get("features") instanceof Map, "the model records the rows' index space");
    assertTrue(Files.isDirectory(tmp.resolve("fm-ratings/features")), "the run keeps the feature maps");
    assertOneLineError(CliRunner.run("evaluate", "--model", tmp.resolve("fm-ratings/model").toString(), "--input",
        "data/sample/test.tsv"), Main.EXIT_CONFIG, "--format tsv: expected libsvm or idx");
  }

  /** Writes IDX files: {@code n} images of 2x2 pixels and their labels (class = the brightest pixel). */
  static void idx(Path images, Path labels, int n, long seed) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    try (DataOutputStream im = new DataOutputStream(Files.newOutputStream(images));
        DataOutputStream lb = new DataOutputStream(Files.newOutputStream(labels))) {
      im.writeInt(0x803);
      im.writeInt(n);
      im.writeInt(2);
      im.writeInt(2);
      lb.writeInt(0x801);
      lb.writeInt(n);
      for (int r = 0; r < n; r++) {
        int c = rnd.nextInt(3);
        for (int k = 0; k < 4; k++) im.writeByte(k == c ? 200 + rnd.nextInt(56) : rnd.nextInt(60));
        lb.writeByte(c);
      }
    }
  }

  @Test
  void idxImagesTrainEvaluateAndPredictWithTheirLabels() throws IOException {
    Path trainImages = tmp.resolve("train-images-idx3-ubyte");
    Path trainLabels = tmp.resolve("train-labels-idx1-ubyte");
    Path testImages = tmp.resolve("t10k-images-idx3-ubyte");
    Path testLabels = tmp.resolve("t10k-labels-idx1-ubyte");
    idx(trainImages, trainLabels, 300, 31);
    idx(testImages, testLabels, 90, 32);
    Map<String, Object> s = trained("idx", "model.type=softmax", "data.format=idx", "data.num_classes=4",
        "data.train=" + trainImages, "data.labels=" + trainLabels, "data.test=" + testImages,
        "data.test_labels=" + testLabels, "optimizer.lr=2", "trainer.epochs=30");
    assertTrue(num(s, "test_accuracy") > 0.9, s.toString());
    Map<String, Object> e = evaluate("idx", testImages.toString(), "--labels", testLabels.toString());
    assertEquals(num(s, "test_accuracy"), num(e, "accuracy"), 0.0);
    assertEquals(90, predict("idx", testImages.toString(), "--labels", testLabels.toString()).size());
    assertOneLineError(CliRunner.run("evaluate", "--model", tmp.resolve("idx/model").toString(), "--input",
        testImages.toString()), Main.EXIT_CONFIG, "--labels", "IDX label file");
    assertOneLineError(CliRunner.run("recommend", "--model", tmp.resolve("idx/model").toString(), "--user", "1"),
        Main.EXIT_CONFIG, "holds a model of type softmax; recommend needs one of type mf");
  }

  @Test
  void aLabelThatDoesNotFitTheModelNamesFileLineAndValue() throws IOException {
    Path bad = tmp.resolve("bad-binary.libsvm");
    Files.writeString(bad, "1 1:0.5\n-1 2:0.25\n2 1:1\n");
    String err = assertOneLineError(train("bad-binary", "model.type=logistic", "data.train=" + bad),
        Main.EXIT_DATA, bad + ":3", "'2'");
    assertTrue(err.contains("binary"), err);
    assertTrue(!Files.exists(tmp.resolve("bad-binary")), "bad data fails before the run directory is made");

    Path train = file("cls-train2.libsvm", clusters(60, 1));
    Path test = tmp.resolve("cls-test-bad.libsvm");
    Files.writeString(test, "0 1:0.5\n1 1:0.1\n5 2:0.2\n");
    assertOneLineError(train("bad-class", "model.type=softmax", "data.train=" + train, "data.test=" + test),
        Main.EXIT_DATA, test + ":3", "[0, 3)");
  }

  @Test
  void badConfigNamesKeyAndRange() {
    String train = tmp.resolve("reg-train.libsvm").toString();
    assertOneLineError(train("x", "model.type=mlp", "model.hidden=[0]", "data.train=" + train), Main.EXIT_CONFIG,
        "'model.hidden'", "[1, 65536]");
    assertOneLineError(CliRunner.run("train", "--config", "conf/sample.conf", "--output", tmp.resolve("y").toString(),
        "--set", "model.type=linear"), Main.EXIT_CONFIG, "'data.format' = \"tsv\"", "libsvm or idx");
    assertOneLineError(train("z", "model.type=mf", "data.train=" + train), Main.EXIT_CONFIG, "'data.format'",
        "(user, item, rating)");
  }
}
