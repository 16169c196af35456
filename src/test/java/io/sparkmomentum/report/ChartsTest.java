package io.sparkmomentum.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SVG of the line and stacked bar charts: series, axes, ticks, markers, non-finite values. */
class ChartsTest {
  static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
    return n;
  }

  /** The {@code d} attributes of the series' paths. */
  static List<String> paths(String svg) {
    List<String> d = new ArrayList<>();
    Matcher m = Pattern.compile("<g class=\"series[^\"]*\" data-series=\"\\d+\"><path [^>]* d=\"([^\"]*)\"")
        .matcher(svg);
    while (m.find()) d.add(m.group(1));
    return d;
  }

  @Test
  void aLineChartHasItsSeriesAxesTicksAndLegend() {
    Series a = new Series("run a", 0, false, new double[] {0, 1, 2, 3}, new double[] {1.0, 0.8, 0.6, 0.5});
    Series b = new Series("run b", 1, false, new double[] {0, 1, 2}, new double[] {1.2, 1.1, 0.9});
    String fig = LineChart.figure("chart-loss", "Training loss", "round", "loss", List.of(a, b), List.of());
    assertTrue(fig.contains("<svg id=\"chart-loss\" class=\"chart\" viewBox=\"0 0 960 280\""), fig);
    List<String> d = paths(fig);
    assertEquals(2, d.size(), "one path per series");
    assertEquals(1, count(d.get(0), "M"), d.get(0));
    assertEquals(3, count(d.get(0), "L"), "four points, one line: " + d.get(0));
    assertEquals(2, count(d.get(1), "L"));
    assertEquals(7, count(fig, "<circle "), "few points: a dot with a tooltip each");
    assertTrue(fig.contains("<title>run a, round 1: 0.8</title>"), fig);
    assertTrue(fig.contains("class=\"axis x-axis\"") && fig.contains("class=\"axis y-axis\""));
    assertTrue(fig.contains(">round</text>") && fig.contains(">loss</text>"), "axis titles");
    for (String tick : new String[] {">0.5</text>", ">0.8</text>", ">1.2</text>", ">0</text>", ">3</text>"}) {
      assertTrue(fig.contains(tick), "tick " + tick + " in " + fig);
    }
    assertTrue(fig.contains("<li data-series=\"0\"") && fig.contains("run a</li>") && fig.contains("run b</li>"));
    assertFalse(fig.contains("log scale"));
  }

  @Test
  void pathsBreakAtNonFiniteValuesWhichAreMarked() {
    Series s = new Series("r", 0, false, new double[] {0, 1, 2, 3, 4},
        new double[] {1, 2, Double.NaN, 3, Double.POSITIVE_INFINITY});
    String fig = LineChart.figure("c", "t", "round", "loss", List.of(s), List.of());
    String d = paths(fig).get(0);
    assertEquals(2, count(d, "M"), "a new piece after the NaN: " + d);
    assertEquals(1, count(d, "L"));
    assertEquals(2, count(fig, "class=\"nonfinite\""));
    assertTrue(fig.contains("<title>r, round 2: NaN</title>") && fig.contains("round 4: Infinity</title>"));
  }

  @Test
  void positiveValuesOverManyDecadesGetALogScale() {
    Series s = new Series("r", 0, false, new double[] {0, 1, 2}, new double[] {0.5, 50, 8.6e6});
    String fig = LineChart.figure("c", "t", "round", "loss", List.of(s), List.of());
    assertTrue(fig.contains("loss (log scale)"), fig);
    assertTrue(fig.contains(">0.1</text>") && fig.contains(">10000000</text>"), "decade ticks: " + fig);
    Series withZero = new Series("r", 0, false, new double[] {0, 1}, new double[] {0, 1000});
    assertFalse(LineChart.figure("c", "t", "round", "v", List.of(withZero), List.of()).contains("log scale"));
  }

  @Test
  void undoneRoundsAreFadedAndEventsAreVerticalLines() {
    Series kept = new Series("r", 2, false, new double[] {0, 1, 2}, new double[] {1, 0.9, 0.8});
    Series undone = new Series("r", 2, true, new double[] {2, 3}, new double[] {5, 50});
    Marker m = new Marker(4, "rollback", "rollback at round 4\nreason: <loss> & more");
    String fig = LineChart.figure("c", "t", "round", "loss", List.of(kept, undone), List.of(m));
    assertEquals(1, count(fig, "<g class=\"series faded\" data-series=\"2\">"));
    assertEquals(1, count(fig, "<li data-series=\"2\""), "one legend entry for both pieces of the run");
    assertTrue(fig.contains("<line class=\"marker marker-rollback\" x1=\"944\""), "at the right end: " + fig);
    assertTrue(fig.contains("reason: &lt;loss&gt; &amp; more"), "escaped tooltip");
    assertTrue(fig.contains("rounds undone by a rollback") && fig.contains("rollback \u21BA"));
  }

  @Test
  void anEmptyChartSaysSoAndStillHasItsSvg() {
    String fig = LineChart.figure("chart-lr", "Learning rate", "round", "lr", List.of(), List.of());
    assertTrue(fig.contains("<svg id=\"chart-lr\"") && fig.contains("no values yet"), fig);
  }

  @Test
  void longSeriesAreThinnedKeepingTheirExtremes() {
    int n = 100_000;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = Math.sin(i / 1000.0);
    }
    y[54_321] = 40;
    y[77_777] = Double.NaN;
    Series t = LineChart.thin(new Series("r", 0, false, x, y));
    assertTrue(t.size() <= LineChart.MAX_POINTS + LineChart.MAX_POINTS / 2, "thinned to " + t.size());
    assertTrue(java.util.Arrays.stream(t.y()).anyMatch(v -> v == 40), "the spike survives");
    assertTrue(java.util.Arrays.stream(t.y()).anyMatch(Double::isNaN), "and so does the gap");
    for (int i = 1; i < t.size(); i++) assertTrue(t.x()[i] >= t.x()[i - 1], "in order");
  }

  @Test
  void stackedBarsStackEveryPhasePerRound() {
    double[] rounds = {0, 1, 2};
    double[][] v = {{1, 2, 3}, {10, 20, Double.NaN}, {4, 4, 4}};
    String fig = StackedBarChart.figure("chart-time-run", "Time per round", "round", "ms", rounds,
        List.of("broadcast", "compute", "aggregate"), v);
    assertTrue(fig.contains("<svg id=\"chart-time-run\""));
    assertEquals(9, count(fig, "<rect "), "a bar per phase and round");
    assertEquals(3, count(fig, "<g class=\"series\" data-series="));
    assertTrue(fig.contains("<title>round 1\nbroadcast: 2 ms\ncompute: 20 ms\naggregate: 4 ms\ntotal: 26 ms</title>"),
        fig);
    assertTrue(fig.contains("compute: 0 ms"), "a NaN phase counts as 0");
    assertTrue(fig.contains(">ms</text>") && fig.contains(">25</text>"), "the y axis reaches the tallest bar (26)");
    // each round's bars stack: the heights of round 1's rects add up to the pixel height of 26 ms
    Matcher m = Pattern.compile("<rect x=\"[^\"]*\" y=\"([^\"]*)\" width=\"[^\"]*\" height=\"([^\"]*)\"><title>"
        + "round 1\n").matcher(fig);
    double total = 0;
    double top = Double.MAX_VALUE;
    while (m.find()) {
      total += Double.parseDouble(m.group(2));
      top = Math.min(top, Double.parseDouble(m.group(1)));
    }
    double bottom = ChartFrame.HEIGHT - ChartFrame.BOTTOM;
    assertEquals(bottom - top, total, 0.05, "stacked without gaps or overlaps");
  }

  @Test
  void manyRoundsAreBinnedIntoAtMostMaxBars() {
    int n = 1000;
    double[] rounds = new double[n];
    double[][] v = new double[1][n];
    for (int i = 0; i < n; i++) {
      rounds[i] = i;
      v[0][i] = i % 2 == 0 ? 1 : 3;
    }
    String fig = StackedBarChart.figure("c", "t", "round", "ms", rounds, List.of("compute"), v);
    assertTrue(count(fig, "<rect ") <= StackedBarChart.MAX_BARS);
    assertTrue(fig.contains("compute: 2 ms"), "bins show their mean");
    assertTrue(fig.contains("each bar: the mean of"));
  }

  @Test
  void scalesTickAtRoundNumbers() {
    Scale s = Scale.of(0.013, 0.97, 0, 100, false, true);
    assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), s.ticks());
    assertEquals(0, s.px(0), 1e-12);
    assertEquals(100, s.px(1), 1e-12);
    Scale log = Scale.of(0.03, 40, 0, 100, true, true);
    assertTrue(log.log());
    assertEquals(List.of(0.01, 0.1, 1.0, 10.0, 100.0), log.ticks());
    assertEquals(50, log.px(1), 1e-9);
  }
}
