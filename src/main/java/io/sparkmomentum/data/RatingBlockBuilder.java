package io.sparkmomentum.data;

import io.sparkmomentum.model.RatingColumns;
import java.io.Serializable;
import java.util.List;

/**
 * Builds one partition's {@link RatingColumns} from the pieces the shuffle delivered: concatenated, sorted by
 * (user, item, label, weight) — a total order on the records' values, so the block depends only on the multiset of
 * records that hash to this partition — and with duplicated (user, item) pairs handled as {@link Duplicates} says.
 *
 * <p>The sort is two stable counting sorts (by item, then by user: O(n + users + items)), then an insertion sort of
 * each run of equal pairs by (label, weight); runs are almost always of length 1.
 */
final class RatingBlockBuilder {
  private RatingBlockBuilder() {}

  /**
   * The block, its duplicate count, and the labels' sum, min and max (summed in block order); with
   * {@link Duplicates#FAIL} and a duplicated pair, no block but the error naming the block's first such pair.
   */
  record Built(RatingColumns block, long duplicates, double labelSum, float min, float max, BadInputException error)
      implements Serializable {}

  /**
   * @param users the index of the users (ids are in {@code [-1, users.size())}; -1 = unknown, test data only)
   * @param what  the data's name for messages, e.g. the {@code data.train} path
   */
  static Built build(List<RatingPiece> pieces, IdIndex users, IdIndex items, Duplicates policy, String what) {
    int numUsers = users.size();
    int numItems = items.size();
    int n = 0;
    boolean weighted = false;
    for (RatingPiece p : pieces) {
      n += p.size();
      weighted |= p.weights() != null;
    }
    int[] us = new int[n];
    int[] is = new int[n];
    float[] ls = new float[n];
    float[] ws = weighted ? new float[n] : null;
    long[] order = policy == Duplicates.LAST ? new long[n] : null;
    int at = 0;
    for (RatingPiece p : pieces) {
      int m = p.size();
      System.arraycopy(p.users(), 0, us, at, m);
      System.arraycopy(p.items(), 0, is, at, m);
      System.arraycopy(p.labels(), 0, ls, at, m);
      if (ws != null) {
        if (p.weights() != null) System.arraycopy(p.weights(), 0, ws, at, m);
        else java.util.Arrays.fill(ws, at, at + m, 1f);
      }
      if (order != null) System.arraycopy(p.order(), 0, order, at, m);
      at += m;
    }
    int[] perm = identity(n);
    perm = countingSort(perm, is, numItems);
    perm = countingSort(perm, us, numUsers);
    sortRuns(perm, us, is, ls, ws);
    return collapse(perm, us, is, ls, ws, order, policy, what, users, items);
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int k = 0; k < n; k++) p[k] = k;
    return p;
  }

  /** Stable counting sort of {@code perm} by {@code key[perm[k]] + 1} in {@code [0, range + 1)}. */
  private static int[] countingSort(int[] perm, int[] key, int range) {
    int[] count = new int[range + 2];
    for (int x : perm) count[key[x] + 2]++;
    for (int k = 1; k < count.length; k++) count[k] += count[k - 1];
    int[] out = new int[perm.length];
    for (int x : perm) out[count[key[x] + 1]++] = x;
    return out;
  }

  private static void sortRuns(int[] perm, int[] us, int[] is, float[] ls, float[] ws) {
    for (int a = 0, n = perm.length; a < n;) {
      int b = a + 1;
      while (b < n && us[perm[b]] == us[perm[a]] && is[perm[b]] == is[perm[a]]) b++;
      if (b - a > 32) { // a long run (many records of one pair): a merge sort, not a quadratic insertion sort
        Integer[] run = new Integer[b - a];
        for (int k = a; k < b; k++) run[k - a] = perm[k];
        java.util.Arrays.sort(run, (x, y) -> compareValues(x, y, ls, ws));
        for (int k = a; k < b; k++) perm[k] = run[k - a];
        a = b;
        continue;
      }
      for (int k = a + 1; k < b; k++) { // insertion sort of the run by (label, weight)
        int x = perm[k];
        int j = k - 1;
        while (j >= a && compareValues(perm[j], x, ls, ws) > 0) {
          perm[j + 1] = perm[j];
          j--;
        }
        perm[j + 1] = x;
      }
      a = b;
    }
  }

  /**
   * Two blocks, each sorted by (user, item, label, weight), merged into one in that order (a linear merge; on equal
   * records {@code a}'s first): the block {@link #build} would give for the records of both, duplicates kept.
   */
  static RatingColumns merge(RatingColumns a, RatingColumns b) {
    int n = a.size() + b.size();
    int[] us = new int[n];
    int[] is = new int[n];
    float[] ls = new float[n];
    boolean weighted = a.weights() != null || b.weights() != null;
    float[] ws = weighted ? new float[n] : null;
    int x = 0;
    int y = 0;
    for (int k = 0; k < n; k++) {
      boolean fromA = y == b.size() || (x < a.size() && compareRecords(a, x, b, y) <= 0);
      RatingColumns src = fromA ? a : b;
      int r = fromA ? x++ : y++;
      us[k] = src.users()[r];
      is[k] = src.items()[r];
      ls[k] = src.ratings()[r];
      if (weighted) ws[k] = src.weight(r);
    }
    return new RatingColumns(us, is, ls, ws);
  }

  private static int compareRecords(RatingColumns a, int x, RatingColumns b, int y) {
    int c = Integer.compare(a.users()[x], b.users()[y]);
    if (c == 0) c = Integer.compare(a.items()[x], b.items()[y]);
    if (c == 0) c = Float.compare(a.ratings()[x], b.ratings()[y]);
    return c != 0 ? c : Float.compare(a.weight(x), b.weight(y));
  }

  private static int compareValues(int x, int y, float[] ls, float[] ws) {
    int c = Float.compare(ls[x], ls[y]);
    return c != 0 || ws == null ? c : Float.compare(ws[x], ws[y]);
  }

  private static Built collapse(int[] perm, int[] us, int[] is, float[] ls, float[] ws, long[] order,
      Duplicates policy, String what, IdIndex users, IdIndex items) {
    int n = perm.length;
    int[] u2 = new int[n];
    int[] i2 = new int[n];
    float[] l2 = new float[n];
    float[] w2 = ws == null ? null : new float[n];
    int out = 0;
    long duplicates = 0;
    for (int a = 0; a < n;) {
      int b = a + 1;
      while (b < n && us[perm[b]] == us[perm[a]] && is[perm[b]] == is[perm[a]]) b++;
      duplicates += b - a - 1;
      if (b - a > 1 && policy == Duplicates.FAIL) {
        return new Built(null, 0, 0, 0, 0, new BadInputException(what, 0, "the pair (user " + quote(users,
            us[perm[a]]) + ", item " + quote(items, is[perm[a]]) + ") has " + (b - a) + " records (labels "
            + ls[perm[a]] + " and " + ls[perm[a + 1]] + "); expected each (user, item) pair once (data.duplicates ="
            + " fail; keep, last, mean or sum accept them)", null));
      }
      if (b - a == 1 || policy == Duplicates.KEEP) {
        for (int k = a; k < b; k++) {
          int x = perm[k];
          u2[out] = us[x];
          i2[out] = is[x];
          l2[out] = ls[x];
          if (w2 != null) w2[out] = ws[x];
          out++;
        }
      } else if (policy == Duplicates.LAST) {
        int last = perm[a];
        for (int k = a + 1; k < b; k++) if (order[perm[k]] > order[last]) last = perm[k];
        u2[out] = us[last];
        i2[out] = is[last];
        l2[out] = ls[last];
        if (w2 != null) w2[out] = ws[last];
        out++;
      } else { // MEAN or SUM, summed in the run's sorted order
        double sl = 0;
        double sw = 0;
        for (int k = a; k < b; k++) {
          sl += ls[perm[k]];
          if (ws != null) sw += ws[perm[k]];
        }
        u2[out] = us[perm[a]];
        i2[out] = is[perm[a]];
        double div = policy == Duplicates.SUM ? 1 : b - a;
        l2[out] = (float) (sl / div);
        if (w2 != null) w2[out] = (float) (sw / div);
        out++;
      }
      a = b;
    }
    double sum = 0;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < out; k++) {
      sum += l2[k];
      min = Math.min(min, l2[k]);
      max = Math.max(max, l2[k]);
    }
    if (out < n) {
      u2 = java.util.Arrays.copyOf(u2, out);
      i2 = java.util.Arrays.copyOf(i2, out);
      l2 = java.util.Arrays.copyOf(l2, out);
      if (w2 != null) w2 = java.util.Arrays.copyOf(w2, out);
    }
    return new Built(new RatingColumns(u2, i2, l2, w2), duplicates, sum, min, max, null);
  }

  private static String quote(IdIndex index, int id) {
    return id < 0 ? "(unknown)" : "'" + BadInputException.escape(index.raw(id), 40) + "'";
  }
}
