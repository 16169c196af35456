package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.Chromium;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training report end to end: {@code train --report} on the sample (a plain run, a run that rolls back, a run
 * that diverges), the {@code report} command over several runs, its one-line errors, a report that cannot be
 * written costing only a warning, and the page in a real headless browser (no console error, the charts in the DOM,
 * a screenshot that is not blank).
 */
class ReportCliTest {
  @TempDir
  static Path tmp;
  static Path plain;
  static Path rollback;
  static CliRunner.Out plainOut;
  static CliRunner.Out rollbackOut;

  static final String[] SMALL = {"--set", "trainer.epochs=2", "--set", "trainer.eval_every=1"};

  static CliRunner.Out train(Path run, String... sets) {
    String[] args = new String[6 + SMALL.length + sets.length];
    System.arraycopy(new String[] {"train", "--config", "conf/sample.conf", "--output", run.toString(), "--report"},
        0, args, 0, 6);
    System.arraycopy(SMALL, 0, args, 6, SMALL.length);
    System.arraycopy(sets, 0, args, 6 + SMALL.length, sets.length);
    return CliRunner.run(args);
  }

  @BeforeAll
  static void trainTwoRuns() {
    SparkTestSession.get();
    plain = tmp.resolve("plain");
    plainOut = train(plain);
    rollback = tmp.resolve("rollback");
    rollbackOut = train(rollback, "--set", "optimizer.lr=300", "--set", "trainer.checkpoint_every=4", "--set",
        "trainer.on_divergence=rollback", "--set", "trainer.max_rollbacks=8");
  }

  static String read(Path p) throws Exception {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  static long events(Path run, String kind) throws Exception {
    return Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(Json::readMap)
        .filter(m -> kind.equals(m.get("event"))).count();
  }

  static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
    return n;
  }

  @Test
  void trainWritesTheReportIntoTheRunDirectory() throws Exception {
    assertEquals(0, plainOut.code(), plainOut::show);
    assertTrue(plainOut.err().contains("wrote the report "), plainOut.err());
    assertEquals("ok", Json.readMap(CliRunner.lastLine(plainOut.out())).get("status"), "the summary stays last");
    String html = read(plain.resolve("report.html"));
    for (String id : new String[] {"chart-loss", "chart-grad_norm", "chart-lr", "chart-test_rmse", "chart-test_mae",
        "chart-time-plain"}) {
      assertEquals(1, count(html, "<svg id=\"" + id + "\""), id);
    }
    // 2 epochs of 16 rounds, evaluated after each: 2 test_rmse dots, 32 points of loss
    String rmse = html.substring(html.indexOf("<svg id=\"chart-test_rmse\""));
    assertEquals(2, count(rmse.substring(0, rmse.indexOf("</svg>")), "<circle "));
    assertTrue(html.contains("<h3>trainer</h3>") && html.contains("<td>epochs</td><td>2</td>"), "the config");
    assertTrue(html.contains("<td>status</td><td>ok</td>"), "the summary");
    assertFalse(Files.exists(plain.resolve(".report.html.tmp")), "written to a temporary file, then renamed");
  }

  @Test
  void aRunThatRolledBackShowsItsRollbacks() throws Exception {
    assertEquals(0, rollbackOut.code(), rollbackOut::show);
    long rollbacks = events(rollback, "rollback");
    assertTrue(rollbacks > 0, "the run rolled back");
    String html = read(rollback.resolve("report.html"));
    String loss = html.substring(html.indexOf("<svg id=\"chart-loss\""));
    loss = loss.substring(0, loss.indexOf("</svg>"));
    assertEquals(rollbacks, count(loss, "<line class=\"marker marker-rollback\""), "a marker per rollback");
    assertTrue(loss.contains("class=\"series faded\""), "the rounds a rollback undid");
    assertTrue(html.contains("<td>" + rollbacks + " rollback</td>"), "counted in the overview");
  }

  @Test
  void aRunThatDivergesStillGetsItsReport() throws Exception {
    Path run = tmp.resolve("diverged");
    CliRunner.Out r = train(run, "--set", "optimizer.lr=5000", "--set", "trainer.epochs=1");
    assertEquals(Main.EXIT_DIVERGED, r.code(), r::show);
    String html = read(run.resolve("report.html"));
    String loss = html.substring(html.indexOf("<svg id=\"chart-loss\""));
    loss = loss.substring(0, loss.indexOf("</svg>"));
    assertEquals(1, count(loss, "<line class=\"marker marker-diverged\""), "the divergence on the loss chart");
    assertTrue(html.contains("<td>status</td><td>diverged</td>"));
  }

  @Test
  void theReportCommandOverlaysRuns() throws Exception {
    Path out = tmp.resolve("reports/compare.html");
    CliRunner.Out r = CliRunner.run("report", plain.toString(), rollback.toString(), "--output", out.toString());
    assertEquals(0, r.code(), r::show);
    assertEquals("", r.out());
    assertEquals("wrote " + out, r.err().strip());
    String html = read(out);
    assertTrue(html.contains("<title>Training report: plain, rollback</title>"));
    String loss = html.substring(html.indexOf("<svg id=\"chart-loss\""));
    loss = loss.substring(0, loss.indexOf("</figure>"));
    assertEquals(2, count(loss, "<li data-series="), "both runs in the legend");
    assertTrue(loss.contains("rollback: rollback at round"), "markers name their run");
    assertTrue(html.contains("<td>optimizer.lr</td><td>40</td><td>300</td>"), "the configs' differences");
    assertEquals(1, count(html, "<svg id=\"chart-time-plain\""), "a time chart per run");
    assertEquals(1, count(html, "<svg id=\"chart-time-rollback\""));
  }

  @Test
  void badInputIsAOneLineError() throws Exception {
    Path out = tmp.resolve("bad/report.html");
    Path missing = tmp.resolve("no-such-run");
    CliRunner.assertOneLineError(CliRunner.run("report", missing.toString(), "--output", out.toString()),
        Main.EXIT_DATA, missing + ": no such run directory");
    Path broken = tmp.resolve("broken");
    CliRunner.copyTree(plain, broken);
    List<String> lines = Files.readAllLines(broken.resolve("metrics.jsonl"));
    Files.write(broken.resolve("metrics.jsonl"), List.of(lines.get(0), lines.get(1), "{\"round\": 2, \"loss\": oops}",
        lines.get(3)));
    CliRunner.assertOneLineError(CliRunner.run("report", plain.toString(), broken.toString(), "--output",
        out.toString()), Main.EXIT_DATA, broken + "/metrics.jsonl:3: not a JSON object", "text: \"{\"round\": 2");
    Path noMetrics = tmp.resolve("no-metrics");
    Files.createDirectories(noMetrics);
    CliRunner.assertOneLineError(CliRunner.run("report", noMetrics.toString(), "--output", out.toString()),
        Main.EXIT_DATA, noMetrics + "/metrics.jsonl: not found");
    CliRunner.assertOneLineError(CliRunner.run("report", plain.toString(), "--output", "r:1/x.html"),
        Main.EXIT_CONFIG, "--output = \"r:1/x.html\" is not a valid path");
    assertFalse(Files.exists(out), "nothing written");
    CliRunner.Out usage = CliRunner.run("report", "--output", out.toString());
    assertEquals(2, usage.code(), usage::show);
    assertTrue(usage.err().contains("Missing required parameter: 'RUN_DIR'"), usage.err());
  }

  /**
   * A run killed after its last checkpoint and before its summary, resumed with {@code --report} while
   * {@code report.html} cannot be replaced (a non-empty directory of that name): the run ends as it should, with a
   * one-line warning.
   */
  @Test
  void aReportThatCannotBeWrittenIsOnlyAWarning() throws Exception {
    Path run = tmp.resolve("resumed");
    String[] sets = {"--set", "trainer.epochs=1", "--set", "trainer.checkpoint_every=4"};
    CliRunner.Out first = CliRunner.run("train", "--config", "conf/sample.conf", "--output", run.toString(),
        sets[0], sets[1], sets[2], sets[3]);
    assertEquals(0, first.code(), first::show);
    Files.delete(run.resolve("summary.json"));
    Files.createDirectories(run.resolve("report.html/in-the-way"));
    CliRunner.Out r = CliRunner.run("train", "--config", "conf/sample.conf", "--output", run.toString(), "--resume",
        "--report", sets[0], sets[1], sets[2], sets[3]);
    assertEquals(0, r.code(), r::show);
    assertEquals("ok", Json.readMap(CliRunner.lastLine(r.out())).get("status"));
    assertTrue(Files.exists(run.resolve("summary.json")) && Files.isDirectory(run.resolve("model")), "the run is kept");
    List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning: could not write the report")).toList();
    assertEquals(1, warnings.size(), r::show);
    assertTrue(warnings.get(0).contains(run.resolve("report.html").toString()), warnings.get(0));
  }

  @Test
  void theReportOpensInAHeadlessBrowserWithoutErrors() throws Exception {
    Chromium chromium = Chromium.require(tmp.resolve("browser"));
    // the check can fail: a page with an error is caught both in the DOM and on chromium's console
    Path faulty = tmp.resolve("browser/faulty.html");
    String page = read(rollback.resolve("report.html"));
    Files.writeString(faulty, page.replace("</body>", "<script>noSuchFunction();</script></body>"));
    Chromium.Run bad = chromium.dumpDom(faulty);
    assertFalse(bad.consoleLines().isEmpty(), "chromium reports the error: " + bad.stderr());
    assertTrue(bad.stdout().contains("<pre id=\"js-errors\" class=\"warn\">Uncaught ReferenceError: noSuchFunction "
        + "is not defined"), "the page records it in #js-errors, shown: " + bad.stdout());

    Path report = tmp.resolve("browser/compare.html");
    assertEquals(0, CliRunner.run("report", plain.toString(), rollback.toString(), "--output", report.toString())
        .code());
    Chromium.Run dom = chromium.dumpDom(report);
    assertEquals(0, dom.exit(), dom.stderr());
    assertEquals(List.of(), dom.consoleLines(), "no console message or error");
    assertTrue(dom.stdout().contains("<body data-ready=\"1\">"), "the page's script ran to its end");
    assertTrue(dom.stdout().contains("<pre id=\"js-errors\" class=\"warn\" hidden=\"\"></pre>"), "and saw no error");
    for (String id : new String[] {"chart-loss", "chart-grad_norm", "chart-lr", "chart-test_rmse", "chart-test_mae",
        "chart-time-plain", "chart-time-rollback"}) {
      assertEquals(1, count(dom.stdout(), "<svg id=\"" + id + "\""), "svg " + id + " in the DOM");
    }
    assertTrue(count(dom.stdout(), "<path fill=\"none\"") >= 10, "the series are drawn");

    Path png = tmp.resolve("browser/compare.png");
    Chromium.Run shot = chromium.screenshot(report, png);
    assertEquals(0, shot.exit(), shot.stderr());
    assertEquals(List.of(), shot.consoleLines());
    Chromium.Pixels px = Chromium.pixels(png);
    assertEquals(Chromium.WIDTH, px.width());
    assertEquals(Chromium.HEIGHT, px.height());
    assertTrue(px.colours() >= 32, "charts in colour, not a blank page: " + px);
    assertTrue(px.inked() > 0.01, "ink on the page (3.8% measured): " + px);
  }
}
