package io.sparkmomentum.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole page from run directories: sections, overlays of runs and tuning candidates, escaping, bad input. */
class ReportPageTest {
  @TempDir
  Path tmp;

  static final String CONFIG = "# the effective config\n{\"model\": {\"rank\": 4, \"type\": \"mf\"},"
      + " \"optimizer\": {\"lr\": 40, \"momentum\": 0.9}, \"trainer\": {\"epochs\": 2}}\n";

  static String round(long r, double loss, String extra) {
    return "{\"round\":" + r + ",\"epoch\":0,\"loss\":" + loss + ",\"grad_norm\":0.03,\"lr\":40.0,\"broadcast_ms\":1.5,"
        + "\"compute_ms\":2.5,\"aggregate_ms\":6.0,\"update_ms\":0.5" + extra + "}\n";
  }

  Path run(String name, String metrics, String config, String summary) throws IOException {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("metrics.jsonl"), metrics);
    if (config != null) Files.writeString(dir.resolve("config.conf"), config);
    if (summary != null) Files.writeString(dir.resolve("summary.json"), summary);
    return dir;
  }

  static RunRecord read(Path dir) throws IOException {
    return RunReader.read(new DirRunFiles(dir), dir.getFileName().toString());
  }

  static int count(String s, String part) {
    return ChartsTest.count(s, part);
  }

  String fourRounds(double scale) {
    return round(0, 1.0 * scale, "") + round(1, 0.8 * scale, ",\"test_rmse\":0.95,\"test_count\":100")
        + round(2, 0.7 * scale, "") + round(3, 0.6 * scale, ",\"test_rmse\":0.91,\"test_count\":100")
        + "{\"event\":\"stop\",\"round\":4,\"reason\":\"max_epochs\"}\n";
  }

  @Test
  void oneRunHasEverySection() throws IOException {
    Path dir = run("sample", fourRounds(1), CONFIG, "{\"status\":\"ok\",\"stop_reason\":\"max_epochs\","
        + "\"test_rmse\":0.91,\"rounds\":4,\"parameters\":{\"b\":[1.5,2]}}");
    String html = ReportPage.html(List.of(read(dir)));
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    for (String id : new String[] {"chart-loss", "chart-grad_norm", "chart-lr", "chart-test_rmse",
        "chart-time-sample"}) {
      assertEquals(1, count(html, "<svg id=\"" + id + "\""), id);
    }
    assertEquals(0, count(html, "<svg id=\"chart-test_count\""), "a count that never changes is not a chart");
    assertTrue(html.contains("<td>test_count</td><td>100</td><td>2</td>"), "but is listed");
    for (String section : new String[] {"runs", "rounds", "evaluations", "time", "events", "summary", "config"}) {
      assertEquals(1, count(html, "<section id=\"" + section + "\">"), section);
    }
    assertTrue(html.contains("<td>lr</td><td>40</td>") && html.contains("<h3>optimizer</h3>"), "config by section");
    assertTrue(html.contains("<td>parameters.b</td><td>[1.5,2]</td>"), "nested summary keys flattened");
    String time = figure(html, "chart-time-sample");
    for (String phase : new String[] {"broadcast", "compute", "aggregate", "update"}) {
      assertTrue(time.contains("</span>" + phase + "</li>"), "the phase " + phase + " in the time chart's legend");
    }
    assertEquals(16, count(time, "<rect "), "4 rounds × 4 phases");
  }

  @Test
  void theTimeTotalsAddEveryPhase() throws IOException {
    String html = ReportPage.html(List.of(read(run("t", fourRounds(1), null, null))));
    // 4 rounds × (1.5, 2.5, 6, 0.5) ms
    assertTrue(html.contains("<td>t</td><td>4</td><td>0.006 (14%)</td><td>0.01 (24%)</td><td>0.024 (57%)</td>"
        + "<td>0.002 (5%)</td><td>0.042</td>"), html);
  }

  @Test
  void severalRunsAreOverlaid() throws IOException {
    Path a = run("a", fourRounds(1), CONFIG, "{\"status\":\"ok\"}");
    Path b = run("b", fourRounds(2), CONFIG.replace("\"lr\": 40", "\"lr\": 80"), "{\"status\":\"ok\"}");
    String html = ReportPage.html(List.of(read(a), read(b)));
    String loss = figure(html, "chart-loss");
    assertEquals(2, ChartsTest.paths(loss).size(), "both runs on the loss chart");
    assertTrue(loss.contains("<li data-series=\"0\"") && loss.contains("<li data-series=\"1\""));
    assertEquals(2, ChartsTest.paths(figure(html, "chart-test_rmse")).size());
    assertEquals(1, count(html, "<svg id=\"chart-time-a\""), "a time chart per run");
    assertEquals(1, count(html, "<svg id=\"chart-time-b\""));
    assertTrue(html.contains("<h3>Keys that differ</h3>"));
    assertTrue(html.contains("<td>optimizer.lr</td><td>40</td><td>80</td>"), "the differing key side by side");
    String differ = html.substring(html.indexOf("<h3>Keys that differ</h3>"), html.indexOf("<details>"));
    assertFalse(differ.contains("model.rank"), "equal keys are not among the differences: " + differ);
    assertTrue(html.contains("<details><summary>a: every key</summary>"), "each config in full, folded");
  }

  @Test
  void tuningCandidatesAreExtraSeriesNamedByTheirDirectory() throws IOException {
    Path dir = run("auto", fourRounds(1), CONFIG, "{\"status\":\"ok\"}");
    Files.createDirectories(dir.resolve("tuning/lr-10"));
    Files.writeString(dir.resolve("tuning/lr-10/metrics.jsonl"), round(0, 2, ",\"validation_rmse\":1.1")
        + round(1, 1.5, ",\"validation_rmse\":1.0"));
    Files.createDirectories(dir.resolve("tuning/lr-20"));
    Files.writeString(dir.resolve("tuning/lr-20/metrics.jsonl"), round(0, 3, ",\"validation_rmse\":1.3"));
    Files.writeString(dir.resolve("tuning/lr-20/config.conf"), "optimizer.lr = 20\n");
    Files.createDirectories(dir.resolve("tuning/no-metrics"));
    RunRecord r = read(dir);
    assertEquals(List.of("lr-10", "lr-20"), r.candidates().stream().map(RunRecord::label).toList());
    String html = ReportPage.html(List.of(r));
    String loss = figure(html, "chart-loss");
    assertEquals(3, ChartsTest.paths(loss).size(), "the run and its two candidates");
    assertTrue(loss.contains(">lr-10</li>") && loss.contains(">lr-20</li>") && loss.contains(">auto</li>"), loss);
    String val = figure(html, "chart-validation_rmse");
    assertEquals(2, ChartsTest.paths(val).size(), "the candidates' validation metric");
    assertTrue(html.contains("<td>lr-20</td><td>") && html.contains("tuning/lr-20"), "in the overview");
    assertFalse(html.contains("no-metrics"), "a directory without metrics.jsonl is no candidate");
  }

  @Test
  void rollbacksAndDivergenceAreMarked() throws IOException {
    String log = round(0, 1, "") + round(1, 5, "") + "{\"event\":\"rollback\",\"round\":2,\"reason\":\"smoothed "
        + "loss 40 is more than 10x\",\"new_lr\":20.0}\n" + round(1, 0.9, "") + round(2, 0.8, "")
        + "{\"round\":3,\"loss\":\"NaN\",\"grad_norm\":\"NaN\",\"lr\":20}\n"
        + "{\"event\":\"diverged\",\"round\":3,\"reason\":\"loss is NaN\"}\n"
        + "{\"event\":\"stop\",\"reason\":\"diverged\",\"round\":3}\n";
    String html = ReportPage.html(List.of(read(run("div", log, null, "{\"status\":\"diverged\"}"))));
    String loss = figure(html, "chart-loss");
    assertEquals(1, count(loss, "<line class=\"marker marker-rollback\""));
    assertEquals(1, count(loss, "<line class=\"marker marker-diverged\""));
    assertEquals(0, count(loss, "marker-stop"), "a stop for divergence is the divergence's marker");
    assertEquals(1, count(loss, "class=\"series faded\""), "the undone round 1");
    assertEquals(1, count(loss, "class=\"nonfinite\""), "the NaN loss");
    assertTrue(html.contains("<td>div</td><td>2</td><td>rollback</td><td>reason: smoothed loss 40 is more than "
        + "10x; new_lr: 20.0</td>"), "the events table");
    assertTrue(html.contains("<td>1 rollback, 1 diverged</td>"));
  }

  @Test
  void nothingFromARunCanInjectMarkupOrScript() throws IOException {
    String evil = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    String metrics = "{\"round\":0,\"loss\":1,\"test_<b>x</b>\":0.5}\n{\"round\":1,\"loss\":0.5,\"test_<b>x</b>\":"
        + "0.4}\n{\"event\":\"rollback\",\"round\":1,\"reason\":\"" + evil.replace("\"", "\\\"") + "\"}\n";
    String config = "data.train = \"" + evil + "\"\n\"</td><script>k\" = 1\n";
    Path dir = run("x", metrics, config, "{\"status\":\"" + evil + "\"}");
    Files.createDirectories(dir.resolve("tuning/<svg onload=alert(3)>"));
    Files.writeString(dir.resolve("tuning/<svg onload=alert(3)>/metrics.jsonl"), "{\"round\":0,\"loss\":1}\n");
    String html = ReportPage.html(List.of(RunReader.read(new DirRunFiles(dir), "<i>label</i>")));
    assertEquals(2, count(html, "<script>"), "only the page's own two scripts");
    assertFalse(html.contains("<img") || html.contains("<b>") || html.contains("<i>") || html.contains("<svg onload"),
        "no markup from the run");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
    assertTrue(html.contains("&lt;svg onload=alert(3)&gt;"), "the candidate's name as text");
    assertTrue(html.contains("<svg id=\"chart-test__b_x__b_\""), "a safe chart id");
  }

  @Test
  void thePageLoadsNothing() throws IOException {
    String html = ReportPage.html(List.of(read(run("s", fourRounds(1), CONFIG, null))));
    assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none';"));
    assertFalse(html.contains("http:") || html.contains("https:") || html.contains("src=") || html.contains("href=")
        || html.contains("url("), "no external resource");
  }

  @Test
  void aRunWithoutRoundsStillRenders() throws IOException {
    String html = ReportPage.html(List.of(read(run("fresh", "", CONFIG, null))));
    assertEquals(1, count(html, "<svg id=\"chart-loss\""));
    assertTrue(html.contains("no values yet") && html.contains("no rounds yet"));
    assertTrue(html.contains("no summary.json (running, or stopped before it ended)"));
    assertTrue(html.contains("No evaluation recorded"));
  }

  @Test
  void badInputIsOneLineNamingTheFile() throws IOException {
    BadInputException missing = assertThrows(BadInputException.class,
        () -> RunReader.read(new DirRunFiles(tmp.resolve("nope")), "nope"));
    assertEquals(tmp.resolve("nope") + ": no such run directory; expected a directory written by train (holding "
        + "metrics.jsonl)", missing.getMessage());
    Files.createDirectories(tmp.resolve("empty"));
    BadInputException noMetrics = assertThrows(BadInputException.class,
        () -> RunReader.read(new DirRunFiles(tmp.resolve("empty")), "empty"));
    assertTrue(noMetrics.getMessage().startsWith(tmp.resolve("empty") + "/metrics.jsonl: not found"),
        noMetrics.getMessage());
    Path bad = run("bad", "{\"round\":0}\nnot json\n", null, null);
    BadInputException line = assertThrows(BadInputException.class, () -> read(bad));
    assertTrue(line.getMessage().startsWith(bad + "/metrics.jsonl:2: not a JSON object"), line.getMessage());
    Path badSummary = run("bad-summary", "", null, "{\"status\":");
    assertTrue(assertThrows(BadInputException.class, () -> read(badSummary)).getMessage()
        .startsWith(badSummary + "/summary.json: not a JSON object"));
    Path badConfig = run("bad-config", "", "model { rank = 4\n", null);
    String m = assertThrows(BadInputException.class, () -> read(badConfig)).getMessage();
    assertTrue(m.startsWith(badConfig + "/config.conf: not a readable config") && m.contains(": 2:")
        && !m.contains("\n"), m);
    Path badCandidate = run("bad-candidate", "", null, null);
    Files.createDirectories(badCandidate.resolve("tuning/c1"));
    Files.writeString(badCandidate.resolve("tuning/c1/metrics.jsonl"), "{oops}\n");
    assertTrue(assertThrows(BadInputException.class, () -> read(badCandidate)).getMessage()
        .startsWith(badCandidate + "/tuning/c1/metrics.jsonl:1: not a JSON object"));
  }

  /** The {@code <figure>} that holds the svg {@code id}. */
  static String figure(String html, String id) {
    int at = html.indexOf("<svg id=\"" + id + "\"");
    assertTrue(at >= 0, "no svg " + id);
    int start = html.lastIndexOf("<figure", at);
    return html.substring(start, html.indexOf("</figure>", at));
  }
}
