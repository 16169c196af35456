package io.sparkmomentum.report;

import java.util.List;

/** An HTML table of text cells, every cell escaped; wide tables scroll sideways. */
final class Table {
  private Table() {}

  /**
   * @param cls the table's class (a constant of the page)
   * @param header the column names
   * @param rows the cells, row by row (a null cell is shown empty)
   */
  static String html(String cls, List<String> header, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder(256 + rows.size() * 64);
    sb.append("<div class=\"scroll\"><table class=\"").append(cls).append("\"><thead><tr>");
    for (String h : header) sb.append("<th>").append(Html.text(h)).append("</th>");
    sb.append("</tr></thead><tbody>");
    for (List<String> row : rows) {
      sb.append("<tr>");
      for (String cell : row) sb.append("<td>").append(cell == null ? "" : Html.text(cell)).append("</td>");
      sb.append("</tr>");
    }
    return sb.append("</tbody></table></div>").toString();
  }
}
