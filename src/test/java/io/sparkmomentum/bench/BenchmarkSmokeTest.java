package io.sparkmomentum.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick mode's core ({@link Suite} with {@link Benchmark#quickSettings}) on the bundled synthetic sample
 * (data/sample, 32k/8k ratings): every system runs, and the Markdown tables and the JSON have their structure.
 * Timings are not asserted. Needs nothing outside the repository, so it never skips.
 */
class BenchmarkSmokeTest {
  @TempDir
  Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void quickCoreOnSample() throws Exception {
    SparkSession spark = SparkTestSession.get();
    spark.sparkContext().setCheckpointDir(tmp.resolve("checkpoints").toString());
    Suite.DatasetSpec spec = new Suite.DatasetSpec("sample", new File("conf/sample.conf"),
        List.<String[]>of(new String[] {"sample", "data/sample/train.tsv", "data/sample/test.tsv"}),
        List.of("data.format=tsv", "data.min_rating=0.5", "data.max_rating=5"));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Results r = new Suite(spark, Benchmark.quickSettings(1), new PrintStream(log, true, StandardCharsets.UTF_8))
        .run(List.of(spec));
    ByteArrayOutputStream md = new ByteArrayOutputStream();
    Benchmark.write(r, tmp, new PrintStream(md, true, StandardCharsets.UTF_8));
    String text = md.toString(StandardCharsets.UTF_8);

    // Markdown: title, the summary table (header, rule, one row per system), the per-fold table, our selection.
    assertTrue(text.startsWith("## Benchmark (quick mode, 1 repeats, local[2"), text);
    assertTrue(text.contains("### sample (split sample)"), text);
    assertTrue(text.contains(Report.SUMMARY_HEAD + Report.SUMMARY_TAIL + "\n|---|---:|---:|---:|---:|---:|\n"), text);
    for (String s : Results.SYSTEMS) {
      boolean required = !s.equals(Results.OURS_FAST); // only when a faster candidate is close enough
      assertEquals(required ? 1 : text.lines().filter(l -> l.startsWith("| " + s + " | ")).count(),
          text.lines().filter(l -> l.startsWith("| " + s + " | ") && l.split("\\|", -1).length == 8).count(),
          "summary row of " + s + "\n" + text);
      assertEquals(required ? 1 : text.lines().filter(l -> l.startsWith("| sample | " + s + " | ")).count(),
          text.lines().filter(l -> l.startsWith("| sample | " + s + " | ") && l.split("\\|", -1).length == 10).count(),
          "per-fold row of " + s + "\n" + text);
    }
    assertTrue(text.contains("| candidate | overrides | rounds | validation RMSE | seconds | chosen |"), text);
    assertTrue(text.contains("Machine 1-minute load average"), text);
    assertEquals(1, text.lines().filter(l -> l.contains("**yes**")).count(), text);
    assertEquals(text, Files.readString(tmp.resolve("bench.md")));

    // JSON.
    Map<String, Object> json = Json.readMap(Files.readString(tmp.resolve("bench.json")));
    Map<String, Object> meta = (Map<String, Object>) json.get("meta");
    assertEquals("quick", meta.get("mode"));
    assertEquals(1L, meta.get("repeats"));
    assertTrue(((Number) meta.get("seconds_total")).doubleValue() > 0);
    List<Object> datasets = (List<Object>) json.get("datasets");
    assertEquals(1, datasets.size());
    Map<String, Object> d = (Map<String, Object>) datasets.get(0);
    assertEquals("sample", d.get("name"));
    assertEquals(List.of("sample"), d.get("folds"));
    double target = ((Number) ((Map<String, Object>) d.get("als_best_rmse")).get("sample")).doubleValue();
    Map<String, Object> sel = (Map<String, Object>) d.get("our_selection");
    assertEquals(2, ((List<Object>) sel.get("candidates")).size());
    assertNotNull(sel.get("chosen"));
    assertTrue(sel.get("on").toString().contains("held out"));
    List<Object> systems = (List<Object>) d.get("systems");
    List<String> expected = new java.util.ArrayList<>(Results.SYSTEMS);
    if (sel.get("fast") == null) expected.remove(Results.OURS_FAST);
    assertEquals(expected, systems.stream().map(x -> ((Map<String, Object>) x).get("system")).toList());
    for (Object o : systems) {
      Map<String, Object> s = (Map<String, Object>) o;
      Map<String, Object> fold = (Map<String, Object>) ((Map<String, Object>) s.get("folds")).get("sample");
      double rmse = ((Number) fold.get("test_rmse")).doubleValue();
      assertTrue(rmse > 0.3 && rmse < 2, s.get("system") + " RMSE " + rmse);
      assertEquals(1, ((List<Object>) fold.get("fit_seconds")).size(), s.get("system") + " repeats");
      assertFalse(fold.get("config").toString().isEmpty(), s.get("system") + " config");
      double warm = ((Number) fold.get("test_rmse_warm_only")).doubleValue();
      assertTrue(warm > 0.3 && warm < 2, s.get("system") + " warm RMSE " + warm);
      assertEquals(1, ((List<Object>) fold.get("load_average_1min")).size());
      if (Results.ours(s.get("system").toString())) {
        assertEquals(target, ((Number) fold.get("target_rmse")).doubleValue());
        assertEquals(1, ((List<Object>) fold.get("time_to_target_seconds")).size());
        List<Object> curve = (List<Object>) fold.get("curve");
        int epochs = fold.get("config").toString().contains("5 epochs") ? 5 : 3;
        assertEquals(epochs, curve.size(), "one evaluation per epoch (" + epochs + " epochs)");
        Map<String, Object> last = (Map<String, Object>) curve.get(epochs - 1);
        assertEquals(rmse, ((Number) last.get("test_rmse")).doubleValue(), 1e-12,
            "driver-side final RMSE = the trainer's last distributed evaluation");
        assertTrue(((Map<String, Object>) fold.get("median_round_ms")).containsKey("broadcast"));
      }
      if (s.get("system").equals(Results.ALS2)) assertEquals(target, rmse, 1e-12, "ALS 2 blocks = the grid's best");
    }
    Map<String, Object> grids = (Map<String, Object>) d.get("grids");
    // 5 bias lambdas + 2 ALS + 1 FM points.
    assertEquals(8, ((List<Object>) grids.get("sample")).size());
  }
}
