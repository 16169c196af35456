package io.sparkmomentum.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Stacked bars in inline SVG: for each round (or each bucket of consecutive rounds when there are more than
 * {@link #MAX_BARS}: their mean), one bar per component stacked bottom-up, with a tooltip giving every component.
 * Missing or non-finite components count as 0.
 */
final class StackedBarChart {
  static final int MAX_BARS = 240;

  private StackedBarChart() {}

  /**
   * @param rounds the bars' x, increasing
   * @param names the components, bottom first
   * @param values {@code values[c][i]}: component {@code c} of round {@code i}
   */
  static String figure(String id, String title, String xLabel, String unit, double[] rounds, List<String> names,
      double[][] values) {
    int n = rounds.length;
    int bars = Math.min(n, MAX_BARS);
    double[][] mean = new double[names.size()][bars];
    double[] fromX = new double[bars];
    double[] toX = new double[bars];
    double top = 0;
    for (int b = 0; b < bars; b++) {
      int from = (int) ((long) b * n / bars);
      int to = (int) ((long) (b + 1) * n / bars);
      fromX[b] = rounds[from];
      toX[b] = rounds[to - 1];
      double sum = 0;
      for (int c = 0; c < names.size(); c++) {
        double s = 0;
        for (int i = from; i < to; i++) s += Double.isFinite(values[c][i]) ? Math.max(0, values[c][i]) : 0;
        mean[c][b] = s / (to - from);
        sum += mean[c][b];
      }
      top = Math.max(top, sum);
    }
    Scale x = ChartFrame.xScale(n == 0 ? 0 : rounds[0] - 0.5, n == 0 ? 1 : rounds[n - 1] + 0.5);
    Scale y = ChartFrame.yScale(0, top, false);
    StringBuilder sb = new StringBuilder(8192);
    ChartFrame.open(sb, Html.id(id), title);
    ChartFrame.axes(sb, x, y, xLabel, unit);
    if (n == 0) ChartFrame.note(sb, "no rounds yet");
    for (int c = 0; c < names.size(); c++) {
      sb.append("<g class=\"series\" data-series=\"").append(c).append("\" fill=\"").append(ChartFrame.colour(c))
          .append("\">");
      for (int b = 0; b < bars; b++) {
        double base = 0;
        for (int below = 0; below < c; below++) base += mean[below][b];
        double x0 = x.px(fromX[b] - 0.5);
        double x1 = x.px(toX[b] + 0.5);
        double y0 = y.px(base);
        double y1 = y.px(base + mean[c][b]);
        sb.append("<rect x=\"").append(Html.coord(x0)).append("\" y=\"").append(Html.coord(y1)).append("\" width=\"")
            .append(Html.coord(Math.max(0.5, x1 - x0 - (x1 - x0 > 3 ? 1 : 0)))).append("\" height=\"")
            .append(Html.coord(y0 - y1)).append("\"><title>").append(Html.text(tip(xLabel, unit, fromX[b], toX[b],
                names, mean, b))).append("</title></rect>");
      }
      sb.append("</g>");
    }
    sb.append("</svg>");
    List<ChartFrame.LegendItem> legend = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) legend.add(new ChartFrame.LegendItem(c, names.get(c), ChartFrame.colour(c)));
    String note = bars < n ? "each bar: the mean of " + Html.number((double) n / bars) + " rounds" : "";
    return ChartFrame.figure(title, sb.toString(), legend, note);
  }

  private static String tip(String xLabel, String unit, double from, double to, List<String> names, double[][] mean,
      int b) {
    StringBuilder t = new StringBuilder(xLabel).append(' ').append(Html.number(from));
    if (to != from) t.append("–").append(Html.number(to)).append(" (mean)");
    double total = 0;
    for (int c = 0; c < names.size(); c++) {
      t.append("\n").append(names.get(c)).append(": ").append(Html.number(mean[c][b])).append(' ').append(unit);
      total += mean[c][b];
    }
    return t.append("\ntotal: ").append(Html.number(total)).append(' ').append(unit).toString();
  }
}
