package io.sparkmomentum.model;

import io.sparkmomentum.config.Check;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron classifier (Rumelhart, Hinton and Williams 1986, "Learning representations by
 * back-propagating errors"): ReLU hidden layers and a softmax output. With {@code a_0 = x} and layers
 * {@code l = 1..L},
 * <pre>  z_l = W_l a_{l−1} + b_l,   a_l = relu(z_l) (l &lt; L),   p = softmax(z_L)</pre>
 * and per row (times its weight) the cross-entropy {@code ℓ = log Σ_c exp(z_Lc) − z_Ly} (a stable log-sum-exp);
 * plus {@code l2/2 Σ_l ‖W_l‖²} once per batch (biases free). Back-propagation: {@code δ_L = p − onehot(y)},
 * {@code δ_{l−1} = (W_lᵀ δ_l) ⊙ [z_{l−1} > 0]}, {@code ∂ℓ/∂W_l = δ_l a_{l−1}ᵀ}, {@code ∂ℓ/∂b_l = δ_l}; the batch term
 * adds {@code l2·W_l}.
 *
 * <p>Layout, PyTorch's {@code nn.Linear} order (as the {@code mlp} reference): for each layer, matrix
 * {@code "W<l>"} ({@code out × in}) then dense vector {@code "b<l>"} ({@code out}). Every example reads every
 * parameter, so the gradient touches every row.
 *
 * <p>Kernels: the forward pass of a row is {@code z = b + Σ_i a_i·W_lᵀ[i, :]} over its nonzero inputs (sparse
 * rows and ReLU zeros cost nothing), four inputs per pass over {@code z}, with {@code W_lᵀ} transposed once per call;
 * the weight gradient is a rank-4 update {@code ∇W_lᵀ[i, :] += Σ_k a_ki δ_k} per chunk of four rows, added back
 * transposed once per call. Plain Java arithmetic in a fixed order, so the same bits on every JVM and CPU (a BLAS
 * {@code dgemm} would be faster only with the Vector API module, and its bits depend on it: see
 * {@code bench/jmh/MlpGradientBenchmark}).
 */
public final class Mlp implements ClassScorer {
  private static final long serialVersionUID = 1L;
  private final int dim;
  private final int[] hidden;
  private final int classes;
  private final double l2;
  /** Layer widths: {@code dim, hidden..., classes}. */
  private final int[] width;
  private final int[] wOffset;
  private final int[] bOffset;
  private final ParameterLayout layout;

  public Mlp(int dim, int[] hidden, int classes, double l2) {
    Check.atLeast("data.num_features", dim, 1);
    Check.atLeast("data.num_classes", classes, 2);
    Check.atLeast("model.l2", l2, 0.0);
    for (int h : hidden) Check.atLeast("model.hidden", h, 1);
    this.dim = dim;
    this.hidden = hidden.clone();
    this.classes = classes;
    this.l2 = l2;
    int layers = hidden.length + 1;
    this.width = new int[layers + 1];
    width[0] = dim;
    System.arraycopy(hidden, 0, width, 1, hidden.length);
    width[layers] = classes;
    this.wOffset = new int[layers + 1];
    this.bOffset = new int[layers + 1];
    ParameterLayout.Builder b = ParameterLayout.builder();
    long off = 0;
    for (int l = 1; l <= layers; l++) {
      b.matrix("W" + l, width[l], width[l - 1]).denseVector("b" + l, width[l]);
      wOffset[l] = (int) off;
      off += (long) width[l] * width[l - 1];
      bOffset[l] = (int) off;
      off += width[l];
    }
    this.layout = b.build();
  }

  @Override
  public ParameterLayout layout() {
    return layout;
  }

  @Override
  public int numExamples(FeatureRows data) {
    return data.size();
  }

  @Override
  public int numClasses() {
    return classes;
  }

  private int layers() {
    return width.length - 1;
  }

  /**
   * Glorot uniform weights (Glorot and Bengio 2010; the Keras default): {@code W_l ~ U(−a, a)} with
   * {@code a = √(6 / (in + out))}, zero biases. Drawn from {@code new SplittableRandom(seed)} with
   * {@code nextDouble(−a, a)}, layer by layer, each {@code W_l} row-major ({@code out × in}), as the layout.
   */
  public double[] initialParameters(long seed) {
    double[] p = new double[layout.size()];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int l = 1; l <= layers(); l++) {
      double a = Math.sqrt(6.0 / (width[l - 1] + width[l]));
      for (int j = wOffset[l], e = bOffset[l]; j < e; j++) p[j] = rng.nextDouble(-a, a);
    }
    return p;
  }

  /**
   * The logits of one row, straight from the layout ({@code z_o = b_o + Σ_i W_oi a_i} over the nonzero inputs): no
   * per-call transposition, for evaluation and prediction.
   */
  @Override
  public void logits(double[] w, FeatureRows x, int r, double[] out) {
    int[] idx = new int[Math.max(dim, maxWidth())];
    double[] val = new double[idx.length];
    int m = 0;
    double[] v = x.values();
    for (int p = x.start(r), e = x.end(r); p < e; p++) {
      if (v[p] != 0) {
        idx[m] = x.index(r, p);
        val[m++] = v[p];
      }
    }
    double[] a = null;
    for (int l = 1; l <= layers(); l++) {
      if (a != null) {
        m = 0;
        for (int i = 0; i < a.length; i++) {
          if (a[i] > 0) {
            idx[m] = i;
            val[m++] = a[i];
          }
        }
      }
      int in = width[l - 1];
      double[] z = new double[width[l]];
      for (int o = 0; o < z.length; o++) {
        int row = wOffset[l] + o * in;
        double s = w[bOffset[l] + o];
        for (int q = 0; q < m; q++) s += w[row + idx[q]] * val[q];
        z[o] = s;
      }
      a = z;
    }
    System.arraycopy(a, 0, out, 0, classes);
  }

  private int maxWidth() {
    int m = 0;
    for (int wd : width) m = Math.max(m, wd);
    return m;
  }

  @Override
  public double addLossGradient(double[] w, FeatureRows x, Selection sel, GradientBuffer grad) {
    if (x.dim() != dim) throw new IllegalArgumentException("rows of " + x.dim() + " features, model of " + dim);
    int n = sel.size();
    if (n == 0) return 0;
    Work work = new Work(w);
    double[] labels = x.labels();
    int last = layers();
    int[] rows = new int[CHUNK];
    double loss = 0;
    for (int from = 0; from < n; from += CHUNK) {
      int count = Math.min(CHUNK, n - from);
      for (int k = 0; k < count; k++) {
        int r = sel.index(from + k);
        rows[k] = r;
        int y = Losses.classOf(labels[r], classes, r);
        double c = x.weight(r);
        work.forward(x, r, k);
        double[] z = work.act[last][k];
        double zy = z[y];
        loss += c * (Losses.softmaxInPlace(z, 0, classes) - zy);
        z[y] -= 1;
        for (int o = 0; o < classes; o++) z[o] *= c;
      }
      work.backward(x, rows, count);
    }
    double[] g = grad.values();
    work.addGradient(g);
    FeatureTouch.all(grad::touch, 0, layout.numRows());
    if (l2 == 0) return loss;
    double s = n * l2;
    double sq = 0;
    for (int l = 1; l <= last; l++) {
      for (int j = wOffset[l], e = bOffset[l]; j < e; j++) {
        sq += w[j] * w[j];
        g[j] += s * w[j];
      }
    }
    return loss + 0.5 * s * sq;
  }

  /** Rows per chunk of the gradient: the weight gradient is a rank-{@value} update per chunk. */
  static final int CHUNK = 4;

  /**
   * The per-call scratch: transposed weights, a chunk's activations and deltas, transposed weight gradients. Every
   * sum runs in a fixed order (rows in selection order, inputs in index order), in plain Java arithmetic, so the
   * result is the same bits on every JVM and CPU.
   */
  private final class Work {
    final double[] w;
    /** {@code wt[l]}: {@code W_lᵀ} ({@code in × out}, row-major). */
    final double[][] wt;
    /** {@code act[l][k]}: chunk row k's {@code a_l} for {@code l < L} (after ReLU); {@code z_L}, then {@code δ_L}. */
    final double[][][] act;
    final double[][][] delta;
    final double[][] gwt;
    final double[][] gb;
    /** A row's nonzero inputs. */
    final int[] idx;
    final double[] val;
    /** Stands for the missing rows of a last, short chunk. */
    final double[] zeros;

    Work(double[] w) {
      int layers = layers();
      this.w = w;
      this.wt = new double[layers + 1][];
      this.act = new double[layers + 1][CHUNK][];
      this.delta = new double[layers + 1][CHUNK][];
      this.gwt = new double[layers + 1][];
      this.gb = new double[layers + 1][];
      for (int l = 1; l <= layers; l++) {
        int in = width[l - 1];
        int out = width[l];
        double[] t = new double[in * out];
        for (int o = 0; o < out; o++) {
          int row = wOffset[l] + o * in;
          for (int i = 0; i < in; i++) t[i * out + o] = w[row + i];
        }
        wt[l] = t;
        for (int k = 0; k < CHUNK; k++) {
          act[l][k] = new double[out];
          delta[l][k] = new double[out];
        }
        gwt[l] = new double[in * out];
        gb[l] = new double[out];
      }
      this.idx = new int[maxWidth()];
      this.val = new double[idx.length];
      this.zeros = new double[maxWidth()];
    }

    /** Fills {@code act[1..L][k]} for row {@code r}: {@code act[L][k]} holds the logits. */
    void forward(FeatureRows x, int r, int k) {
      int m = 0;
      double[] v = x.values();
      for (int p = x.start(r), e = x.end(r); p < e; p++) {
        if (v[p] != 0) {
          idx[m] = x.index(r, p);
          val[m++] = v[p];
        }
      }
      for (int l = 1; l <= layers(); l++) {
        if (l > 1) {
          double[] a = act[l - 1][k];
          m = 0;
          for (int i = 0; i < a.length; i++) {
            if (a[i] > 0) {
              idx[m] = i;
              val[m++] = a[i];
            } else {
              a[i] = 0;
            }
          }
        }
        double[] z = act[l][k];
        System.arraycopy(w, bOffset[l], z, 0, z.length);
        product(idx, val, m, wt[l], z);
      }
    }

    /** With {@code act[L][k]} holding {@code δ_L} of chunk row k (row {@code rows[k]}), adds the chunk's gradients. */
    void backward(FeatureRows x, int[] rows, int count) {
      int last = layers();
      for (int k = 0; k < count; k++) System.arraycopy(act[last][k], 0, delta[last][k], 0, width[last]);
      for (int k = count; k < CHUNK; k++) Arrays.fill(delta[last][k], 0.0);
      for (int l = last; l >= 1; l--) {
        int in = width[l - 1];
        int out = width[l];
        double[][] d = delta[l];
        double[] b = gb[l];
        for (int k = 0; k < count; k++) for (int o = 0; o < out; o++) b[o] += d[k][o];
        if (l == 1 && x.sparse()) {
          double[] v = x.values();
          for (int k = 0; k < count; k++) {
            int r = rows[k];
            for (int p = x.start(r), e = x.end(r); p < e; p++) {
              if (v[p] != 0) axpy(v[p], d[k], 0, gwt[1], x.index(r, p) * out, out);
            }
          }
        } else if (l == 1) {
          double[] v = x.values();
          double[][] a = new double[CHUNK][];
          int[] off = new int[CHUNK];
          for (int k = 0; k < CHUNK; k++) {
            a[k] = k < count ? v : zeros;
            off[k] = k < count ? x.start(rows[k]) : 0;
          }
          rank4(gwt[1], in, out, a, off, d);
        } else {
          double[][] a = new double[CHUNK][];
          for (int k = 0; k < CHUNK; k++) a[k] = k < count ? act[l - 1][k] : zeros;
          rank4(gwt[l], in, out, a, new int[CHUNK], d);
          // δ_{l−1} = (W_lᵀ δ_l) ⊙ [z_{l−1} > 0]: rows of W_l (out × in) scaled by δ_l, masked by the ReLU
          int wo = wOffset[l];
          for (int k = 0; k < CHUNK; k++) {
            double[] dp = delta[l - 1][k];
            Arrays.fill(dp, 0.0);
            if (k >= count) continue;
            for (int o = 0; o < out; o++) {
              double c = d[k][o];
              if (c != 0) axpy(c, w, wo + o * in, dp, 0, in);
            }
            double[] prev = act[l - 1][k];
            for (int i = 0; i < in; i++) if (prev[i] <= 0) dp[i] = 0;
          }
        }
      }
    }

    /** Adds the accumulated gradients into {@code g} (transposing the weights' back to {@code out × in}). */
    void addGradient(double[] g) {
      for (int l = 1; l <= layers(); l++) {
        int in = width[l - 1];
        int out = width[l];
        double[] gt = gwt[l];
        for (int o = 0; o < out; o++) {
          int row = wOffset[l] + o * in;
          for (int i = 0; i < in; i++) g[row + i] += gt[i * out + o];
        }
        int bo = bOffset[l];
        for (int o = 0; o < out; o++) g[bo + o] += gb[l][o];
      }
    }
  }

  /**
   * {@code z += Σ_q val[q] · t[idx[q], :]} ({@code t} is {@code in × z.length}), four inputs per pass over
   * {@code z} so that each load and store of {@code z} serves four multiply-adds.
   */
  private static void product(int[] idx, double[] val, int m, double[] t, double[] z) {
    int out = z.length;
    int q = 0;
    for (; q + 4 <= m; q += 4) {
      double a0 = val[q];
      double a1 = val[q + 1];
      double a2 = val[q + 2];
      double a3 = val[q + 3];
      int o0 = idx[q] * out;
      int o1 = idx[q + 1] * out;
      int o2 = idx[q + 2] * out;
      int o3 = idx[q + 3] * out;
      for (int o = 0; o < out; o++) z[o] += a0 * t[o0 + o] + a1 * t[o1 + o] + a2 * t[o2 + o] + a3 * t[o3 + o];
    }
    for (; q < m; q++) axpy(val[q], t, idx[q] * out, z, 0, out);
  }

  /**
   * The rank-4 update {@code gt[j, :] += Σ_k a_k[off_k + j] · d_k} over inputs {@code j < in} ({@code gt} is
   * {@code in × out}), skipping the inputs that are 0 in all four rows.
   */
  private static void rank4(double[] gt, int in, int out, double[][] a, int[] off, double[][] d) {
    double[] d0 = d[0];
    double[] d1 = d[1];
    double[] d2 = d[2];
    double[] d3 = d[3];
    for (int j = 0; j < in; j++) {
      double a0 = a[0][off[0] + j];
      double a1 = a[1][off[1] + j];
      double a2 = a[2][off[2] + j];
      double a3 = a[3][off[3] + j];
      if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) continue;
      int row = j * out;
      for (int o = 0; o < out; o++) gt[row + o] += a0 * d0[o] + a1 * d1[o] + a2 * d2[o] + a3 * d3[o];
    }
  }

  /** {@code dst[dstFrom, +n) += a · src[srcFrom, +n)}. */
  private static void axpy(double a, double[] src, int srcFrom, double[] dst, int dstFrom, int n) {
    for (int o = 0; o < n; o++) dst[dstFrom + o] += a * src[srcFrom + o];
  }

  public int dim() {
    return dim;
  }

  public int[] hidden() {
    return hidden.clone();
  }

  public int classes() {
    return classes;
  }

  public double l2() {
    return l2;
  }
}
