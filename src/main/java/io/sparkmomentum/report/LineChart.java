package io.sparkmomentum.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A line chart in inline SVG: one path per series (broken where x goes back or y is not finite), dots with
 * tooltips when a series has few points, a red mark at the top for every NaN or infinite value, and the event
 * markers as vertical lines.
 */
final class LineChart {
  /** Series with more points are thinned to the least and greatest value of each of about this many buckets. */
  static final int MAX_POINTS = 2000;
  /** Series with at most this many points show their dots. */
  static final int SHOWN_DOTS = 60;
  /** Series with at most this many points get (invisible) hover targets with a tooltip per point. */
  static final int HOVER_DOTS = 600;

  private LineChart() {}

  /**
   * The chart's {@code <figure>}.
   *
   * @param id the svg's id (made safe here)
   */
  static String figure(String id, String title, String xLabel, String yLabel, List<Series> series,
      List<Marker> markers) {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    boolean any = false;
    for (Series s : series) {
      for (int i = 0; i < s.size(); i++) {
        any = true;
        xMin = Math.min(xMin, s.x()[i]);
        xMax = Math.max(xMax, s.x()[i]);
        if (Double.isFinite(s.y()[i])) {
          yMin = Math.min(yMin, s.y()[i]);
          yMax = Math.max(yMax, s.y()[i]);
        }
      }
    }
    for (Marker m : markers) {
      xMin = Math.min(xMin, m.x());
      xMax = Math.max(xMax, m.x());
    }
    Scale x = ChartFrame.xScale(Math.min(0, xMin), xMax); // from round 0, so that the charts line up
    Scale y = ChartFrame.yScale(yMin, yMax, true);
    StringBuilder sb = new StringBuilder(4096);
    ChartFrame.open(sb, Html.id(id), title);
    ChartFrame.axes(sb, x, y, xLabel, yLabel);
    if (!any) ChartFrame.note(sb, "no values yet");
    markers(sb, x, markers);
    boolean faded = false;
    Map<Integer, ChartFrame.LegendItem> legend = new LinkedHashMap<>();
    for (Series s : series) {
      draw(sb, x, y, s, xLabel);
      faded |= s.faded() && s.size() > 0;
      if (!s.faded()) legend.putIfAbsent(s.colour(), new ChartFrame.LegendItem(s.colour(), s.name(),
          ChartFrame.colour(s.colour())));
    }
    sb.append("</svg>");
    List<String> notes = new ArrayList<>();
    if (faded) notes.add("pale dashed lines: rounds undone by a rollback");
    if (!markers.isEmpty()) {
      notes.add("vertical lines: " + String.join(", ", markers.stream().map(m -> m.kind() + " " + glyph(m.kind()))
          .distinct().toList()) + " (hover for details)");
    }
    if (y.log()) notes.add("log scale");
    return ChartFrame.figure(title, sb.toString(), new ArrayList<>(legend.values()), String.join("; ", notes));
  }

  private static void markers(StringBuilder sb, Scale x, List<Marker> markers) {
    sb.append("<g class=\"markers\">");
    for (Marker m : markers) {
      String px = Html.coord(x.px(m.x()));
      sb.append("<line class=\"marker marker-").append(Html.id(m.kind())).append("\" x1=\"").append(px)
          .append("\" x2=\"").append(px).append("\" y1=\"").append(ChartFrame.TOP).append("\" y2=\"")
          .append(ChartFrame.HEIGHT - ChartFrame.BOTTOM).append("\"><title>").append(Html.text(m.label()))
          .append("</title></line><text class=\"marker-label marker-").append(Html.id(m.kind())).append("\" x=\"")
          .append(px).append("\" y=\"").append(ChartFrame.TOP + 9).append("\" text-anchor=\"middle\"><title>")
          .append(Html.text(m.label())).append("</title>").append(glyph(m.kind())).append("</text>");
    }
    sb.append("</g>");
  }

  /** The sign drawn at the top of an event's line. */
  static String glyph(String kind) {
    return switch (kind) {
      case "rollback" -> "\u21BA"; // ↺
      case "diverged" -> "\u2715"; // ✕
      case "resume" -> "\u25B6"; // ▶
      case "stop" -> "\u25A0"; // ■
      default -> "\u25C6"; // ◆
    };
  }

  private static void draw(StringBuilder sb, Scale x, Scale y, Series s, String xLabel) {
    Series d = thin(s);
    String colour = ChartFrame.colour(s.colour());
    sb.append("<g class=\"series").append(s.faded() ? " faded" : "").append("\" data-series=\"").append(s.colour())
        .append("\"><path fill=\"none\" stroke=\"").append(colour).append('"');
    String dash = s.faded() ? "4 3" : ChartFrame.dash(s.colour());
    if (!dash.isEmpty()) sb.append(" stroke-dasharray=\"").append(dash).append('"');
    sb.append(" d=\"");
    boolean pen = false;
    double lastX = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < d.size(); i++) {
      double xi = d.x()[i];
      double yi = d.y()[i];
      if (!y.drawable(yi)) {
        pen = false;
        continue;
      }
      sb.append(pen && xi >= lastX ? " L" : " M").append(Html.coord(x.px(xi))).append(',')
          .append(Html.coord(y.px(yi)));
      pen = true;
      lastX = xi;
    }
    sb.append("\"/>");
    boolean dots = s.size() <= HOVER_DOTS;
    for (int i = 0; i < s.size(); i++) {
      double xi = s.x()[i];
      double yi = s.y()[i];
      String tip = s.name() + (s.faded() ? " (undone)" : "") + ", " + xLabel + " " + Html.number(xi) + ": "
          + Html.number(yi);
      if (!y.drawable(yi)) { // NaN, ±Infinity (or ≤ 0 on a log scale): a red triangle at the top
        double px = x.px(xi);
        sb.append("<path class=\"nonfinite\" d=\"M").append(Html.coord(px - 4)).append(',').append(ChartFrame.TOP)
            .append(" L").append(Html.coord(px + 4)).append(',').append(ChartFrame.TOP).append(" L")
            .append(Html.coord(px)).append(',').append(ChartFrame.TOP + 7).append(" Z\"><title>")
            .append(Html.text(tip)).append("</title></path>");
      } else if (dots) {
        sb.append("<circle cx=\"").append(Html.coord(x.px(xi))).append("\" cy=\"").append(Html.coord(y.px(yi)))
            .append("\" r=\"").append(s.size() <= SHOWN_DOTS ? "3" : "3\" class=\"hover").append("\" fill=\"")
            .append(colour).append("\"><title>").append(Html.text(tip)).append("</title></circle>");
      }
    }
    sb.append("</g>");
  }

  /**
   * At most about {@link #MAX_POINTS} points: each bucket of consecutive points keeps its least and greatest value
   * in their order (so spikes survive) and a break when it holds a value that cannot be drawn.
   */
  static Series thin(Series s) {
    int n = s.size();
    if (n <= MAX_POINTS) return s;
    int buckets = MAX_POINTS / 2;
    double[] xs = new double[3 * buckets];
    double[] ys = new double[3 * buckets];
    int k = 0;
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) b * n / buckets);
      int to = (int) ((long) (b + 1) * n / buckets);
      int lo = -1;
      int hi = -1;
      boolean gap = false;
      for (int i = from; i < to; i++) {
        double v = s.y()[i];
        if (!Double.isFinite(v)) {
          gap = true;
          continue;
        }
        if (lo < 0 || v < s.y()[lo]) lo = i;
        if (hi < 0 || v > s.y()[hi]) hi = i;
      }
      if (gap) {
        xs[k] = s.x()[from];
        ys[k++] = Double.NaN;
      }
      if (lo < 0) continue;
      int first = Math.min(lo, hi);
      int second = Math.max(lo, hi);
      xs[k] = s.x()[first];
      ys[k++] = s.y()[first];
      if (second != first) {
        xs[k] = s.x()[second];
        ys[k++] = s.y()[second];
      }
    }
    return new Series(s.name(), s.colour(), s.faded(), java.util.Arrays.copyOf(xs, k), java.util.Arrays.copyOf(ys, k));
  }
}
