package io.sparkmomentum.model;

import io.sparkmomentum.config.Check;
import java.util.SplittableRandom;

/**
 * Biased matrix factorization for explicit ratings (Koren, Bell and Volinsky 2009, "Matrix factorization techniques
 * for recommender systems"): {@code r̂(u,i) = μ + b_u + b_i + p_u·q_i}, with μ the training mean, fixed.
 *
 * <p>Parameters, in this order: {@code P} (users × rank), {@code Q} (items × rank), {@code bu} (users),
 * {@code bi} (items). The loss of one rating (u, i, r), with {@code e = r̂ − r}, is
 * <pre>  ℓ = ½e² + λ/2 (‖p_u‖² + ‖q_i‖²) + λ_b/2 (b_u² + b_i²)</pre>
 * and its gradient is {@code ∂ℓ/∂p_u = e·q_i + λp_u}, {@code ∂ℓ/∂q_i = e·p_u + λq_i},
 * {@code ∂ℓ/∂b_u = e + λ_b b_u}, {@code ∂ℓ/∂b_i = e + λ_b b_i}. The regulariser applies per occurrence, so a batch
 * touches only the rows of the users and items it contains. This is the {@code mf} problem of the PyTorch
 * references. A weighted example (weight c) contributes {@code c·ℓ} and {@code c·∇ℓ}. The kernel adds a batch's L2
 * terms once per touched row, weighted by the row's summed example weights (the same sum, see
 * {@link #addLossGradient}).
 *
 * <p><b>Row-scaled steps</b> ({@code model.gradient_scale = row}, {@link #withRowScales}): the trainer divides a
 * round's summed gradient by its example count N, so a row's step grows with its share of the data (a user with
 * n_u ratings moves n_u/N times its own mean gradient): the stable learning rate then depends on the heaviest
 * user or item of each data set. Scaling each example's contribution to the rows of user u by N/n_u (and of item i
 * by N/n_i) makes every row's gradient the mean over its own ratings — a diagonal (Jacobi) preconditioner built from
 * the row counts, as ALS solves each row against its own ratings (Zhou et al. 2008, "Large-scale parallel
 * collaborative filtering for the Netflix prize", whose per-occurrence λ this loss shares). The curvature of every
 * bias is then ≈ 1 + λ_b whatever the data, so one learning rate fits data sets of any size and density. The
 * loss reported is still ℓ's mean; with a scale of 1 the bits are those of the plain gradient.
 */
public final class MatrixFactorization implements Model<RatingColumns>, LatentFactors {
  private static final long serialVersionUID = 1L;

  private final int numUsers;
  private final int numItems;
  private final int rank;
  private final double mu;
  private final double lambda;
  private final double lambdaBias;
  private final ParameterLayout layout;
  private final int qOffset;
  private final int buOffset;
  private final int biOffset;
  private final double[] userScale;
  private final double[] itemScale;
  /** log2 of the items per tile of {@link #tiled}: Q's and its gradient's rows of a tile take at most 4 MiB. */
  private final int tileShift;

  public MatrixFactorization(int numUsers, int numItems, int rank, double mu, double lambda, double lambdaBias) {
    this(numUsers, numItems, rank, mu, lambda, lambdaBias, null, null);
  }

  private MatrixFactorization(int numUsers, int numItems, int rank, double mu, double lambda, double lambdaBias,
      double[] userScale, double[] itemScale) {
    Check.atLeast("model.rank", rank, 1);
    Check.atLeast("model.lambda", lambda, 0.0);
    Check.atLeast("model.lambda_bias", lambdaBias, 0.0);
    Check.finite("mu", mu);
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.rank = rank;
    this.mu = mu;
    this.lambda = lambda;
    this.lambdaBias = lambdaBias;
    this.layout = ParameterLayout.builder().matrix("P", numUsers, rank).matrix("Q", numItems, rank)
        .vector("bu", numUsers).vector("bi", numItems).build();
    this.qOffset = numUsers * rank;
    this.buOffset = qOffset + numItems * rank;
    this.biOffset = buOffset + numUsers;
    this.userScale = userScale;
    this.itemScale = itemScale;
    this.tileShift = 31 - Integer.numberOfLeadingZeros(Math.max(1, TILE_BYTES / (2 * Double.BYTES * rank)));
  }

  /**
   * This model with row-scaled steps: each example's gradient on the rows of user u times {@code N / n_u}, on those
   * of item i times {@code N / n_i}, where N is the training count and n the row's training ratings (rows without
   * ratings get no gradient, so their scale is irrelevant).
   */
  public MatrixFactorization withRowScales(long count, int[] userCounts, int[] itemCounts) {
    return withRowScales(count, userCounts, itemCounts, 1);
  }

  /**
   * Row-scaled steps with a floor: each example's gradient on the rows of user u times {@code N / max(n_u, floor)}
   * (items alike). Rows with more than {@code floor} ratings step on their own mean gradient (stable at a rate of
   * about 1 whatever their count); lighter rows take the per-occurrence step {@code lr / floor}, as a full-batch
   * step of rate {@code lr·N/floor} would give them: a rate in per-occurrence units, the same on any data set.
   */
  public MatrixFactorization withRowScales(long count, int[] userCounts, int[] itemCounts, double floor) {
    if (!(floor >= 1)) throw new IllegalArgumentException("row count floor " + floor + " < 1");
    if (userCounts.length != numUsers || itemCounts.length != numItems) {
      throw new IllegalArgumentException("row counts of " + userCounts.length + " users and " + itemCounts.length
          + " items for a model of " + numUsers + " and " + numItems);
    }
    return new MatrixFactorization(numUsers, numItems, rank, mu, lambda, lambdaBias,
        scales(count, userCounts, floor), scales(count, itemCounts, floor));
  }

  private static double[] scales(long count, int[] n, double floor) {
    double[] s = new double[n.length];
    for (int r = 0; r < n.length; r++) s[r] = n[r] == 0 ? 0 : count / Math.max(n[r], floor);
    return s;
  }

  /** Whether the steps are row-scaled ({@link #withRowScales}). */
  public boolean rowScaled() {
    return userScale != null;
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  /** Factors drawn from N(0, initStd²) with a seeded generator; biases start at zero. */
  public double[] initialParameters(double initStd, long seed) {
    double[] w = new double[layout.size()];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int j = 0; j < buOffset; j++) w[j] = initStd * rng.nextGaussian();
    return w;
  }

  @Override
  public int numExamples(RatingColumns data) {
    return data.size();
  }

  /**
   * The summed loss and gradient of the selected examples. A selection without user runs (a shuffled mini-batch,
   * see {@link #userRuns}) takes the per-example form ({@link #addLossGradientPerExample}: the class Javadoc's ℓ
   * and ∇ℓ summed example by example, in the selection's order); one in user runs (storage order: a full batch or a
   * large slice) takes two passes, as follows.
   *
   * <p><b>Data term, per example</b> (in the visit order, see <b>Order</b>): {@code e = r̂ − r}; loss {@code c·½e²};
   * {@code g(p_u) += (c_u e)·q_i}, {@code g(q_i) += (c_i e)·p_u}, {@code g(b_u) += c_u e}, {@code g(b_i) += c_i e},
   * where {@code c} is the example's weight and {@code c_u = c·s_u}, {@code c_i = c·s_i} its row-scaled weights
   * ({@code s = 1} without {@link #withRowScales}); and the example's weight {@code c} is added to the sums of
   * rows u and i ({@link RowSums}).
   *
   * <p><b>L2 term, per touched row</b> (in the order the rows were first met): the regulariser applies per
   * occurrence, so over a selection it sums to {@code Σ_x c_x λ/2 ‖p_u‖² = C_u λ/2 ‖p_u‖²} with
   * {@code C_u = Σ_{x of u} c_x}, and its gradient to {@code s_u C_u λ p_u} (items and biases alike). Each touched
   * row's L2 loss and gradient are therefore added once, at the end, instead of once per example: the same maths
   * as the per-example form, about half the update work and none of its per-example norms. Summation order, and so
   * the last bits, differ from the per-example form; they are a function of the selection alone (deterministic).
   *
   * <p><b>Order</b>: the selection's, except that a selection sorted by user and dense enough is visited by item
   * tiles ({@link #tiled}); the summation order, hence the last bits, are a function of the selection alone.
   *
   * <p><b>User runs</b>: consecutive examples of one user (storage order is sorted by user) sum their
   * {@code g(p_u)}, {@code g(b_u)} and weights in local accumulators, added to the buffer once per run: the user's
   * gradient row is read and written once per run instead of once per example.
   *
   * <p>The dot product runs on four accumulators (f ≡ 0, 1, 2, 3 mod 4, then summed as {@code (a0+a1)+(a2+a3)}):
   * independent chains pipeline, and the order is fixed for a given rank.
   */
  @Override
  public double addLossGradient(double[] w, RatingColumns data, Selection sel, GradientBuffer grad) {
    final int[] us = data.users();
    final int[] is = data.items();
    final float[] rs = data.ratings();
    final float[] ws = data.weights();
    final double[] g = grad.values();
    final double[] su = userScale;
    final double[] si = itemScale;
    final int k = rank;
    final int rowQ = numUsers;
    if (!userRuns(sel, us)) return addLossGradientPerExample(w, data, sel, grad);
    final RowSums rows = grad.rowSums(numUsers + numItems);
    sel = tiled(sel, us, is);
    final double[] acc = new double[k]; // the current user run's g(p_u)
    double accB = 0; // ... its g(b_u)
    double accC = 0; // ... its summed weight
    int cur = -1; // the current run's user
    int pu = 0;
    double loss = 0;
    long sink = 0;
    for (int n = 0, size = sel.size(); n < size; n++) {
      if (n + AHEAD < size) sink ^= touchAhead(w, g, us, is, sel.index(n + AHEAD));
      int x = sel.index(n);
      int u = us[x];
      int i = is[x];
      if (u != cur) {
        if (cur >= 0) {
          flush(acc, g, pu, k);
          g[buOffset + cur] += accB;
          rows.add(cur, accC);
        }
        cur = u;
        pu = u * k;
        accB = 0;
        accC = 0;
      }
      int qi = qOffset + i * k;
      double e = mu + w[buOffset + u] + w[biOffset + i] + dot(w, pu, qi, k) - rs[x];
      double c = ws == null ? 1 : ws[x]; // a weighted example: c·ℓ and c·∇ℓ (times 1 is exact: the same bits)
      double eu = (su == null ? c : c * su[u]) * e;
      double ei = (si == null ? c : c * si[i]) * e;
      loss += ws == null ? 0.5 * e * e : c * (0.5 * e * e);
      axpy(eu, w, qi, acc, 0, k);
      axpy(ei, w, pu, g, qi, k);
      accB += eu;
      accC += c;
      g[biOffset + i] += ei;
      rows.add(rowQ + i, c);
    }
    if (cur >= 0) {
      flush(acc, g, pu, k);
      g[buOffset + cur] += accB;
      rows.add(cur, accC);
    }
    rows.sink = sink;
    return loss + regularise(w, g, grad, rows);
  }

  /** How many leading examples {@link #userRuns} looks at. */
  private static final int RUN_PROBE = 64;

  /**
   * Whether the selection comes in user runs: its first {@value #RUN_PROBE} examples (or all, when fewer) hold at
   * least two per user run on average, as storage order does (a full batch, a large slice). A shuffled slice does
   * not: each row then appears about once, so the per-row L2 pass would read every row twice for nothing.
   */
  static boolean userRuns(Selection sel, int[] us) {
    int m = Math.min(sel.size(), RUN_PROBE);
    return m > 0 && 2L * runCount(sel, us, m) <= m;
  }

  /** The number of runs of equal users among the selection's first {@code m} examples. */
  private static long runCount(Selection sel, int[] us, int m) {
    long runs = 0;
    int prev = -1;
    for (int n = 0; n < m; n++) {
      int u = us[sel.index(n)];
      if (u != prev) {
        runs++;
        prev = u;
      }
    }
    return runs;
  }

  /**
   * The per-example form (the kernel before issue 16, bit for bit), for selections without user runs (shuffled
   * mini-batches): the L2 term and its norms per example, one fused update loop, the four rows touched per example.
   * Public so that benchmarks measure it against {@link #addLossGradient} on the same selections.
   */
  public double addLossGradientPerExample(double[] w, RatingColumns data, Selection sel, GradientBuffer grad) {
    final int[] us = data.users();
    final int[] is = data.items();
    final float[] rs = data.ratings();
    final float[] ws = data.weights();
    final double[] g = grad.values();
    final int k = rank;
    final int rowQ = numUsers;
    final int rowBu = numUsers + numItems;
    final int rowBi = rowBu + numUsers;
    double loss = 0;
    for (int n = 0, size = sel.size(); n < size; n++) {
      int x = sel.index(n);
      int u = us[x];
      int i = is[x];
      int pu = u * k;
      int qi = qOffset + i * k;
      double bu = w[buOffset + u];
      double bi = w[biOffset + i];
      double dot = 0;
      double pp = 0;
      double qq = 0;
      for (int f = 0; f < k; f++) {
        double p = w[pu + f];
        double q = w[qi + f];
        dot += p * q;
        pp += p * p;
        qq += q * q;
      }
      double e = mu + bu + bi + dot - rs[x];
      double l = 0.5 * e * e + 0.5 * lambda * (pp + qq) + 0.5 * lambdaBias * (bu * bu + bi * bi);
      double c = ws == null ? 1 : ws[x]; // a weighted example: c·ℓ and c·∇ℓ (times 1 is exact: the same bits)
      double cu = userScale == null ? c : c * userScale[u];
      double ci = itemScale == null ? c : c * itemScale[i];
      loss += ws == null ? l : c * l;
      for (int f = 0; f < k; f++) {
        double p = w[pu + f];
        double q = w[qi + f];
        g[pu + f] += cu * (e * q + lambda * p);
        g[qi + f] += ci * (e * p + lambda * q);
      }
      g[buOffset + u] += cu * (e + lambdaBias * bu);
      g[biOffset + i] += ci * (e + lambdaBias * bi);
      grad.touch(u);
      grad.touch(rowQ + i);
      grad.touch(rowBu + u);
      grad.touch(rowBi + i);
    }
    return loss;
  }

  /** {@code g[to+f] += acc[f]; acc[f] = 0} for f in [0, k): a user run's gradient row, written once. */
  private static void flush(double[] acc, double[] g, int to, int k) {
    for (int f = 0; f < k; f++) {
      g[to + f] += acc[f];
      acc[f] = 0;
    }
  }

  /** Bytes of Q rows plus their gradient rows per item tile (see {@link #tiled}): 8,192 items at rank 32. */
  static final int TILE_BYTES = 1 << 22;

  /**
   * The order in which {@link #addLossGradient} visits a selection: by item tile ({@code i >> tileShift}), and
   * within a tile in the selection's order, when the selection is sorted by user (storage order: a full batch or a
   * large slice, see {@link Selection#inStorageOrder}) and dense enough that each user run holds on average at
   * least two examples per tile; otherwise the selection itself. Within a tile the user rows still stream in order
   * while the tile's item rows and their gradients (4 MiB) stay in cache, instead of the whole Q and its gradient
   * (issue 16: cache blocking). A stable counting sort, O(size + tiles), a function of the selection alone: the
   * same set summed in another order (other last bits than the selection's order, as deterministic).
   */
  Selection tiled(Selection sel, int[] us, int[] is) {
    int size = sel.size();
    int tiles = ((numItems - 1) >> tileShift) + 1;
    if (tiles < 2 || size < 2 * tiles) return sel;
    long runs = runCount(sel, us, size);
    if (size < 2 * tiles * runs) return sel;
    int[] start = new int[tiles + 1];
    for (int n = 0; n < size; n++) start[(is[sel.index(n)] >> tileShift) + 1]++;
    for (int t = 0; t < tiles; t++) start[t + 1] += start[t];
    int[] order = new int[size];
    for (int n = 0; n < size; n++) {
      int x = sel.index(n);
      order[start[is[x] >> tileShift]++] = x;
    }
    return Selection.of(order, 0, size);
  }

  /** How many examples ahead {@link #touchAhead} loads the rows. */
  private static final int AHEAD = 6;

  /**
   * Loads one double of every cache line of example {@code y}'s item rows (Q_i and its gradient, b_i and its
   * gradient) and of its user's gradient row, so that their cache misses overlap with the work on earlier examples
   * (Java has no prefetch instruction). The values are XORed into a sink that the caller stores, so the JIT keeps
   * the loads; nothing reads it.
   */
  private long touchAhead(double[] w, double[] g, int[] us, int[] is, int y) {
    int i = is[y];
    int qi = qOffset + i * rank;
    int pu = us[y] * rank;
    long h = Double.doubleToRawLongBits(w[biOffset + i]) ^ Double.doubleToRawLongBits(g[biOffset + i]);
    for (int f = 0; f < rank; f += 8) {
      h ^= Double.doubleToRawLongBits(w[qi + f]) ^ Double.doubleToRawLongBits(g[qi + f])
          ^ Double.doubleToRawLongBits(w[pu + f]) ^ Double.doubleToRawLongBits(g[pu + f]);
    }
    return h;
  }

  /** {@code Σ_f w[a+f]·w[b+f]} on four accumulators (see {@link #addLossGradient}). */
  private static double dot(double[] w, int a, int b, int k) {
    double a0 = 0;
    double a1 = 0;
    double a2 = 0;
    double a3 = 0;
    int f = 0;
    for (; f + 3 < k; f += 4) {
      a0 += w[a + f] * w[b + f];
      a1 += w[a + f + 1] * w[b + f + 1];
      a2 += w[a + f + 2] * w[b + f + 2];
      a3 += w[a + f + 3] * w[b + f + 3];
    }
    for (; f < k; f++) a0 += w[a + f] * w[b + f];
    return (a0 + a1) + (a2 + a3);
  }

  /**
   * {@code g[to+f] += s·w[from+f]} for f in [0, k), unrolled by four: one store stream per loop (the per-example
   * form's fused loop writes two rows of g).
   */
  private static void axpy(double s, double[] w, int from, double[] g, int to, int k) {
    int f = 0;
    for (; f + 3 < k; f += 4) {
      g[to + f] += s * w[from + f];
      g[to + f + 1] += s * w[from + f + 1];
      g[to + f + 2] += s * w[from + f + 2];
      g[to + f + 3] += s * w[from + f + 3];
    }
    for (; f < k; f++) g[to + f] += s * w[from + f];
  }

  /**
   * Adds each row's L2 term once (see {@link #addLossGradient}), marks the four rows of every touched user and item
   * in {@code grad}, and empties {@code rows}. Returns the L2 loss.
   */
  private double regularise(double[] w, double[] g, GradientBuffer grad, RowSums rows) {
    final int k = rank;
    final int rowBu = numUsers + numItems;
    double loss = 0;
    for (int n = 0, size = rows.size(); n < size; n++) {
      int r = rows.row(n);
      double c = rows.take(r);
      int off;
      int b;
      double s;
      if (r < numUsers) {
        off = r * k;
        b = buOffset + r;
        s = userScale == null ? c : c * userScale[r];
        grad.touch(r);
        grad.touch(rowBu + r);
      } else {
        int i = r - numUsers;
        off = qOffset + i * k;
        b = biOffset + i;
        s = itemScale == null ? c : c * itemScale[i];
        grad.touch(r);
        grad.touch(rowBu + numUsers + i);
      }
      if (c == 0) continue; // a repeat (see RowSums.add), or weights summing to 0
      double pp = 0;
      double sl = s * lambda;
      for (int f = 0; f < k; f++) {
        double p = w[off + f];
        pp += p * p;
        g[off + f] += sl * p;
      }
      double wb = w[b];
      g[b] += s * lambdaBias * wb;
      loss += 0.5 * c * (lambda * pp + lambdaBias * wb * wb);
    }
    rows.clear();
    return loss;
  }

  /** The rows of the examples' users and items: P_u, Q_i, b_u, b_i. */
  @Override
  public void markRowsRead(RatingColumns data, Selection sel, RowSet rows) {
    final int[] us = data.users();
    final int[] is = data.items();
    final int rowQ = numUsers;
    final int rowBu = numUsers + numItems;
    final int rowBi = rowBu + numUsers;
    for (int n = 0, size = sel.size(); n < size; n++) {
      int x = sel.index(n);
      rows.add(us[x]);
      rows.add(rowQ + is[x]);
      rows.add(rowBu + us[x]);
      rows.add(rowBi + is[x]);
    }
  }

  /**
   * The unclamped prediction; an unknown user or item ({@code -1}, or out of range) contributes neither factors
   * nor bias, so a cold-start pair scores {@code μ + b_known}.
   */
  public double predict(double[] w, int u, int i) {
    boolean ku = u >= 0 && u < numUsers;
    boolean ki = i >= 0 && i < numItems;
    double s = mu;
    if (ku) s += w[buOffset + u];
    if (ki) s += w[biOffset + i];
    if (ku && ki) {
      int pu = u * rank;
      int qi = qOffset + i * rank;
      for (int f = 0; f < rank; f++) s += w[pu + f] * w[qi + f];
    }
    return s;
  }

  @Override
  public int userOffset(int u) {
    return u * rank;
  }

  @Override
  public int itemOffset(int i) {
    return qOffset + i * rank;
  }

  @Override
  public int itemBiasOffset(int i) {
    return biOffset + i;
  }

  public int numUsers() {
    return numUsers;
  }

  public int numItems() {
    return numItems;
  }

  public int rank() {
    return rank;
  }

  public double mu() {
    return mu;
  }

  public double lambda() {
    return lambda;
  }

  public double lambdaBias() {
    return lambdaBias;
  }
}
