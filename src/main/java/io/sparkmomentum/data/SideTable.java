package io.sparkmomentum.data;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The side features of one side file (users or items), parsed on the driver: a vocabulary of feature names (in
 * {@link String#compareTo} order) and, for each raw id of the file, its features as vocabulary positions (increasing)
 * with their values. The ids are in {@link IdOrder}, so the table depends only on the file's content.
 *
 * @param path       the file, for messages
 * @param format     the format it was read in ({@code ml100k} or {@code tags})
 * @param vocabulary feature names; position {@code j} is the group's feature {@code j}
 * @param ids        raw ids (trimmed, as the rating readers trim them), in {@link IdOrder}
 * @param rowPtr     id {@code k}'s features are {@code cols/values[rowPtr[k], rowPtr[k+1])}
 */
public record SideTable(String path, String format, List<String> vocabulary, List<String> ids, int[] rowPtr,
    int[] cols, double[] values) implements Serializable {

  public SideTable {
    vocabulary = List.copyOf(vocabulary);
    ids = List.copyOf(ids);
    if (rowPtr.length != ids.size() + 1 || cols.length != values.length || rowPtr[ids.size()] != cols.length) {
      throw new IllegalArgumentException("bad side table shape: " + ids.size() + " ids, " + cols.length + " values");
    }
  }

  /**
   * The rows of this table for the positions of {@code index} (ids the table lacks get no features), to be
   * broadcast to the executors.
   */
  public SideRows aligned(IdIndex index) {
    IdIndex mine = IdIndex.of(ids);
    int n = index.size();
    int[] ptr = new int[n + 1];
    List<Integer> rows = new ArrayList<>(n);
    int nnz = 0;
    for (int k = 0; k < n; k++) {
      int r = mine.lookup(index.raw(k));
      rows.add(r);
      if (r >= 0) nnz += rowPtr[r + 1] - rowPtr[r];
      ptr[k + 1] = nnz;
    }
    int[] c = new int[nnz];
    double[] v = new double[nnz];
    for (int k = 0; k < n; k++) {
      int r = rows.get(k);
      if (r < 0) continue;
      System.arraycopy(cols, rowPtr[r], c, ptr[k], rowPtr[r + 1] - rowPtr[r]);
      System.arraycopy(values, rowPtr[r], v, ptr[k], rowPtr[r + 1] - rowPtr[r]);
    }
    return new SideRows(ptr, c, v);
  }

  /** A CRC-32C of the vocabulary, the ids and every (feature, value): the content, whatever the file's times. */
  public String crc() {
    CRC32C c = new CRC32C();
    for (String s : vocabulary) update(c, s);
    for (int k = 0; k < ids.size(); k++) {
      update(c, ids.get(k));
      for (int x = rowPtr[k]; x < rowPtr[k + 1]; x++) {
        long bits = Double.doubleToLongBits(values[x]);
        for (int s = 0; s < 64; s += 8) c.update((int) (bits >>> s));
        c.update(cols[x] >>> 24);
        c.update(cols[x] >>> 16);
        c.update(cols[x] >>> 8);
        c.update(cols[x]);
      }
    }
    return Long.toHexString(c.getValue());
  }

  private static void update(CRC32C c, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    c.update(b.length >>> 8);
    c.update(b.length);
    c.update(b);
  }

  /**
   * Side features aligned with an id index: position {@code k}'s features are
   * {@code cols/values[ptr[k], ptr[k+1])}.
   */
  public record SideRows(int[] ptr, int[] cols, double[] values) implements Serializable {
    /** No side features for any id. */
    public static SideRows none() {
      return new SideRows(new int[] {0}, new int[0], new double[0]);
    }

    /** Features of index position {@code k} ({@code -1} or beyond the table: none). */
    public int count(int k) {
      return k < 0 || k + 1 >= ptr.length ? 0 : ptr[k + 1] - ptr[k];
    }

    public int start(int k) {
      return k < 0 || k + 1 >= ptr.length ? 0 : ptr[k];
    }

    /** Index positions that have at least one feature. */
    public int covered() {
      int n = 0;
      for (int k = 0; k + 1 < ptr.length; k++) if (ptr[k + 1] > ptr[k]) n++;
      return n;
    }
  }
}
