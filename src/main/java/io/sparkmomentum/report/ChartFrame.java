package io.sparkmomentum.report;

import java.util.List;

/**
 * What every chart of the report shares: the plot area, the palette, the axes with their ticks, grid and labels, and
 * the {@code <figure>} around the {@code <svg>} with its HTML legend (clicking an entry hides or shows its series:
 * the page's script toggles the elements with the same {@code data-series}).
 */
final class ChartFrame {
  static final int WIDTH = 960;
  static final int HEIGHT = 280;
  static final int LEFT = 76;
  static final int RIGHT = 16;
  static final int TOP = 14;
  static final int BOTTOM = 44;

  /** Tableau 10: distinguishable, also in print; series past the tenth repeat a colour with a dash pattern. */
  private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
      "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  private static final String[] DASHES = {"", "6 3", "2 2", "8 3 2 3"};

  private ChartFrame() {}

  static String colour(int index) {
    return PALETTE[Math.floorMod(index, PALETTE.length)];
  }

  /** The dash pattern of series {@code index} ({@code ""}: solid). */
  static String dash(int index) {
    return DASHES[Math.floorMod(index / PALETTE.length, DASHES.length)];
  }

  /** The x scale over the plot area. */
  static Scale xScale(double min, double max) {
    return Scale.of(min, max, LEFT, WIDTH - RIGHT, false, false);
  }

  /** The y scale over the plot area (log for positive values spanning {@link Scale#LOG_RATIO} when allowed). */
  static Scale yScale(double min, double max, boolean allowLog) {
    return Scale.of(min, max, HEIGHT - BOTTOM, TOP, allowLog, true);
  }

  /** Opens the {@code <svg>} with id {@code id} (already safe, see {@link Html#id}). */
  static void open(StringBuilder sb, String id, String title) {
    sb.append("<svg id=\"").append(id).append("\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ')
        .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Html.text(title))
        .append("\">");
  }

  /** Grid lines, ticks, tick labels and axis titles. */
  static void axes(StringBuilder sb, Scale x, Scale y, String xLabel, String yLabel) {
    double bottom = HEIGHT - BOTTOM;
    sb.append("<g class=\"grid\">");
    for (double t : y.ticks()) {
      String py = Html.coord(y.px(t));
      sb.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(py)
          .append("\" y2=\"").append(py).append("\"/>");
    }
    sb.append("</g><g class=\"axis y-axis\">");
    for (double t : y.ticks()) {
      sb.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(Html.coord(y.px(t) + 4))
          .append("\" text-anchor=\"end\">").append(Html.text(Html.number(t))).append("</text>");
    }
    sb.append("<text class=\"axis-title\" transform=\"translate(14 ").append(Html.coord((TOP + bottom) / 2))
        .append(") rotate(-90)\" text-anchor=\"middle\">").append(Html.text(yLabel + (y.log() ? " (log scale)" : "")))
        .append("</text></g><g class=\"axis x-axis\">");
    sb.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
        .append(Html.coord(bottom)).append("\" y2=\"").append(Html.coord(bottom)).append("\"/>");
    for (double t : x.ticks()) {
      String px = Html.coord(x.px(t));
      sb.append("<line x1=\"").append(px).append("\" x2=\"").append(px).append("\" y1=\"").append(Html.coord(bottom))
          .append("\" y2=\"").append(Html.coord(bottom + 4)).append("\"/><text x=\"").append(px).append("\" y=\"")
          .append(Html.coord(bottom + 17)).append("\" text-anchor=\"middle\">").append(Html.text(Html.number(t)))
          .append("</text>");
    }
    sb.append("<text class=\"axis-title\" x=\"").append((LEFT + WIDTH - RIGHT) / 2).append("\" y=\"")
        .append(HEIGHT - 6).append("\" text-anchor=\"middle\">").append(Html.text(xLabel)).append("</text></g>");
  }

  /** A centred note in an empty plot ("no rounds yet"). */
  static void note(StringBuilder sb, String text) {
    sb.append("<text class=\"empty\" x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
        .append("\" text-anchor=\"middle\">").append(Html.text(text)).append("</text>");
  }

  /** One legend entry: a swatch in the series' colour and its name. */
  record LegendItem(int series, String name, String colour) {}

  /** The {@code <figure>}: title, the finished {@code svg}, the legend and an optional note under it. */
  static String figure(String title, String svg, List<LegendItem> legend, String note) {
    StringBuilder sb = new StringBuilder(svg.length() + 512);
    sb.append("<figure class=\"chart\"><figcaption>").append(Html.text(title)).append("</figcaption>").append(svg);
    if (!legend.isEmpty()) {
      sb.append("<ul class=\"legend\">");
      for (LegendItem li : legend) {
        sb.append("<li data-series=\"").append(li.series()).append("\" title=\"click to hide or show\">")
            .append("<span class=\"swatch\" style=\"background:").append(li.colour()).append("\"></span>")
            .append(Html.text(li.name())).append("</li>");
      }
      sb.append("</ul>");
    }
    if (note != null && !note.isEmpty()) sb.append("<p class=\"note\">").append(Html.text(note)).append("</p>");
    return sb.append("</figure>").toString();
  }
}
