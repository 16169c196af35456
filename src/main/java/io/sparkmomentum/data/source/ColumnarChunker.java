package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.OnBadRecord;
import io.sparkmomentum.data.ReaderOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns one Spark partition of a columnar scan (internal rows: user, item, rating[, file_path[, row_index]]) into one
 * {@link RatingChunk}, on the executor, without a per-record object: ids are dictionary-encoded as they come
 * (first-seen order), string ids trimmed, integral ids rendered in decimal.
 *
 * <p>A bad record (null user, item or rating; blank id; rating not finite or outside
 * {@code [minRating, maxRating]}) is, with {@link OnBadRecord#FAIL}, a {@link BadInputException} naming the file,
 * the 1-based row within the file, the column and the value; with {@link OnBadRecord#SKIP} it is counted and the
 * first {@link ReadReport#MAX_EXAMPLES} messages are kept in the chunk's report.
 */
final class ColumnarChunker implements Function2<Integer, Iterator<InternalRow>, Iterator<RatingChunk>> {
  private static final long serialVersionUID = 1L;

  private final ColumnarColumns cols;
  private final double minRating;
  private final double maxRating;
  private final boolean skip;
  private final String where;
  private final boolean hasFile;
  private final boolean hasRow;
  private final boolean localPaths;

  /**
   * @param where      how to name the source when rows carry no file (the path or "table NAME")
   * @param hasFile    rows carry {@code _metadata.file_path} at position 3
   * @param hasRow     rows carry {@code _metadata.row_index} at position 4
   * @param localPaths show {@code file:} URIs as plain paths (the user named a path without a scheme)
   */
  ColumnarChunker(ColumnarColumns cols, ReaderOptions options, String where, boolean hasFile, boolean hasRow,
      boolean localPaths) {
    this.cols = cols;
    // ReaderOptions is not Serializable: keep only what the executors need
    this.minRating = options.minRating();
    this.maxRating = options.maxRating();
    this.skip = options.onBadRecord() == OnBadRecord.SKIP;
    this.where = where;
    this.hasFile = hasFile;
    this.hasRow = hasRow;
    this.localPaths = localPaths;
  }

  @Override
  public Iterator<RatingChunk> call(Integer split, Iterator<InternalRow> rows) {
    return List.of(chunk(split, rows)).iterator();
  }

  RatingChunk chunk(int split, Iterator<InternalRow> rows) {
    Ids users = new Ids(cols.userType());
    Ids items = new Ids(cols.itemType());
    int[] u = new int[1024];
    int[] it = new int[1024];
    float[] lab = new float[1024];
    int n = 0;
    long read = 0;
    long skipped = 0;
    List<String> examples = new ArrayList<>();
    FileNames files = new FileNames(localPaths);
    double min = minRating;
    double max = maxRating;
    while (rows.hasNext()) {
      InternalRow r = rows.next();
      read++;
      String problem = problem(r, min, max);
      if (problem != null) {
        BadInputException bad = new BadInputException(hasFile ? files.display(r.getUTF8String(3)) : where, 0,
            position(r, split, read) + problem, value(r));
        if (!skip) throw bad;
        skipped++;
        if (examples.size() < ReadReport.MAX_EXAMPLES) examples.add(bad.getMessage());
        continue;
      }
      if (n == u.length) {
        int cap = n + (n >> 1);
        u = Arrays.copyOf(u, cap);
        it = Arrays.copyOf(it, cap);
        lab = Arrays.copyOf(lab, cap);
      }
      u[n] = users.index(r, 0);
      it[n] = items.index(r, 1);
      lab[n] = (float) cols.ratingType().number(r, 2);
      n++;
    }
    ReadReport report = new ReadReport(split, read, n, skipped, examples);
    return new RatingChunk(users.ids(), Arrays.copyOf(u, n), items.ids(), Arrays.copyOf(it, n),
        Arrays.copyOf(lab, n), null, report);
  }

  /** What is wrong with the record, or null. */
  private String problem(InternalRow r, double min, double max) {
    String p = idProblem(r, 0, cols.user(), "user", cols.userType());
    if (p == null) p = idProblem(r, 1, cols.item(), "item", cols.itemType());
    if (p != null) return p;
    String c = "column '" + cols.rating() + "' (rating)";
    if (r.isNullAt(2)) return c + ": null; expected a number in " + range();
    double v = cols.ratingType().number(r, 2);
    if (!Double.isFinite(v)) return c + ": " + v + " is not finite; expected a finite number in " + range();
    if (v < min || v > max) {
      return c + ": " + v + " is out of range; expected a number in " + range()
          + " (data.min_rating, data.max_rating)";
    }
    return null;
  }

  private static String idProblem(InternalRow r, int i, String name, String role, ColumnarColumns.Kind kind) {
    if (r.isNullAt(i)) {
      return "column '" + name + "' (" + role + " id): null; expected " + (role.equals("item") ? "an " : "a ") + role
          + " id";
    }
    if (kind.tag() == ColumnarColumns.Tag.STRING && trim(r.getUTF8String(i)).numBytes() == 0) {
      return "column '" + name + "' (" + role + " id): blank; expected a non-empty " + role + " id";
    }
    return null;
  }

  private String range() {
    return io.sparkmomentum.data.ReaderOptions.rangeText(minRating, maxRating);
  }

  /** "row N, " (1-based, within the file), or the record's place in the split when the format has no row index. */
  private String position(InternalRow r, int split, long record) {
    if (hasRow && !r.isNullAt(4)) return "row " + (r.getLong(4) + 1) + ", ";
    return "record " + record + " of Spark partition " + split + " (this format gives no row index), ";
  }

  /** The offending record's three values as text, for the message's snippet. */
  private String value(InternalRow r) {
    return text(r, 0, cols.userType()) + ", " + text(r, 1, cols.itemType()) + ", " + text(r, 2, cols.ratingType());
  }

  private static String text(InternalRow r, int i, ColumnarColumns.Kind k) {
    if (r.isNullAt(i)) return "null";
    return switch (k.tag()) {
      case STRING -> r.getUTF8String(i).toString();
      case DECIMAL -> r.getDecimal(i, k.precision(), k.scale()).toJavaBigDecimal().toPlainString();
      case FLOAT, DOUBLE -> String.valueOf(k.number(r, i));
      default -> String.valueOf(k.integer(r, i));
    };
  }

  /**
   * {@code s} without leading and trailing characters {@code <= ' '} (as the text formats trim ids); {@code s}
   * itself when there are none.
   */
  static UTF8String trim(UTF8String s) {
    int n = s.numBytes();
    if (n > 0 && (s.getByte(0) & 0xff) > ' ' && (s.getByte(n - 1) & 0xff) > ' ') return s;
    return UTF8String.fromString(s.toString().trim());
  }

  /** Dictionary of one id column: raw id → index in first-seen order. */
  private static final class Ids {
    private final ColumnarColumns.Kind kind;
    private final HashMap<UTF8String, Integer> strings = new HashMap<>();
    private final LongIndex longs = new LongIndex();
    private final List<String> order = new ArrayList<>();

    Ids(ColumnarColumns.Kind kind) {
      this.kind = kind;
    }

    int index(InternalRow r, int i) {
      switch (kind.tag()) {
        case STRING: {
          UTF8String s = trim(r.getUTF8String(i));
          Integer k = strings.get(s);
          if (k != null) return k;
          int id = order.size();
          strings.put(s.copy(), id);
          order.add(s.toString());
          return id;
        }
        case DECIMAL: {
          String s = r.getDecimal(i, kind.precision(), kind.scale()).toJavaBigDecimal().toPlainString();
          UTF8String key = UTF8String.fromString(s);
          Integer k = strings.get(key);
          if (k != null) return k;
          int id = order.size();
          strings.put(key, id);
          order.add(s);
          return id;
        }
        default: {
          long v = kind.integer(r, i);
          int k = longs.get(v);
          if (k >= 0) return k;
          int id = order.size();
          longs.put(v, id);
          order.add(Long.toString(v));
          return id;
        }
      }
    }

    String[] ids() {
      return order.toArray(new String[0]);
    }
  }

  /**
   * Open-addressing map long → non-negative int (linear probing, power-of-two capacity, at most half full). Key and
   * value share one {@code long[]} (slot {@code 2p} the key, {@code 2p+1} the value, -1 when empty), so a probe
   * touches one cache line.
   */
  static final class LongIndex {
    private long[] slots = empty(1024);
    private int size;

    private static long[] empty(int capacity) {
      long[] s = new long[2 * capacity];
      for (int i = 1; i < s.length; i += 2) s[i] = -1;
      return s;
    }

    int get(long key) {
      int mask = (slots.length >> 1) - 1;
      for (int p = mix(key) & mask; ; p = (p + 1) & mask) {
        long v = slots[2 * p + 1];
        if (v < 0) return -1;
        if (slots[2 * p] == key) return (int) v;
      }
    }

    void put(long key, int val) {
      if (2 * (size + 1) > (slots.length >> 1)) grow();
      int mask = (slots.length >> 1) - 1;
      int p = mix(key) & mask;
      while (slots[2 * p + 1] >= 0 && slots[2 * p] != key) p = (p + 1) & mask;
      if (slots[2 * p + 1] < 0) size++;
      slots[2 * p] = key;
      slots[2 * p + 1] = val;
    }

    int size() {
      return size;
    }

    private void grow() {
      long[] old = slots;
      slots = empty(old.length); // twice the capacity: old.length = 2 × old capacity
      size = 0;
      for (int i = 0; i < old.length; i += 2) if (old[i + 1] >= 0) put(old[i], (int) old[i + 1]);
    }

    private static int mix(long key) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }
  }

  /** Shows {@code _metadata.file_path} values, converting each distinct one once. */
  private static final class FileNames {
    private final boolean local;
    private UTF8String last;
    private String shown;

    FileNames(boolean local) {
      this.local = local;
    }

    String display(UTF8String fp) {
      if (fp == null) return "?";
      if (!fp.equals(last)) {
        last = fp.copy();
        shown = show(fp.toString());
      }
      return shown;
    }

    private String show(String fp) {
      if (!local || !fp.startsWith("file:")) return fp;
      try {
        return new Path(new URI(fp)).toUri().getPath();
      } catch (Exception e) {
        return fp;
      }
    }
  }
}
