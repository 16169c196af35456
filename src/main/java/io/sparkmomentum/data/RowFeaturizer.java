package io.sparkmomentum.data;

import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.RatingColumns;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Turns a block of ratings into a block of factorization-machine rows (Rendle 2010) in the index space of a
 * {@link FeatureLayout}, row for row and in the block's order. Row {@code (u, i, r)} holds, in increasing index:
 * <pre>
 *   u ↦ 1                      one-hot user (a training user)
 *   i ↦ 1                      one-hot item (a training item)
 *   side(u), side(i)           the side files' features of the raw ids
 *   j ↦ 1/√|N(u)|, j ∈ N(u)     the items u rated in training (SVD++, Koren 2008, §4: "Factorization meets the
 *                              neighborhood")
 * </pre>
 * and label {@code r}. A user or item outside the training ids (cold start; ids in {@code [numUsers, ...)} are known
 * only from a side file) lacks its one-hot and implicit groups but keeps its side features. Runs on the executors.
 *
 * @param layout    the groups (a size 0 turns a group off)
 * @param numUsers  training users (one-hot and implicit ids are {@code [0, numUsers)})
 * @param numItems  training items
 * @param userSide  side features by user index (training users, then side-only users)
 * @param itemSide  side features by item index
 */
record RowFeaturizer(FeatureLayout layout, int numUsers, int numItems, SideTable.SideRows userSide,
    SideTable.SideRows itemSide) implements Serializable {

  /** The training item sets of some users: {@code items[k]} (increasing) belongs to user {@code users[k]}. */
  record ImplicitSets(int[] users, int[][] items) implements Serializable {
    static ImplicitSets none() {
      return new ImplicitSets(new int[0], new int[0][]);
    }

    /** The set of user {@code u}, or null ({@code users} is increasing). */
    int[] of(int u) {
      int k = Arrays.binarySearch(users, u);
      return k < 0 ? null : items[k];
    }
  }

  /** A block's rows and its cold-start counts (rows whose user, or item, is not a training one). */
  record Rows(FeatureRows rows, long coldUsers, long coldItems) implements Serializable {}

  Rows featurize(RatingColumns block, ImplicitSets implicit) {
    int n = block.size();
    int[] ptr = new int[n + 1];
    long nnz = 0;
    for (int r = 0; r < n; r++) {
      nnz += width(block.users()[r], block.items()[r], implicit);
      ptr[r + 1] = Math.toIntExact(nnz);
    }
    int[] idx = new int[(int) nnz];
    double[] val = new double[(int) nnz];
    double[] labels = new double[n];
    long coldUsers = 0;
    long coldItems = 0;
    for (int r = 0; r < n; r++) {
      int u = block.users()[r];
      int i = block.items()[r];
      boolean warmUser = u >= 0 && u < numUsers;
      boolean warmItem = i >= 0 && i < numItems;
      if (!warmUser) coldUsers++;
      if (!warmItem) coldItems++;
      int at = ptr[r];
      if (layout.users() > 0 && warmUser) at = put(idx, val, at, u, 1);
      if (layout.items() > 0 && warmItem) at = put(idx, val, at, layout.itemOffset() + i, 1);
      if (layout.userSide() > 0) at = copy(userSide, u, layout.userSideOffset(), idx, val, at);
      if (layout.itemSide() > 0) at = copy(itemSide, i, layout.itemSideOffset(), idx, val, at);
      int[] set = layout.implicitItems() > 0 && warmUser ? implicit.of(u) : null;
      if (set != null) {
        double v = 1 / Math.sqrt(set.length);
        for (int j : set) at = put(idx, val, at, layout.implicitOffset() + j, v);
      }
      labels[r] = block.ratings()[r];
    }
    return new Rows(new FeatureRows(layout.width(), ptr, idx, val, labels, block.weights()), coldUsers, coldItems);
  }

  private int width(int u, int i, ImplicitSets implicit) {
    boolean warmUser = u >= 0 && u < numUsers;
    int w = 0;
    if (layout.users() > 0 && warmUser) w++;
    if (layout.items() > 0 && i >= 0 && i < numItems) w++;
    if (layout.userSide() > 0) w += userSide.count(u);
    if (layout.itemSide() > 0) w += itemSide.count(i);
    if (layout.implicitItems() > 0 && warmUser) {
      int[] set = implicit.of(u);
      if (set != null) w += set.length;
    }
    return w;
  }

  private static int put(int[] idx, double[] val, int at, int j, double v) {
    idx[at] = j;
    val[at] = v;
    return at + 1;
  }

  private static int copy(SideTable.SideRows side, int k, int offset, int[] idx, double[] val, int at) {
    for (int x = side.start(k), e = x + side.count(k); x < e; x++) at = put(idx, val, at, offset + side.cols()[x],
        side.values()[x]);
    return at;
  }
}
