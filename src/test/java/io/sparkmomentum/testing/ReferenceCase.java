package io.sparkmomentum.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.model.FactorizationMachine;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.LinearRegression;
import io.sparkmomentum.model.LogisticRegression;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.Mlp;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.RatingColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One PyTorch reference trajectory (see {@code ../shared/reference/README.md}), parsed. Parameter tensors are
 * flattened in order into one vector, which is exactly our {@code ParameterLayout} order for every problem.
 */
public record ReferenceCase(String file, JsonNode problem, double[] init, OptimizerConfig optimizer,
    int accumulationSteps, int numBatches, int steps, double[] losses, double[] lrs, double[] gradNorms,
    double[][] trajectory) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The copy of {@code ../shared/reference} (plus 8 derived cases) in the test resources. */
  public static final Path DEFAULT_DIR = Paths.get("src/test/resources/reference");
  /** The copy of {@code ../shared/reference-models} in the test resources. */
  public static final Path DEFAULT_MODELS_DIR = Paths.get("src/test/resources/reference-models");

  /** The folder named by system property {@code reference.dir}, else the copy in the test resources. */
  public static Path dir() {
    String d = System.getProperty("reference.dir");
    Path p = d == null || d.isBlank() ? DEFAULT_DIR : Paths.get(d);
    if (!Files.isDirectory(p)) throw new IllegalStateException("reference.dir " + p.toAbsolutePath() + " is not a directory");
    return p;
  }

  /**
   * The folder of the model references (fm, mlp) replayed besides {@link #dir()}: system property
   * {@code reference.models.dir}, else the copy of {@code ../shared/reference-models} in the test resources.
   */
  public static Path modelsDir() {
    String d = System.getProperty("reference.models.dir");
    Path p = d == null || d.isBlank() ? DEFAULT_MODELS_DIR : Paths.get(d);
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("reference.models.dir " + p.toAbsolutePath() + " is not a directory");
    }
    return p;
  }

  /**
   * The folders to replay: {@link #dir()}, plus {@link #modelsDir()} when {@code reference.dir} is the default copy
   * or {@code reference.models.dir} is set. So a default run covers both copies, and
   * {@code -Dreference.dir=../shared/reference-models} replays just that folder.
   */
  public static List<Path> dirs() throws IOException {
    Path a = dir();
    String models = System.getProperty("reference.models.dir");
    boolean both = (models != null && !models.isBlank()) || Files.isSameFile(a, DEFAULT_DIR);
    return both && !Files.isSameFile(a, modelsDir()) ? List.of(a, modelsDir()) : List.of(a);
  }

  /** Every {@code *.json} in {@link #dir()}, sorted by name. */
  public static List<Path> files() throws IOException {
    return files(dir());
  }

  /** Every {@code *.json} in {@link #dirs()}, folder by folder, each sorted by name. */
  public static List<Path> allFiles() throws IOException {
    List<Path> all = new ArrayList<>();
    for (Path d : dirs()) all.addAll(files(d));
    return all;
  }

  /** Every {@code *.json} in {@code dir}, sorted by name. */
  public static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
      if (files.isEmpty()) throw new IllegalStateException("no *.json reference files in " + dir.toAbsolutePath());
      return files;
    }
  }

  public static ReferenceCase load(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    JsonNode o = root.get("optimizer");
    int k = root.get("accumulation_steps").asInt();
    JsonNode clip = root.get("clip_grad_norm");
    OptimizerConfig cfg = new OptimizerConfig(o.get("lr").asDouble(), o.get("momentum").asDouble(),
        o.get("dampening").asDouble(), o.get("nesterov").asBoolean(), o.get("weight_decay").asDouble(),
        schedule(root.get("schedule")), clip == null || clip.isNull() ? 0 : clip.asDouble(), k,
        OptimizerConfig.Convention.PYTORCH, OptimizerConfig.SparseUpdate.DENSE);
    JsonNode traj = root.get("trajectory");
    double[][] trajectory = new double[traj.size()][];
    for (int s = 0; s < traj.size(); s++) trajectory[s] = flatten(traj.get(s));
    return new ReferenceCase(file.getFileName().toString(), root.get("problem"), flatten(root.get("init")), cfg, k,
        root.get("num_batches").asInt(), root.get("steps").asInt(), flatten(root.get("losses")),
        flatten(root.get("lrs")), flatten(root.get("grad_norms_before_clip")), trajectory);
  }

  static ScheduleConfig schedule(JsonNode s) {
    return switch (s.get("type").asText()) {
      case "constant" -> ScheduleConfig.constant();
      case "step" -> ScheduleConfig.step(s.get("step_size").asInt(), s.get("gamma").asDouble());
      case "exponential" -> ScheduleConfig.exponential(s.get("gamma").asDouble());
      case "cosine" -> ScheduleConfig.cosine(s.get("t_max").asInt(), s.get("eta_min").asDouble());
      case "linear_warmup" -> ScheduleConfig.linearWarmup(s.get("start_factor").asDouble(),
          s.get("total_iters").asInt());
      default -> throw new IllegalArgumentException("unknown schedule " + s);
    };
  }

  /** Depth-first flattening of nested JSON number lists. */
  public static double[] flatten(JsonNode n) {
    List<Double> out = new ArrayList<>();
    flatten(n, out);
    double[] a = new double[out.size()];
    for (int i = 0; i < a.length; i++) a[i] = out.get(i);
    return a;
  }

  private static void flatten(JsonNode n, List<Double> out) {
    if (n.isArray()) {
      for (JsonNode c : n) flatten(c, out);
    } else {
      out.add(n.asDouble());
    }
  }

  /** This case with {@code label} appended to its name (e.g. the data representation), for failure messages. */
  public ReferenceCase withLabel(String label) {
    return new ReferenceCase(file + " [" + label + "]", problem, init, optimizer, accumulationSteps, numBatches, steps,
        losses, lrs, gradNorms, trajectory);
  }

  public String type() {
    return problem.get("type").asText();
  }

  public int numExamples() {
    return type().equals("mf") ? problem.get("ratings").size() : problem.get("y").size();
  }

  /**
   * Rows {@code [b·size, (b+1)·size)} of slice {@code b}, with {@code size = n / num_batches} (floor): the reference
   * README's rule. The last {@code n mod num_batches} rows are in no slice and never used.
   */
  public int[] batchBounds(int b) {
    if (b < 0 || b >= numBatches) {
      throw new IllegalArgumentException(file + ": batch " + b + " is outside [0, " + numBatches + ")");
    }
    int size = numExamples() / numBatches;
    if (size == 0) {
      throw new IllegalStateException(file + ": " + numExamples() + " rows cannot make " + numBatches
          + " non-empty slices");
    }
    return new int[] {b * size, (b + 1) * size};
  }

  /** Rows of no slice: the last {@code n mod num_batches}. */
  public int remainderRows() {
    return numExamples() % numBatches;
  }

  /** Columns {@code [fromColumn, d)} of {@code X} with labels {@code y}, as dense rows or as CSR (zeros dropped). */
  public FeatureRows featureRows(int fromColumn, boolean sparse) {
    JsonNode x = problem.get("X");
    int n = x.size();
    int dim = x.get(0).size() - fromColumn;
    double[] labels = flatten(problem.get("y"));
    if (!sparse) {
      double[] values = new double[n * dim];
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < dim; j++) values[r * dim + j] = x.get(r).get(fromColumn + j).asDouble();
      }
      return new FeatureRows(dim, null, null, values, labels, null);
    }
    int[] rowPtr = new int[n + 1];
    List<Integer> idx = new ArrayList<>();
    List<Double> vals = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < dim; j++) {
        double v = x.get(r).get(fromColumn + j).asDouble();
        if (v != 0) {
          idx.add(j);
          vals.add(v);
        }
      }
      rowPtr[r + 1] = idx.size();
    }
    return new FeatureRows(dim, rowPtr, idx.stream().mapToInt(Integer::intValue).toArray(),
        vals.stream().mapToDouble(Double::doubleValue).toArray(), labels, null);
  }

  /** A model and the data it replays this case on; {@code what} names the representation. */
  public record Setup<D>(String what, Model<D> model, D data) {}

  /**
   * The model of this case's problem and its data: {@code least_squares} → {@link LinearRegression} without
   * intercept; {@code logistic} → {@link LogisticRegression} with intercept on {@code X[:, 1:]}; {@code mf} →
   * {@link MatrixFactorization}; {@code fm} → {@link FactorizationMachine} (regression) on dense AND CSR rows;
   * {@code mlp} → {@link Mlp} with one hidden layer.
   */
  public List<Setup<?>> setups() {
    JsonNode p = problem;
    return switch (type()) {
      case "least_squares" -> {
        FeatureRows x = featureRows(0, false);
        yield List.of(new Setup<>("dense", new LinearRegression(x.dim(), false, 0), x));
      }
      case "logistic" -> {
        FeatureRows x = featureRows(1, false);
        yield List.of(new Setup<>("dense", new LogisticRegression(x.dim(), true, p.get("l2").asDouble()), x));
      }
      case "mf" -> List.of(new Setup<>("ratings", new MatrixFactorization(p.get("num_users").asInt(),
          p.get("num_items").asInt(), p.get("rank").asInt(), p.get("mu").asDouble(), p.get("lambda").asDouble(),
          p.get("lambda_bias").asDouble()), ratings()));
      case "fm" -> {
        int d = p.get("X").get(0).size();
        int rank = (init.length - 1 - d) / d;
        FactorizationMachine fm = new FactorizationMachine(d, rank, false, p.get("l2_linear").asDouble(),
            p.get("l2_factors").asDouble());
        yield List.of(new Setup<>("dense", fm, featureRows(0, false)), new Setup<>("csr", fm, featureRows(0, true)));
      }
      case "mlp" -> {
        FeatureRows x = featureRows(0, false);
        yield List.of(new Setup<>("dense", new Mlp(x.dim(), new int[] {p.get("hidden").asInt()},
            p.get("classes").asInt(), p.get("l2").asDouble()), x));
      }
      default -> throw new AssertionError(file + ": problem type " + type() + " has no model here");
    };
  }

  public RatingColumns ratings() {
    JsonNode rs = problem.get("ratings");
    int n = rs.size();
    int[] u = new int[n];
    int[] i = new int[n];
    float[] r = new float[n];
    for (int k = 0; k < n; k++) {
      JsonNode t = rs.get(k);
      u[k] = t.get(0).asInt();
      i[k] = t.get(1).asInt();
      double v = t.get(2).asDouble();
      r[k] = (float) v;
      if (r[k] != v) throw new IllegalStateException(file + ": rating " + v + " is not exact in float");
    }
    return new RatingColumns(u, i, r);
  }

  /** Relative error as the reference README defines it: {@code |a − ref| / max(1, |ref|)}. */
  public static double relErr(double actual, double ref) {
    return Math.abs(actual - ref) / Math.max(1.0, Math.abs(ref));
  }

  /** Fails naming the case, step and component when any component differs by more than {@code tol}. */
  public void assertClose(String what, int step, double[] actual, double[] ref, double tol) {
    if (actual.length != ref.length) {
      throw new AssertionError(file + " step " + step + " " + what + ": length " + actual.length + " != "
          + ref.length);
    }
    for (int j = 0; j < ref.length; j++) {
      double e = relErr(actual[j], ref[j]);
      if (!(e <= tol)) {
        throw new AssertionError(file + " step " + step + " " + what + "[" + j + "]: got " + actual[j]
            + ", reference " + ref[j] + " (relative error " + e + " > " + tol + ")");
      }
    }
  }
}
