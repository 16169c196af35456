package io.sparkmomentum.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's MF kernel ({@link MatrixFactorization#addLossGradient}): the L2 term added once per touched row with
 * the row's summed weights, and the item-tiled visit of dense user-sorted selections, give the per-example form's
 * loss and gradient (up to summation order) and the same touched rows; the bits are a function of the selection.
 */
class MatrixFactorizationKernelTest {
  /** The per-example form, as the class Javadoc writes it: c·ℓ and c·(row scale)·∇ℓ for every example. */
  static double reference(MatrixFactorization mf, double[] userScale, double[] itemScale, double[] w,
      RatingColumns d, Selection sel, double[] g, RowSet touched) {
    int k = mf.rank();
    int nu = mf.numUsers();
    int ni = mf.numItems();
    double lam = mf.lambda();
    double lamB = mf.lambdaBias();
    double loss = 0;
    for (int n = 0; n < sel.size(); n++) {
      int x = sel.index(n);
      int u = d.users()[x];
      int i = d.items()[x];
      int pu = mf.userOffset(u);
      int qi = mf.itemOffset(i);
      int bu = nu * k + ni * k + u;
      int bi = mf.itemBiasOffset(i);
      double dot = 0;
      double pp = 0;
      double qq = 0;
      for (int f = 0; f < k; f++) {
        dot += w[pu + f] * w[qi + f];
        pp += w[pu + f] * w[pu + f];
        qq += w[qi + f] * w[qi + f];
      }
      double e = mf.mu() + w[bu] + w[bi] + dot - d.ratings()[x];
      double c = d.weight(x);
      double cu = c * (userScale == null ? 1 : userScale[u]);
      double ci = c * (itemScale == null ? 1 : itemScale[i]);
      loss += c * (0.5 * e * e + 0.5 * lam * (pp + qq) + 0.5 * lamB * (w[bu] * w[bu] + w[bi] * w[bi]));
      for (int f = 0; f < k; f++) {
        g[pu + f] += cu * (e * w[qi + f] + lam * w[pu + f]);
        g[qi + f] += ci * (e * w[pu + f] + lam * w[qi + f]);
      }
      g[bu] += cu * (e + lamB * w[bu]);
      g[bi] += ci * (e + lamB * w[bi]);
      touched.add(u);
      touched.add(nu + i);
      touched.add(nu + ni + u);
      touched.add(2 * nu + ni + i);
    }
    return loss;
  }

  /** {@code n} ratings sorted by user then item, {@code perUser} distinct items per user, some weights 0. */
  static RatingColumns sortedBlock(int users, int items, int perUser, boolean weighted, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int n = users * perUser;
    int[] us = new int[n];
    int[] is = new int[n];
    float[] rs = new float[n];
    float[] ws = weighted ? new float[n] : null;
    int x = 0;
    for (int u = 0; u < users; u++) {
      int[] picked = rng.ints(0, items).distinct().limit(perUser).sorted().toArray();
      for (int i : picked) {
        us[x] = u;
        is[x] = i;
        rs[x] = 1 + rng.nextInt(5);
        if (weighted) ws[x] = rng.nextInt(4) == 0 ? 0f : (float) (0.5 + rng.nextDouble());
        x++;
      }
    }
    return new RatingColumns(us, is, rs, ws);
  }

  private static void assertMatchesReference(MatrixFactorization mf, double[] su, double[] si, RatingColumns d,
      Selection sel, long seed) {
    double[] w = mf.initialParameters(0.3, seed);
    SplittableRandom rng = new SplittableRandom(seed + 1);
    for (int j = 0; j < w.length; j++) w[j] += 0.05 * rng.nextGaussian(); // biases nonzero
    GradientBuffer buf = new GradientBuffer(mf.layout());
    double loss = mf.addLossGradient(w, d, sel, buf);
    double[] g = new double[w.length];
    RowSet touched = new RowSet(mf.layout().numRows());
    double ref = reference(mf, su, si, w, d, sel, g, touched);
    assertEquals(ref, loss, 1e-11 * Math.abs(ref));
    double scale = Arrays.stream(g).map(Math::abs).max().orElse(1);
    for (int j = 0; j < g.length; j++) assertEquals(g[j], buf.values()[j], 1e-11 * scale, "gradient entry " + j);
    assertArrayEquals(touched.sorted(), buf.touchedRowsSorted());
  }

  @Test
  void perRowL2GivesThePerExampleLossAndGradient() {
    RatingColumns d = sortedBlock(40, 30, 6, true, 1);
    MatrixFactorization mf = new MatrixFactorization(40, 30, 5, 3.3, 0.07, 0.03);
    assertMatchesReference(mf, null, null, d, Selection.all(d.size()), 2);
    // a shuffled selection (the per-example form), and row-scaled steps (zero weights included: rows still touched)
    int[] order = io.sparkmomentum.train.EpochPermutation.order(d.size(), 5);
    assertTrue(MatrixFactorization.userRuns(Selection.all(d.size()), d.users()));
    assertTrue(!MatrixFactorization.userRuns(Selection.of(order, 10, 150), d.users()));
    assertMatchesReference(mf, null, null, d, Selection.of(order, 10, 150), 3);
    int[] nu = new int[40];
    int[] ni = new int[30];
    for (int x = 0; x < d.size(); x++) {
      nu[d.users()[x]]++;
      ni[d.items()[x]]++;
    }
    MatrixFactorization scaled = mf.withRowScales(d.size(), nu, ni, 3);
    double[] su = new double[40];
    double[] si = new double[30];
    for (int u = 0; u < 40; u++) su[u] = nu[u] == 0 ? 0 : (double) d.size() / Math.max(nu[u], 3);
    for (int i = 0; i < 30; i++) si[i] = ni[i] == 0 ? 0 : (double) d.size() / Math.max(ni[i], 3);
    assertMatchesReference(scaled, su, si, d, Selection.all(d.size()), 4);
    assertMatchesReference(scaled, su, si, d, Selection.inStorageOrder(order, 0, 100, d.size()), 5);
  }

  @Test
  void aDenseUserSortedSelectionIsVisitedByItemTiles() {
    int items = 20_000; // rank 32: tiles of 8,192 items, so 3 tiles
    RatingColumns d = sortedBlock(60, items, 12, false, 7);
    MatrixFactorization mf = new MatrixFactorization(60, items, 32, 3.5, 0.1, 0.01);
    Selection all = Selection.all(d.size());
    Selection visit = mf.tiled(all, d.users(), d.items());
    assertNotSame(all, visit);
    // a stable grouping by tile: tiles in increasing order, storage order within a tile, every example once
    int[] seen = new int[d.size()];
    for (int n = 1; n < visit.size(); n++) {
      int a = visit.index(n - 1);
      int b = visit.index(n);
      int ta = d.items()[a] >> 13;
      int tb = d.items()[b] >> 13;
      assertTrue(ta < tb || (ta == tb && a < b), "position " + n);
    }
    for (int n = 0; n < visit.size(); n++) seen[visit.index(n)]++;
    for (int c : seen) assertEquals(1, c);
    assertMatchesReference(mf, null, null, d, all, 8);
    // a shuffled selection (user runs of one example) and a sparse one keep their own order
    int[] order = io.sparkmomentum.train.EpochPermutation.order(d.size(), 9);
    Selection shuffled = Selection.of(order, 0, d.size());
    assertSame(shuffled, mf.tiled(shuffled, d.users(), d.items()));
    RatingColumns sparse = sortedBlock(60, items, 5, false, 10); // 5 per user < 2 per tile x 3 tiles
    Selection sparseAll = Selection.all(sparse.size());
    assertSame(sparseAll, mf.tiled(sparseAll, sparse.users(), sparse.items()));
  }

  @Test
  void theBitsAreAFunctionOfTheSelection() {
    RatingColumns d = sortedBlock(60, 20_000, 12, true, 11);
    MatrixFactorization mf = new MatrixFactorization(60, 20_000, 32, 3.5, 0.1, 0.01);
    double[] w = mf.initialParameters(0.1, 12);
    GradientBuffer a = new GradientBuffer(mf.layout());
    GradientBuffer b = new GradientBuffer(mf.layout());
    double la = mf.addLossGradient(w, d, Selection.all(d.size()), a);
    mf.addLossGradient(w, d, Selection.all(d.size()), b);
    b.clear();
    double lb = mf.addLossGradient(w, d, Selection.all(d.size()), b);
    assertEquals(Double.doubleToRawLongBits(la), Double.doubleToRawLongBits(lb));
    assertArrayEquals(a.values(), b.values());
  }
}
