package io.sparkmomentum.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
  final Configuration conf = new Configuration();
  @TempDir Path tmp;

  static Map<String, Object> record(long round, double loss) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", round);
    m.put("loss", loss);
    m.put("phase", "train\nline");
    return m;
  }

  @Test
  void linesParseBackAndAreVisibleBeforeClose() throws Exception {
    Path file = tmp.resolve("run/metrics.jsonl");
    try (MetricsLog log = MetricsLog.create(file.toString(), conf, false)) {
      log.write(record(1, 0.5));
      log.write(record(2, 0.1 + 0.2));
      // flushed: another reader sees both lines while the log is still open
      List<String> lines = Files.readAllLines(file);
      assertEquals(2, lines.size());
      assertEquals("{\"round\":1,\"loss\":0.5,\"phase\":\"train\\nline\"}", lines.get(0));
    }
    List<Map<String, Object>> back = MetricsLog.read(file.toString(), conf);
    assertEquals(List.of(record(1, 0.5), record(2, 0.1 + 0.2)), back);
    assertThrows(IOException.class, () -> {
      MetricsLog log = MetricsLog.create(file.toString(), conf, true);
      log.close();
      log.write(record(3, 1));
    });
  }

  @Test
  void appendAndReplace() throws Exception {
    Path file = tmp.resolve("metrics.jsonl");
    try (MetricsLog log = MetricsLog.create(file.toString(), conf, true)) {
      log.write(record(1, 1.0));
    }
    try (MetricsLog log = MetricsLog.create(file.toString(), conf, true)) {
      log.write(record(2, Double.NaN));
    }
    List<Map<String, Object>> back = MetricsLog.read(file.toString(), conf);
    assertEquals(2, back.size());
    assertEquals("NaN", back.get(1).get("loss"));
    try (MetricsLog log = MetricsLog.create(file.toString(), conf, false)) {
      log.write(record(9, 9.0));
    }
    assertEquals(List.of(record(9, 9.0)), MetricsLog.read(file.toString(), conf));
  }

  @Test
  void tornLastLineIsSkippedAndTerminatedOnAppend() throws Exception {
    Path file = tmp.resolve("metrics.jsonl");
    Files.writeString(file, "{\"round\":1,\"loss\":0.5,\"phase\":\"a\"}\n{\"round\":2,\"lo");
    assertEquals(1, MetricsLog.read(file.toString(), conf).size());
    try (MetricsLog log = MetricsLog.create(file.toString(), conf, true)) {
      log.write(record(3, 0.25));
    }
    assertEquals(3, Files.readAllLines(file).size());
    List<Map<String, Object>> back = MetricsLog.read(file.toString(), conf);
    assertEquals(List.of(1L, 3L), List.of(back.get(0).get("round"), back.get(1).get("round")));
    Files.writeString(file, "\n\n", StandardOpenOption.APPEND);
    assertEquals(2, MetricsLog.read(file.toString(), conf).size());
  }
}
