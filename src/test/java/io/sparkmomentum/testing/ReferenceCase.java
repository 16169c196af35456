package io.sparkmomentum.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.model.DenseRows;
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

  /** The folder named by system property {@code reference.dir}, else the copy in the test resources. */
  public static Path dir() {
    String d = System.getProperty("reference.dir");
    Path p = d == null || d.isBlank() ? Paths.get("src/test/resources/reference") : Paths.get(d);
    if (!Files.isDirectory(p)) throw new IllegalStateException("reference.dir " + p.toAbsolutePath() + " is not a directory");
    return p;
  }

  /** Every {@code *.json} in {@link #dir()}, sorted by name. */
  public static List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir())) {
      List<Path> files = s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
      if (files.isEmpty()) throw new IllegalStateException("no *.json reference files in " + dir().toAbsolutePath());
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

  public DenseRows denseRows() {
    JsonNode x = problem.get("X");
    double[][] xs = new double[x.size()][];
    for (int r = 0; r < xs.length; r++) xs[r] = flatten(x.get(r));
    return new DenseRows(xs, flatten(problem.get("y")));
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
