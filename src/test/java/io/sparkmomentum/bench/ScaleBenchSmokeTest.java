package io.sparkmomentum.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
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
 * {@link ScaleBench} end to end on a tiny generated set (20,000 ratings, made by {@code generate} in a temporary
 * directory): one ALS grid point, the bias baseline and 6 of our epochs; the table and the JSON have their structure
 * and their figures agree with each other. Timings are not asserted. Needs nothing outside the repository.
 */
class ScaleBenchSmokeTest {
  @TempDir
  Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void tinyGeneratedSet() throws Exception {
    SparkSession spark = SparkTestSession.get();
    spark.sparkContext().setCheckpointDir(tmp.resolve("checkpoints").toString());
    ScaleBench.DataSet d = ScaleBench.generated(tmp.resolve("data"), 20_000, ScaleBench.label(20_000));
    assertEquals("20000", d.name());
    assertTrue(Files.size(d.train()) > 0 && Files.size(d.test()) > 0);
    // made once: a second call reuses the files
    long modified = Files.getLastModifiedTime(d.train()).toMillis();
    ScaleBench.generated(tmp.resolve("data"), 20_000, "20000");
    assertEquals(modified, Files.getLastModifiedTime(d.train()).toMillis());

    int epochs = 6;
    ScaleBench.Settings s = new ScaleBench.Settings(1, AlsSystem.grid(new int[] {4}, new double[] {0.1},
        new int[] {5}), epochs, List.of());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<Map<String, Object>> partial = new java.util.ArrayList<>();
    Map<String, Object> result = ScaleBench.run(spark, s, List.of(d), new PrintStream(log, true,
        StandardCharsets.UTF_8), partial::add);
    assertEquals(List.of(result), partial, "the result after each data set; the last one is the result");
    ByteArrayOutputStream md = new ByteArrayOutputStream();
    ScaleBench.write(result, tmp.resolve("out"), new PrintStream(md, true, StandardCharsets.UTF_8));
    String text = md.toString(StandardCharsets.UTF_8);

    assertTrue(text.startsWith("## Scale (local[2"), text);
    assertTrue(text.contains(ScaleBench.HEAD + "\n"), text);
    assertEquals(1, text.lines().filter(l -> l.startsWith("| 20000 | ") && l.split("\\|", -1).length == 15).count(),
        text);
    assertEquals(text, Files.readString(tmp.resolve("out/scale.md")));

    Map<String, Object> json = Json.readMap(Files.readString(tmp.resolve("out/scale.json")));
    assertTrue(((List<Object>) json.get("ours")).contains("model.gradient_scale=row"), json.get("ours").toString());
    Map<String, Object> r = (Map<String, Object>) ((List<Object>) json.get("datasets")).get(0);
    long train = ((Number) r.get("train")).longValue();
    long test = ((Number) r.get("test")).longValue();
    assertTrue(train + test <= 20_000 && test > 1_000 && test < 3_000, train + " / " + test);
    for (String k : List.of("als_rmse", "bias_rmse", "ours_rmse")) {
      double v = ((Number) r.get(k)).doubleValue();
      assertTrue(v > 0.2 && v < 2, k + " " + v);
    }
    List<List<Number>> curve = (List<List<Number>>) (List<?>) r.get("ours_curve");
    assertEquals(epochs, curve.size(), "one test evaluation per epoch");
    assertEquals(((Number) r.get("ours_rmse")).doubleValue(), curve.get(epochs - 1).get(2).doubleValue(), 1e-9,
        "driver-side final RMSE = the last epoch's evaluation");
    Object tttValue = ((List<Object>) r.get("ours_time_to_als_seconds")).get(0);
    double als = ((Number) ((List<Object>) r.get("als_fit_seconds")).get(0)).doubleValue();
    long epochToAls = ((Number) r.get("ours_epoch_to_als")).longValue();
    if (epochToAls > 0) {
      double ttt = ((Number) tttValue).doubleValue();
      assertEquals(curve.get((int) epochToAls - 1).get(1).doubleValue(), ttt, 1e-9);
      assertTrue(curve.get((int) epochToAls - 1).get(2).doubleValue() <= ((Number) r.get("als_rmse")).doubleValue());
      assertEquals(ttt / als, ((Number) r.get("ours_time_to_als_ratio")).doubleValue(), 1e-9);
    } else {
      assertEquals("NaN", String.valueOf(tttValue), "not reached: NaN (a string in JSON)");
    }
    assertTrue(((Number) r.get("ours_compute_ms_median")).doubleValue() >= 0);
    assertTrue(((Number) r.get("ratings_per_second_per_core")).doubleValue() > 0);
  }
}
