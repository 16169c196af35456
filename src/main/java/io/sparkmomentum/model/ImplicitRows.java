package io.sparkmomentum.model;

import java.util.SplittableRandom;

/**
 * The rows a sampled implicit loss reads: for each selected positive (u, i), {@code P_u}, {@code Q_i}, {@code b_i},
 * and the rows of its {@code m} negatives, drawn from the selection's stream in the order the losses draw them.
 */
final class ImplicitRows {
  private ImplicitRows() {}

  static void mark(ItemFactors f, int negatives, RatingColumns data, Selection sel, RowSet rows) {
    final int[] us = data.users();
    final int[] is = data.items();
    SplittableRandom rng = sel.random();
    for (int n = 0, size = sel.size(); n < size; n++) {
      int x = sel.index(n);
      int i = is[x];
      rows.add(f.rowP(us[x]));
      rows.add(f.rowQ(i));
      rows.add(f.rowB(i));
      for (int s = 0; s < negatives; s++) {
        int j = f.drawNegative(rng, i);
        rows.add(f.rowQ(j));
        rows.add(f.rowB(j));
      }
    }
  }
}
