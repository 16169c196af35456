package io.sparkmomentum.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.testing.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report with everything a run can throw at it (a rollback, NaN losses, a divergence, tuning candidates, and
 * markup and script in config values, metric names, event reasons and directory names) in a real headless browser:
 * nothing from the run executes or becomes an element, and the page loads without a console message.
 */
class ReportBrowserTest {
  @TempDir
  Path tmp;

  static final String EVIL = "<script>document.title='pwned'</script>"
      + "<img src=x onerror=\\\"document.body.setAttribute('data-pwned','1')\\\">";

  @Test
  void aHostileRunCannotScriptThePage() throws Exception {
    Chromium chromium = Chromium.require(tmp.resolve("browser"));
    Path dir = Files.createDirectories(tmp.resolve("run"));
    StringBuilder log = new StringBuilder();
    boolean rolledBack = false;
    for (int r = 0; r < 40; r++) {
      String loss = r == 30 ? "\"NaN\"" : Double.toString(1.0 / (1 + r));
      log.append("{\"round\":").append(r).append(",\"loss\":").append(loss).append(",\"grad_norm\":0.1,\"lr\":1,")
          .append("\"compute_ms\":2,\"aggregate_ms\":3,\"test_").append(EVIL).append("\":").append(0.9 - r / 100.0)
          .append(",\"validation_rmse\":").append(1 - r / 100.0).append("}\n");
      if (r == 20 && !rolledBack) { // rounds 16 to 20 are done again
        rolledBack = true;
        log.append("{\"event\":\"rollback\",\"round\":21,\"reason\":\"").append(EVIL).append("\",\"new_lr\":0.5}\n");
        r = 15;
      }
    }
    log.append("{\"event\":\"diverged\",\"round\":40,\"reason\":\"loss is NaN\"}\n");
    Files.writeString(dir.resolve("metrics.jsonl"), log);
    Files.writeString(dir.resolve("config.conf"), "data.train = \"" + EVIL + "\"\n");
    Files.writeString(dir.resolve("summary.json"), "{\"status\":\"" + EVIL + "\"}");
    Path candidate = Files.createDirectories(dir.resolve("tuning/<b onmouseover=alert(1)>c1"));
    Files.writeString(candidate.resolve("metrics.jsonl"), "{\"round\":0,\"loss\":2,\"validation_rmse\":1.2}\n"
        + "{\"round\":1,\"loss\":1.5,\"validation_rmse\":1.1}\n");
    Path page = tmp.resolve("report.html");
    Files.writeString(page, ReportPage.html(List.of(RunReader.read(new DirRunFiles(dir), "<i>run</i>"))));

    Chromium.Run dom = chromium.dumpDom(page);
    assertEquals(0, dom.exit(), dom.stderr());
    assertEquals(List.of(), dom.consoleLines(), "no console message (a blocked image or an error would log one)");
    String html = dom.stdout();
    assertTrue(html.contains("<body data-ready=\"1\">"), "the page's own script ran");
    assertFalse(html.contains("data-pwned=\"1\"") || html.contains("<title>pwned"), "the run's script did not");
    assertFalse(html.contains("<img") || html.contains("<b ") || html.contains("<i>"), "nor became elements");
    assertTrue(html.contains("<pre id=\"js-errors\" class=\"warn\" hidden=\"\"></pre>"));
    assertTrue(html.contains("<svg id=\"chart-validation_rmse\"") && html.contains("<svg id=\"chart-loss\""));
    // 5 charts over rounds (loss, grad_norm, lr, the two metrics), each with the rollback and the divergence
    assertEquals(5, ChartsTest.count(html, "<line class=\"marker marker-diverged\""), "the divergence is marked");
    assertEquals(5, ChartsTest.count(html, "<line class=\"marker marker-rollback\""), "the rollback is marked");

    Path png = tmp.resolve("report.png");
    Chromium.Run shot = chromium.screenshot(page, png);
    assertEquals(0, shot.exit(), shot.stderr());
    Chromium.Pixels px = Chromium.pixels(png);
    assertTrue(px.colours() >= 32 && px.inked() > 0.01, "not blank: " + px);
  }
}
