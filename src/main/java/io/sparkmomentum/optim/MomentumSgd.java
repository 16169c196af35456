package io.sparkmomentum.optim;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.OptimizerConfig.Convention;
import io.sparkmomentum.config.OptimizerConfig.SparseUpdate;
import java.util.Arrays;

/**
 * Stochastic gradient descent with momentum, replaying {@code torch.optim.SGD} exactly.
 *
 * <h2>Sign convention (stated once for the whole project)</h2>
 * We <em>minimise</em> a loss. A gradient is always {@code g = ∂loss/∂θ}, and the optimizer <em>subtracts</em>.
 *
 * <h2>One step t (0-based), given the averaged gradient g of the step's k accumulated rounds</h2>
 * <ol>
 *   <li>clip: if {@code c = max_norm / (‖g‖₂ + 1e-6) < 1} then {@code g ← c·g}
 *       ({@code torch.nn.utils.clip_grad_norm_}; ‖g‖₂ is the global norm over all parameters)</li>
 *   <li>coupled weight decay: {@code g ← g + wd·w}</li>
 *   <li>momentum buffer: {@code b ← g} at the first step, afterwards {@code b ← μ·b + (1−d)·g}</li>
 *   <li>direction: {@code δ = g + μ·b} (Nesterov), {@code δ = b} (heavy ball), or {@code δ = g} when μ = 0</li>
 *   <li>{@code w ← w − lr_t·δ}, with {@code lr_t} the schedule's rate at step t</li>
 * </ol>
 * Heavy ball: Polyak (1964), "Some methods of speeding up the convergence of iteration methods". Nesterov momentum
 * in this form: Sutskever, Martens, Dahl and Hinton (2013), "On the importance of initialization and momentum in
 * deep learning", as implemented by PyTorch.
 *
 * <h2>The Sutskever/Keras convention</h2>
 * With {@link Convention#SUTSKEVER} the rate enters the velocity: {@code v ← μ·v + (1−d)·lr_t·g} (first step:
 * {@code v ← lr_t·g}), and {@code w ← w − v} (Nesterov: {@code w ← w − (μ·v + lr_t·g)}). With a constant rate,
 * {@code v = lr·b} and both conventions give the same trajectory. Under a schedule they differ: when the rate
 * drops, PyTorch's next step scales the whole accumulated buffer by the new rate at once, while Sutskever's
 * velocity keeps the momentum of steps taken at the old rate and only new gradients are scaled by the new one.
 *
 * <h2>Sparse steps ({@code optimizer.sparse_update})</h2>
 * The parameter vector is cut into rows ({@link RowMap}); {@link #step(double[], double[], int[], RowMap)} takes a
 * gradient that is zero outside the rows it names and costs O(touched values), not O(all values).
 * Clipping uses the global norm of {@code g}, as the dense step does (the zeros do not change it). Then:
 * <ul>
 *   <li>{@link SparseUpdate#DENSE}: the dense step.</li>
 *   <li>{@link SparseUpdate#EXACT} (needs {@code wd = 0}): the dense result at sparse cost. A row whose gradient was
 *       0 at steps {@code a..t−1} (it is "current at a") evolves in closed form; with {@code B} its buffer (or
 *       velocity) at {@code a}, {@code n = 1} for Nesterov and 0 otherwise, and {@code λ_s = lr_s} (PyTorch) or
 *       {@code λ_s = 1} (Sutskever, whose rate is already inside v):
 *       <pre>  b ← μ^(t−a)·B,   w ← w − c(a, t)·B,   c(a, t) = μ^(1+n) · Σ_{s=a}^{t−1} λ_s·μ^(s−a)</pre>
 *       (dampening only scales new gradients, so it does not enter). A step first brings its touched rows to the
 *       current step this way, then applies the dense formulas to them; the other rows stay behind with the step
 *       they are current at, until {@link #catchUp} / {@link #catchUpAll} (or a later step touching them) brings
 *       them forward. At the first step every buffer is {@code g}, so untouched rows get {@code b = 0} and do not
 *       move; a row first touched at a later step gets {@code b = (1−d)·g}, not {@code g}, exactly as dense.
 *       The sum is evaluated by Horner's rule once per distinct {@code a} within a call, chained from the latest
 *       {@code a} down to the earliest, and truncated after {@code K = ⌈ln 10⁻¹⁸ / ln μ⌉} terms (each dropped term
 *       weighs below {@code 10⁻¹⁸·λ_s}, so their sum is below {@code 10⁻¹⁸·max λ / (1−μ)}); μ = 0 needs no
 *       catch-up and keeps no per-row state.</li>
 *   <li>{@link SparseUpdate#LAZY}: the dense formulas applied to the touched rows only, with the global step count
 *       driving the schedule and the first-step rule (buffer {@code = g} at the run's first step only, afterwards
 *       {@code μ·b + (1−d)·g}, also for a row first touched later); untouched rows neither move nor decay, and
 *       weight decay reaches touched rows only. Equal to DENSE when every row is touched at every step.</li>
 * </ul>
 *
 * <p>The optimizer is driver-side and stateful; {@link #state()} and {@link #restore} make its state a value.
 */
public final class MomentumSgd {
  /** PyTorch's {@code clip_grad_norm_} adds this to the norm before dividing. */
  public static final double CLIP_EPS = 1e-6;

  private final OptimizerConfig config;
  private final LearningRateSchedule schedule;
  private final int numParams;
  private double[] velocity;
  private long step;
  /**
   * {@link SparseUpdate#EXACT} with μ ≠ 0 only: per row, the step count up to which that row's weights and velocity
   * are current. {@code null} means every row is current (allocated at the first sparse call).
   */
  private long[] rowStep;

  public MomentumSgd(OptimizerConfig config, int numParams) {
    this.config = config;
    this.schedule = LearningRateSchedule.of(config.lr(), config.schedule());
    this.numParams = numParams;
  }

  /** What one step did, for logging. */
  public record StepReport(long step, double lr, double gradNorm, boolean clipped) {}

  /**
   * Takes one step in place: updates {@code w} from the averaged gradient {@code g}. {@code g} is used as scratch
   * space (it is clipped in place and receives the weight decay term). With {@code sparse_update = exact} every row
   * must be current ({@link #catchUpAll}).
   */
  public StepReport step(double[] w, double[] g) {
    checkLengths(w, g);
    if (rowStep != null) {
      for (long a : rowStep) {
        if (a != step) throw new IllegalStateException("sparse_update = exact: some rows are behind step " + step
            + "; call catchUpAll before a dense step");
      }
    }
    double norm = Vectors.norm2(g);
    double coef = clipCoefficient(norm);
    if (coef < 1) Vectors.scale(g, coef);
    double lr = schedule.lr(step);
    boolean first = velocity == null;
    if (config.momentum() != 0 && first) velocity = new double[numParams];
    apply(w, g, 0, numParams, lr, first);
    if (rowStep != null) Arrays.fill(rowStep, step + 1);
    return new StepReport(step++, lr, norm, coef < 1);
  }

  /**
   * Takes one step in place from a gradient that is zero outside {@code touchedRows} (sorted, distinct row ids of
   * {@code rows}); only the touched rows of {@code g} are read, clipped and used as scratch. DENSE: {@link
   * #step(double[], double[])}. EXACT: catches the touched rows up, then steps them; LAZY: steps the touched rows
   * (see the class comment). Costs O(values of the touched rows), plus the catch-up sums in EXACT mode.
   */
  public StepReport step(double[] w, double[] g, int[] touchedRows, RowMap rows) {
    if (config.sparseUpdate() == SparseUpdate.DENSE) return step(w, g);
    checkLengths(w, g);
    checkRows(touchedRows, rows);
    double sum = 0;
    for (int r : touchedRows) {
      for (int j = rows.start(r), e = j + rows.width(r); j < e; j++) sum += g[j] * g[j];
    }
    double norm = Math.sqrt(sum);
    double coef = clipCoefficient(norm);
    if (coef < 1) {
      for (int r : touchedRows) {
        for (int j = rows.start(r), e = j + rows.width(r); j < e; j++) g[j] *= coef;
      }
    }
    double lr = schedule.lr(step);
    boolean first = velocity == null;
    if (config.momentum() != 0 && first) velocity = new double[numParams];
    boolean exact = tracksRows();
    if (exact) catchUp(w, touchedRows, rows);
    for (int r : touchedRows) {
      int start = rows.start(r);
      apply(w, g, start, start + rows.width(r), lr, first);
    }
    if (exact) {
      for (int r : touchedRows) rowStep[r] = step + 1;
    }
    return new StepReport(step++, lr, norm, coef < 1);
  }

  /**
   * EXACT only (a no-op otherwise): brings {@code rows} (ids of {@code map}, any order) up to the current step, so
   * that their weights in {@code w} and their velocity equal what the dense optimizer would hold.
   */
  public void catchUp(double[] w, int[] rows, RowMap map) {
    if (!tracksRows()) return;
    checkLengths(w, w);
    long[] rs = rowSteps(map);
    int stale = 0;
    for (int r : rows) if (rs[r] < step) stale++;
    if (stale == 0) return;
    int[] todo = new int[stale];
    int k = 0;
    for (int r : rows) if (rs[r] < step) todo[k++] = r;
    catchUpStale(w, todo, map);
  }

  /** EXACT only (a no-op otherwise): brings every row up to the current step (before reading all of {@code w}). */
  public void catchUpAll(double[] w, RowMap map) {
    if (!tracksRows()) return;
    checkLengths(w, w);
    long[] rs = rowSteps(map);
    int stale = 0;
    for (long a : rs) if (a < step) stale++;
    if (stale == 0) return;
    int[] todo = new int[stale];
    int k = 0;
    for (int r = 0; r < rs.length; r++) if (rs[r] < step) todo[k++] = r;
    catchUpStale(w, todo, map);
  }

  /** Number of rows that are behind the current step (EXACT), 0 otherwise. */
  public int staleRows() {
    if (rowStep == null) return 0;
    int n = 0;
    for (long a : rowStep) if (a < step) n++;
    return n;
  }

  /** The rate the next step will use. */
  public double nextLr() {
    return schedule.lr(step);
  }

  public long stepCount() {
    return step;
  }

  public OptimizerConfig config() {
    return config;
  }

  /** The state as it is: in EXACT mode rows that are behind stay behind (their step is in {@code rowStep}). */
  public OptimizerState state() {
    return new OptimizerState(step, velocity, rowStep);
  }

  /**
   * Continues from {@code s}, together with the weights saved with it. A {@code rowStep} of {@code null} means every
   * row is current; one with rows behind needs an EXACT optimizer with momentum.
   */
  public void restore(OptimizerState s) {
    double[] v = s.velocity();
    if (v != null && v.length != numParams) {
      throw new IllegalArgumentException("optimizer state has " + v.length + " velocities, model has " + numParams);
    }
    long[] rs = s.rowStep();
    if (rs != null) {
      boolean behind = false;
      for (long a : rs) {
        if (a < 0 || a > s.step()) {
          throw new IllegalArgumentException("optimizer state has a row current at step " + a + " of " + s.step());
        }
        behind |= a < s.step();
      }
      if (!tracksRows()) {
        if (behind) {
          throw new IllegalArgumentException("optimizer state has rows behind step " + s.step()
              + " (sparse_update = exact); this optimizer cannot catch them up");
        }
        rs = null;
      }
    }
    step = s.step();
    velocity = v;
    rowStep = rs;
  }

  // ---- internals

  /** EXACT with momentum: the only mode in which rows can fall behind. */
  private boolean tracksRows() {
    return config.sparseUpdate() == SparseUpdate.EXACT && config.momentum() != 0;
  }

  private double clipCoefficient(double norm) {
    if (config.clipGradNorm() > 0) {
      double coef = config.clipGradNorm() / (norm + CLIP_EPS);
      if (coef < 1) return coef;
    }
    return 1;
  }

  /** The dense formulas on {@code [from, to)}. */
  private void apply(double[] w, double[] g, int from, int to, double lr, boolean first) {
    double wd = config.weightDecay();
    double mu = config.momentum();
    double keep = 1 - config.dampening();
    boolean nesterov = config.nesterov();
    double[] v = velocity;
    boolean torch = config.convention() == Convention.PYTORCH;
    for (int j = from; j < to; j++) {
      double d = wd != 0 ? g[j] + wd * w[j] : g[j];
      if (mu == 0) {
        w[j] -= lr * d;
      } else if (torch) {
        double b = first ? d : mu * v[j] + keep * d;
        v[j] = b;
        w[j] -= lr * (nesterov ? d + mu * b : b);
      } else {
        double u = first ? lr * d : mu * v[j] + keep * lr * d;
        v[j] = u;
        w[j] -= nesterov ? mu * u + lr * d : u;
      }
    }
  }

  /** The per-row steps, allocated (every row current) on first use. */
  private long[] rowSteps(RowMap map) {
    if (rowStep == null) {
      rowStep = new long[map.numRows()];
      Arrays.fill(rowStep, step);
    } else if (rowStep.length != map.numRows()) {
      throw new IllegalArgumentException("optimizer tracks " + rowStep.length + " rows, row map has "
          + map.numRows());
    }
    return rowStep;
  }

  /** Catches up {@code rows}, each behind the current step. */
  private void catchUpStale(double[] w, int[] rows, RowMap map) {
    long[] rs = rowStep;
    double[] v = velocity;
    if (v == null) { // no step with momentum yet: every buffer is 0, nothing moves
      for (int r : rows) rs[r] = step;
      return;
    }
    long[] as = new long[rows.length];
    for (int i = 0; i < rows.length; i++) as[i] = rs[rows[i]];
    Arrays.sort(as);
    int k = 0;
    for (int i = 0; i < as.length; i++) if (i == 0 || as[i] != as[k - 1]) as[k++] = as[i];
    double[] c = new double[k];
    double[] f = new double[k];
    coefficients(as, k, c, f);
    for (int r : rows) {
      if (rs[r] >= step) continue; // a repeated row id
      int i = Arrays.binarySearch(as, 0, k, rs[r]);
      double ci = c[i];
      double fi = f[i];
      for (int j = map.start(r), e = j + map.width(r); j < e; j++) {
        w[j] -= ci * v[j];
        v[j] *= fi;
      }
      rs[r] = step;
    }
  }

  /**
   * For each distinct {@code a = as[i]} (ascending, all below the current step t): {@code c[i] = c(a, t)} and
   * {@code f[i] = μ^(t−a)}. Horner's rule from the latest {@code a} down: {@code S(a) = λ_a + μ·S(a+1)}, restarted
   * at {@code a + K} when the next later {@code a} is more than K steps away.
   */
  private void coefficients(long[] as, int k, double[] c, double[] f) {
    double mu = config.momentum();
    double lead = config.nesterov() ? mu * mu : mu;
    boolean torch = config.convention() == Convention.PYTORCH;
    long horizon = horizon(mu);
    long prev = step;
    double acc = 0; // S(prev)
    for (int i = k - 1; i >= 0; i--) {
      long a = as[i];
      long top = prev;
      if (prev - a > horizon) {
        acc = 0;
        top = a + horizon;
      }
      for (long s = top - 1; s >= a; s--) acc = (torch ? schedule.lr(s) : 1.0) + mu * acc;
      c[i] = lead * acc;
      f[i] = Math.pow(mu, step - a);
      prev = a;
    }
  }

  /** Terms of the catch-up sum kept: {@code μ^K < 10⁻¹⁸} for {@code 0 < μ < 1}. */
  static long horizon(double mu) {
    return Math.max(1, (long) Math.ceil(Math.log(1e-18) / Math.log(mu)));
  }

  private void checkLengths(double[] w, double[] g) {
    if (w.length != numParams || g.length != numParams) {
      throw new IllegalArgumentException("expected " + numParams + " parameters, got w=" + w.length + ", g="
          + g.length);
    }
  }

  private static void checkRows(int[] touched, RowMap rows) {
    int n = rows.numRows();
    for (int i = 0; i < touched.length; i++) {
      int r = touched[i];
      if (r < 0 || r >= n || (i > 0 && r <= touched[i - 1])) {
        throw new IllegalArgumentException("touched rows must be sorted, distinct and in [0, " + n + "); got "
            + r + " at position " + i);
      }
    }
  }
}
