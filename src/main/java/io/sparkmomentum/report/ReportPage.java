package io.sparkmomentum.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The training report: one self-contained HTML page (inline CSS, inline SVG charts, a few lines of inline script,
 * and a Content-Security-Policy that forbids loading anything, so the page works offline and can leak nothing).
 *
 * <p>Sections: the runs at a glance; loss, gradient norm and learning rate per round; every {@code validation_*}
 * and {@code test_*} metric per evaluation; the time per round stacked by phase, with totals; the events (rollbacks,
 * divergence, resumes, stops), also marked on the charts; the summaries; the configs. Several runs, and the tuning
 * candidates in a run's {@code tuning/} directory, are overlaid on the same charts.
 *
 * <p>The script records any error into {@code #js-errors} (so a test can read it from the DOM), sets
 * {@code data-ready} on the body when it has run, and lets a click on a legend entry hide or show that series.
 */
public final class ReportPage {
  private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",sans-serif;color:#222;\
      margin:0 auto;max-width:1120px;padding:16px 24px;background:#fff}
      h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}\
      h3{font-size:15px;margin:16px 0 6px}
      .note{color:#666;font-size:12px;margin:4px 0}.warn{color:#8a4b00;background:#fff4e0;padding:6px 10px}
      figure.chart{margin:12px 0 20px;padding:8px 10px;border:1px solid #e3e3e3;border-radius:6px}
      figcaption{font-weight:600;margin-bottom:4px}svg.chart{width:100%;height:auto;display:block}
      svg text{font-size:11px;fill:#444}svg .axis-title{font-size:12px;fill:#222}\
      svg .grid line{stroke:#eee}svg .x-axis line{stroke:#999}svg .empty{font-size:14px;fill:#999}
      svg .series path{stroke-width:1.6;stroke-linejoin:round}svg .series.faded{opacity:.4}\
      svg circle.hover{opacity:0}svg circle.hover:hover{opacity:1}svg .hidden{display:none}
      svg .nonfinite{fill:#b2182b}svg line.marker{stroke-width:1.5;stroke:#1b7837;stroke-dasharray:1 3}\
      svg text.marker-label{font-size:13px;fill:#1b7837;cursor:default}\
      svg line.marker-rollback{stroke:#6a3d9a;stroke-dasharray:6 3}svg text.marker-rollback{fill:#6a3d9a}\
      svg line.marker-diverged{stroke:#b2182b;stroke-dasharray:none}svg text.marker-diverged{fill:#b2182b}\
      svg line.marker-resume{stroke:#2166ac;stroke-dasharray:2 2}svg text.marker-resume{fill:#2166ac}\
      svg line.marker-stop{stroke:#333;stroke-dasharray:none}svg text.marker-stop{fill:#333}
      ul.legend{list-style:none;padding:0;margin:6px 0 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px}
      ul.legend li{cursor:pointer;user-select:none}ul.legend li.off{opacity:.35;text-decoration:line-through}
      .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
      .scroll{overflow-x:auto}table{border-collapse:collapse;font-size:12px;margin:6px 0}
      th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
      th{background:#f4f4f4;white-space:nowrap}tbody tr:nth-child(even){background:#fafafa}\
      table.kv td:first-child{white-space:nowrap}td{max-width:480px}
      .groups{display:flex;flex-wrap:wrap;gap:0 18px;align-items:flex-start}.groups h3{margin:10px 0 2px}
      details{margin:6px 0}summary{cursor:pointer}
      """;

  private static final String ERROR_HOOK = "window.addEventListener('error',function(e){"
      + "var p=document.getElementById('js-errors');var m=String(e.message||e);"
      + "if(p){p.hidden=false;p.textContent+=m+'\\n';}else{document.documentElement.setAttribute('data-js-error',m);}"
      + "});";

  private static final String LEGEND_SCRIPT = "document.querySelectorAll('ul.legend li[data-series]')"
      + ".forEach(function(li){li.addEventListener('click',function(){var k=li.getAttribute('data-series');"
      + "li.classList.toggle('off');li.closest('figure').querySelectorAll('svg [data-series=\"'+k+'\"]')"
      + ".forEach(function(g){g.classList.toggle('hidden');});});});"
      + "document.body.setAttribute('data-ready','1');";

  private ReportPage() {}

  /** The page for {@code runs} (each with its tuning candidates). */
  public static String html(List<RunRecord> runs) {
    RunCharts charts = new RunCharts(runs);
    RunTables tables = new RunTables(charts.entries());
    List<String> labels = runs.stream().map(RunRecord::label).toList();
    String title = "Training report: " + String.join(", ", labels);
    StringBuilder sb = new StringBuilder(64 * 1024);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<meta name=\"generator\" content=\"spark-momentum report\">")
        .append("<title>").append(Html.text(title)).append("</title><style>").append(CSS).append("</style>")
        .append("<script>").append(ERROR_HOOK).append("</script></head>\n<body>")
        .append("<pre id=\"js-errors\" class=\"warn\" hidden></pre>")
        .append("<h1>").append(Html.text(title)).append("</h1>");
    List<String> warnings = new ArrayList<>();
    for (RunCharts.Entry e : charts.entries()) warnings.addAll(e.run().history().warnings());
    for (String w : warnings) sb.append("<p class=\"warn\">").append(Html.text(w)).append("</p>");
    section(sb, "runs", "Runs", tables.overview(charts.evaluationKeys()));
    section(sb, "rounds", "Per round", charts.perRound());
    section(sb, "evaluations", "Per evaluation", charts.evaluations());
    section(sb, "time", "Time per round", charts.timings() + "<h3>Totals</h3>" + tables.timingTotals());
    section(sb, "events", "Events", tables.events());
    section(sb, "summary", "Summary", tables.summaries());
    section(sb, "config", "Config", tables.configs());
    sb.append("\n<script>").append(LEGEND_SCRIPT).append("</script></body></html>\n");
    return sb.toString();
  }

  private static void section(StringBuilder sb, String id, String title, String body) {
    sb.append("\n<section id=\"").append(id).append("\"><h2>").append(Html.text(title)).append("</h2>").append(body)
        .append("</section>");
  }
}
