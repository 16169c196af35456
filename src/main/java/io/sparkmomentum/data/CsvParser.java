package io.sparkmomentum.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CSV with a header row (RFC 4180 quoting: a field in double quotes may hold commas and doubled quotes
 * {@code ""}; quoted fields cannot span lines). Columns are found by name in the header; every data line
 * must have as many fields as the header.
 */
final class CsvParser extends RecordParser {
  private final ReaderOptions opts;
  private final int columns;
  private final int userField;
  private final int itemField;
  private final int ratingField;
  private final String headerText;
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private boolean[] escaped = new boolean[8];

  private CsvParser(ReaderOptions opts, int columns, int userField, int itemField, int ratingField, String headerText) {
    this.opts = opts;
    this.columns = columns;
    this.userField = userField;
    this.itemField = itemField;
    this.ratingField = ratingField;
    this.headerText = headerText;
  }

  /** Reads the header line; a missing or repeated column is a problem naming it and the header found. */
  static CsvParser fromHeader(String header, ReaderOptions o) throws LineProblem {
    CsvParser scanner = new CsvParser(o, 0, 0, 0, 0, "");
    int n;
    try {
      n = scanner.scan(header);
    } catch (LineProblem p) {
      throw new LineProblem("cannot parse the CSV header: " + p.getMessage());
    }
    List<String> names = new ArrayList<>(n);
    for (int f = 0; f < n; f++) {
      names.add(scanner.value(header, f).trim());
    }
    String found = BadInputException.escape(String.join(",", names), 100);
    String[] wanted = {o.userCol(), o.itemCol(), o.ratingCol()};
    int[] at = new int[3];
    List<String> missing = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      at[w] = names.indexOf(wanted[w]);
      if (at[w] < 0) {
        missing.add(wanted[w]);
      } else if (names.lastIndexOf(wanted[w]) != at[w]) {
        throw new LineProblem("CSV header has column '" + wanted[w] + "' more than once (fields " + (at[w] + 1)
            + " and " + (names.lastIndexOf(wanted[w]) + 1) + "); expected each of " + String.join(", ", wanted)
            + " exactly once; header found: " + found);
      }
    }
    if (!missing.isEmpty()) {
      StringBuilder sb = new StringBuilder("CSV header has no column");
      sb.append(missing.size() > 1 ? "s " : " ");
      for (int k = 0; k < missing.size(); k++) {
        sb.append(k > 0 ? ", '" : "'").append(BadInputException.escape(missing.get(k), 40)).append('\'');
      }
      sb.append("; expected a header naming the columns ").append(String.join(", ", wanted))
          .append(" (data.user_col, data.item_col, data.rating_col); header found: ").append(found);
      for (String m : missing) {
        for (String name : names) {
          if (name.equalsIgnoreCase(m)) {
            sb.append("; did you mean '").append(BadInputException.escape(name, 40)).append("'?");
          }
        }
      }
      if (!names.isEmpty() && !Double.isNaN(parseDecimal(names.get(0), 0, names.get(0).length()))) {
        sb.append("; the first line looks like data: CSV input needs a header row");
      }
      sb.append(delimiterHint(header, ",", "\t", ";", "|", "::"));
      throw new LineProblem(sb.toString());
    }
    return new CsvParser(o, n, at[0], at[1], at[2], found);
  }

  private String delimiterName() {
    return switch (opts.delimiter()) {
      case ',' -> "comma";
      case '\t' -> "tab";
      case ';' -> "semicolon";
      case '|' -> "pipe";
      default -> "'" + opts.delimiter() + "'";
    };
  }

  @Override
  void parse(String line) throws LineProblem {
    int n = scan(line);
    if (n != columns) {
      throw new LineProblem("expected " + columns + " " + delimiterName() + "-separated fields as in the header ("
          + headerText + "), found " + n + delimiterHint(line, ",", "\t", ";", "|", "::"));
    }
    String u = value(line, userField);
    user = id(u, 0, u.length(), "user id", userField + 1, opts.userCol());
    String i = value(line, itemField);
    item = id(i, 0, i.length(), "item id", itemField + 1, opts.itemCol());
    String r = escaped[ratingField] ? value(line, ratingField) : line;
    int a = escaped[ratingField] ? 0 : starts[ratingField];
    int b = escaped[ratingField] ? r.length() : ends[ratingField];
    rating = rating(r, a, b, ratingField + 1, opts.ratingCol(), opts);
  }

  /** Field {@code f} of the last scanned line, quotes removed and {@code ""} turned into {@code "}. */
  private String value(String line, int f) {
    String v = line.substring(starts[f], ends[f]);
    return escaped[f] ? v.replace("\"\"", "\"") : v;
  }

  /** Finds the field boundaries of {@code line}; returns the number of fields. */
  private int scan(String line) throws LineProblem {
    int n = line.length();
    int f = 0;
    int i = 0;
    while (true) {
      if (f == starts.length) {
        starts = Arrays.copyOf(starts, 2 * f);
        ends = Arrays.copyOf(ends, 2 * f);
        escaped = Arrays.copyOf(escaped, 2 * f);
      }
      if (i < n && line.charAt(i) == '"') {
        boolean esc = false;
        int j = i + 1;
        int q;
        while (true) {
          q = line.indexOf('"', j);
          if (q < 0) {
            throw new LineProblem("unterminated quoted field " + (f + 1)
                + "; expected a closing '\"' on the same line (quoted fields cannot span lines)");
          }
          if (q + 1 < n && line.charAt(q + 1) == '"') {
            esc = true;
            j = q + 2;
          } else {
            break;
          }
        }
        starts[f] = i + 1;
        ends[f] = q;
        escaped[f] = esc;
        i = q + 1;
        if (i < n && line.charAt(i) != opts.delimiter()) {
          throw new LineProblem("unexpected " + quote(String.valueOf(line.charAt(i))) + " after the closing quote of field "
              + (f + 1) + "; expected '" + opts.delimiter() + "' or the end of the line");
        }
      } else {
        int j = i;
        while (j < n) {
          char c = line.charAt(j);
          if (c == opts.delimiter()) {
            break;
          }
          if (c == '"') {
            throw new LineProblem("stray '\"' inside unquoted field " + (f + 1)
                + "; expected the whole field in double quotes with inner quotes doubled (\"a \"\"b\"\"\")");
          }
          j++;
        }
        starts[f] = i;
        ends[f] = j;
        escaped[f] = false;
        i = j;
      }
      f++;
      if (i >= n) {
        return f;
      }
      i++; // the delimiter
    }
  }
}
