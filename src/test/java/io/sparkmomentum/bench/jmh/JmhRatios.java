package io.sparkmomentum.bench.jmh;

import io.sparkmomentum.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JMH's JSON result ({@code -rf json}) of {@link KernelBenchmark} and prints, per shape, every benchmark's
 * throughput and its ratio to {@code tightLoop} with the error propagated from JMH's 99.9% confidence half-widths
 * ({@code r·sqrt((ea/a)² + (eb/b)²)}, to first order).
 */
public final class JmhRatios {
  private JmhRatios() {}

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    List<Object> results = Json.readList(Files.readString(Path.of(args[0])));
    Map<String, Map<String, double[]>> byShape = new LinkedHashMap<>();
    for (Object o : results) {
      Map<String, Object> r = (Map<String, Object>) o;
      String name = r.get("benchmark").toString();
      if (!name.contains(".KernelBenchmark.")) continue; // other benchmarks (MlpGradientBenchmark) have JMH's table
      name = name.substring(name.lastIndexOf('.') + 1);
      Map<String, Object> params = (Map<String, Object>) r.getOrDefault("params", Map.of());
      String shape = String.valueOf(params.get("shape"));
      Map<String, Object> m = (Map<String, Object>) r.get("primaryMetric");
      double score = ((Number) m.get("score")).doubleValue();
      double err = m.get("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN;
      byShape.computeIfAbsent(shape, k -> new LinkedHashMap<>()).put(name, new double[] {score, err});
    }
    StringBuilder b = new StringBuilder("## JMH: gradient kernel vs tight loop (rank 32, ratings/s, ± 99.9% CI)\n\n");
    b.append("| shape (users x items) | benchmark | Mratings/s | ± | ratio to tightLoop | ± |\n");
    b.append("|---|---|---:|---:|---:|---:|\n");
    for (var e : byShape.entrySet()) {
      double[] base = e.getValue().get("tightLoop");
      for (var x : e.getValue().entrySet()) {
        double[] v = x.getValue();
        double ratio = base == null ? Double.NaN : v[0] / base[0];
        double rerr = base == null ? Double.NaN
            : ratio * Math.sqrt(Math.pow(v[1] / v[0], 2) + Math.pow(base[1] / base[0], 2));
        b.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %.3f | %s |%n", e.getKey(), x.getKey(),
            v[0] / 1e6, Double.isNaN(v[1]) ? "—" : String.format(Locale.ROOT, "%.2f", v[1] / 1e6), ratio,
            Double.isNaN(rerr) ? "—" : String.format(Locale.ROOT, "%.3f", rerr)));
      }
    }
    System.out.print(b);
  }
}
