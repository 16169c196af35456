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
 * <p>Kernels: each layer runs as a product of a batch of rows with {@code W_lᵀ} (kept transposed for the call, so
 * that the inner loop is a contiguous {@code z += a·Wᵀ[j, :]}, skipping zero inputs: sparse rows and ReLU zeros cost
 * nothing); the weight gradient accumulates transposed the same way and is added back once per call.
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

  @Override
  public void logits(double[] w, FeatureRows x, int r, double[] out) {
    Work work = new Work(w, false);
    work.forward(x, r);
    System.arraycopy(work.act[layers()], 0, out, 0, classes);
  }

  @Override
  public double addLossGradient(double[] w, FeatureRows x, Selection sel, GradientBuffer grad) {
    if (x.dim() != dim) throw new IllegalArgumentException("rows of " + x.dim() + " features, model of " + dim);
    int n = sel.size();
    if (n == 0) return 0;
    Work work = new Work(w, true);
    double[] labels = x.labels();
    int last = layers();
    double loss = 0;
    for (int q = 0; q < n; q++) {
      int r = sel.index(q);
      int y = Losses.classOf(labels[r], classes, r);
      double c = x.weight(r);
      work.forward(x, r);
      double[] z = work.act[last];
      double zy = z[y];
      loss += c * (Losses.softmaxInPlace(z, 0, classes) - zy);
      z[y] -= 1;
      for (int k = 0; k < classes; k++) z[k] *= c;
      work.backward(x, r);
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

  /** The per-call scratch: transposed weights, one row's activations and deltas, transposed weight gradients. */
  private final class Work {
    final double[] w;
    /** {@code wt[l]}: {@code W_lᵀ} ({@code in × out}, row-major). */
    final double[][] wt;
    /** {@code act[l]}: {@code a_l} for {@code l < L} (after ReLU), {@code z_L} then {@code δ_L} for the output. */
    final double[][] act;
    final double[][] delta;
    final double[][] gwt;
    final double[][] gb;

    Work(double[] w, boolean gradient) {
      int layers = layers();
      this.w = w;
      this.wt = new double[layers + 1][];
      this.act = new double[layers + 1][];
      this.delta = new double[layers + 1][];
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
        act[l] = new double[out];
        if (gradient) {
          delta[l] = new double[out];
          gwt[l] = new double[in * out];
          gb[l] = new double[out];
        }
      }
    }

    /** Fills {@code act[1..L]} for row {@code r}: {@code act[L]} holds the logits. */
    void forward(FeatureRows x, int r) {
      int out = width[1];
      double[] z = act[1];
      System.arraycopy(w, bOffset[1], z, 0, out);
      double[] v = x.values();
      double[] t = wt[1];
      for (int p = x.start(r), e = x.end(r); p < e; p++) {
        double a = v[p];
        if (a != 0) axpy(a, t, x.index(r, p) * out, z, out);
      }
      for (int l = 2; l <= layers(); l++) {
        relu(act[l - 1]);
        dense(act[l - 1], wt[l], w, bOffset[l], act[l]);
      }
    }

    /** With {@code act[L]} holding {@code δ_L}, adds row {@code r}'s weight and bias gradients. */
    void backward(FeatureRows x, int r) {
      int last = layers();
      System.arraycopy(act[last], 0, delta[last], 0, width[last]);
      for (int l = last; l >= 1; l--) {
        int out = width[l];
        double[] d = delta[l];
        double[] b = gb[l];
        for (int o = 0; o < out; o++) b[o] += d[o];
        double[] gt = gwt[l];
        if (l == 1) {
          double[] v = x.values();
          for (int p = x.start(r), e = x.end(r); p < e; p++) {
            double a = v[p];
            if (a != 0) axpy(a, d, 0, gt, x.index(r, p) * out, out);
          }
          break;
        }
        double[] prev = act[l - 1];
        int in = width[l - 1];
        for (int i = 0; i < in; i++) {
          double a = prev[i];
          if (a != 0) axpy(a, d, 0, gt, i * out, out);
        }
        // δ_{l−1} = (W_lᵀ δ_l) ⊙ [z_{l−1} > 0]: rows of W_l (out × in) scaled by δ_l, masked by the ReLU
        double[] dp = delta[l - 1];
        Arrays.fill(dp, 0.0);
        int wo = wOffset[l];
        for (int o = 0; o < out; o++) {
          double c = d[o];
          if (c != 0) axpy(c, w, wo + o * in, dp, 0, in);
        }
        for (int i = 0; i < in; i++) if (prev[i] <= 0) dp[i] = 0;
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

  /** {@code z = b + Wᵀ-product}: {@code z[:] = w[bOff..] + Σ_i a_i · t[i, :]}, skipping zero inputs. */
  private static void dense(double[] a, double[] t, double[] w, int bOff, double[] z) {
    int out = z.length;
    System.arraycopy(w, bOff, z, 0, out);
    for (int i = 0; i < a.length; i++) {
      double ai = a[i];
      if (ai != 0) axpy(ai, t, i * out, z, out);
    }
  }

  private static void relu(double[] a) {
    for (int i = 0; i < a.length; i++) if (a[i] < 0) a[i] = 0;
  }

  /** {@code z[0, n) += a · t[from, from + n)}. */
  private static void axpy(double a, double[] t, int from, double[] z, int n) {
    for (int o = 0; o < n; o++) z[o] += a * t[from + o];
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
