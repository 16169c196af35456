package io.sparkmomentum.train;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ParameterLayout;
import io.sparkmomentum.model.RowSet;
import io.sparkmomentum.optim.GradientAccumulator;
import io.sparkmomentum.optim.MomentumSgd;
import io.sparkmomentum.optim.RowMap;
import java.util.Arrays;

/**
 * The driver half of a round: turns the round's summed gradient into an optimizer step. With {@code k =
 * optimizer.accumulation_steps}, a round's sum {@code (L, G, n)} (loss, gradient, example count) becomes
 * <pre>  ḡ = G / n + ∇Ω(w),   step t: g = (1/k) Σ_{rounds of t} ḡ,   ‖g‖₂ judged by the {@link DivergenceGuard},
 *   w ← MomentumSgd(w, g)  (dense, or sparse over the touched rows)</pre>
 * It owns the live training state: the weights, the optimizer, the accumulator, the round counter, and a mean
 * gradient buffer that is zero outside the rows being accumulated, so the driver's work before the step is
 * proportional to the rows touched, in every mode. {@code Ω} is the model's global term ({@link
 * Model#addGlobalGradient}, computed here from the full weights; 0 for most models): it touches every row, so a
 * model with one needs dense steps.
 */
final class StepApplier {
  private final ParameterLayout layout;
  private final RowMap rows;
  private final int[] allRows;
  private final boolean sparse;
  private long round;
  private final double[] weights;
  private final MomentumSgd optimizer;
  private final GradientAccumulator accumulator;
  private final double lrScale;
  private final int rollbacks;
  /** The step's mean gradient, kept at zero outside the rows being accumulated. */
  private final double[] mean;
  /** Rows touched by the rounds accumulated so far. */
  private final RowSet touched;
  private final DivergenceGuard guard;
  /** The model whose global term is added to every round's mean gradient, or null. */
  private final Model<?> global;

  /** What {@link #apply} did with one round. */
  record Outcome(double loss, MomentumSgd.StepReport step, String divergence) {
    boolean diverged() {
      return divergence != null;
    }
  }

  /**
   * Continues from {@code s}; {@code optimizerConfig}'s rate is scaled by {@code s.lrScale()}. {@code guard} judges
   * the steps, and its memory goes into {@link #snapshot()}.
   */
  StepApplier(ParameterLayout layout, OptimizerConfig optimizerConfig, TrainerState s, DivergenceGuard guard) {
    this(layout, optimizerConfig, s, guard, null);
  }

  /** As above, adding {@code model}'s global term ({@link Model#hasGlobalTerm}) to every round when it has one. */
  StepApplier(Model<?> model, OptimizerConfig optimizerConfig, TrainerState s, DivergenceGuard guard) {
    this(model.layout(), optimizerConfig, s, guard, model.hasGlobalTerm() ? model : null);
  }

  private StepApplier(ParameterLayout layout, OptimizerConfig optimizerConfig, TrainerState s, DivergenceGuard guard,
      Model<?> global) {
    int n = layout.size();
    if (s.weights().length != n) {
      throw new IllegalArgumentException("state has " + s.weights().length + " weights, model needs " + n);
    }
    this.layout = layout;
    this.guard = guard;
    this.rows = rowMap(layout);
    this.allRows = java.util.stream.IntStream.range(0, rows.numRows()).toArray();
    this.sparse = optimizerConfig.sparseUpdate() != OptimizerConfig.SparseUpdate.DENSE;
    this.global = global;
    if (global != null && sparse) {
      throw new ConfigException("optimizer.sparse_update", optimizerConfig.sparseUpdate().name().toLowerCase(
          java.util.Locale.ROOT), "dense for a model with a term over all parameters (" + global.getClass()
          .getSimpleName() + ": it moves every row at every step)");
    }
    round = s.round();
    weights = s.weights().clone();
    lrScale = s.lrScale();
    rollbacks = s.rollbacks();
    OptimizerConfig oc = lrScale == 1.0 ? optimizerConfig : optimizerConfig.withLr(optimizerConfig.lr() * lrScale);
    optimizer = new MomentumSgd(oc, n);
    if (s.optimizer() != null) optimizer.restore(s.optimizer());
    accumulator = new GradientAccumulator(optimizerConfig.accumulationSteps(), n);
    if (s.accumulator() != null) accumulator.restore(s.accumulator());
    mean = new double[n];
    touched = new RowSet(layout.numRows());
    if (s.accumulator() != null && s.accumulator().count() > 0 && s.accumulatedRows() != null) {
      touched.addAll(s.accumulatedRows());
    } else if (s.accumulator() != null && s.accumulator().count() > 0) {
      double[] sum = s.accumulator().sum(); // a resumed accumulation: its rows are the nonzero ones
      for (int r = 0; r < layout.numRows(); r++) {
        for (int j = layout.rowOffset(r), e = j + layout.rowWidth(r); j < e; j++) {
          if (sum[j] != 0) {
            touched.add(r);
            break;
          }
        }
      }
    }
  }

  /** Rounds done. */
  long round() {
    return round;
  }

  /** The live weights (rows may be behind with {@code sparse_update = exact}); only read them. */
  double[] weights() {
    return weights;
  }

  int rollbacks() {
    return rollbacks;
  }

  double lrScale() {
    return lrScale;
  }

  /** Rows behind the current step ({@code sparse_update = exact}). */
  int staleRows() {
    return optimizer.staleRows();
  }

  /** {@code sparse_update = exact}: brings {@code rowIds} (null: none) up to the current step. */
  void catchUp(int[] rowIds) {
    if (rowIds != null) optimizer.catchUp(weights, rowIds, rows);
  }

  /**
   * Adds the round's sum to the step being accumulated and, when the step is due and {@code guard} finds it healthy,
   * takes it. A diverged step is not taken and the round is not counted.
   */
  Outcome apply(GradientPiece sum) {
    if (sum.count == 0) { // nothing to learn from: no accumulation, no step (momentum must not move on nothing)
      round++;
      return new Outcome(0, null, null);
    }
    double loss = sum.count == 0 ? 0 : sum.loss / sum.count;
    int[] roundRows = sum.rows() != null ? sum.rows() : allRows;
    sum.meanInto(mean, layout);
    if (global != null) { // dense steps: the weights are all current
      loss += global.addGlobalGradient(weights, mean);
      roundRows = allRows;
    }
    touched.addAll(roundRows);
    boolean due;
    double stepLoss = loss;
    if (accumulator.steps() == 1) {
      due = true; // nothing to average: skip the accumulator's two dense passes
    } else {
      due = accumulator.add(mean, loss);
      if (due) {
        stepLoss = accumulator.take(mean);
      } else {
        clearRows(mean, roundRows);
      }
    }
    MomentumSgd.StepReport step = null;
    String divergence = null;
    if (due) {
      int[] rowIds = touched.sorted();
      double norm = norm2(mean, rowIds); // = the dense norm: the other entries are exact zeros
      divergence = guard.check(stepLoss, norm);
      if (divergence == null) {
        step = sparse ? optimizer.step(weights, mean, rowIds, rows) : optimizer.step(weights, mean);
      }
      clearRows(mean, rowIds);
      touched.clear();
    }
    if (divergence == null) round++;
    return new Outcome(loss, step, divergence);
  }

  /** The state as it is; with {@code sparse_update = exact} rows may be behind (their steps are in the state). */
  TrainerState snapshot() {
    return new TrainerState(round, weights.clone(), optimizer.state(), accumulator.state(), lrScale, rollbacks,
        accumulator.count() > 0 ? touched.sorted() : null, guard.state());
  }

  /**
   * The state with every row up to date: what evaluation, the final model and a caller see. Computed on copies, so
   * the live state (and hence every later bit) is the same whether or not anyone asked.
   */
  TrainerState current() {
    TrainerState raw = snapshot();
    if (optimizer.staleRows() == 0) return raw;
    MomentumSgd copy = new MomentumSgd(optimizer.config(), raw.weights().length);
    copy.restore(raw.optimizer());
    double[] w = raw.weights();
    copy.catchUpAll(w, rows);
    return new TrainerState(round, w, copy.state(), raw.accumulator(), lrScale, rollbacks, raw.accumulatedRows(),
        raw.guard());
  }

  /**
   * Where a rollback continues: the checkpointed state {@code target} with every row brought up to date at the rate
   * it was trained with (with {@code sparse_update = exact}, rows behind owe steps taken at that rate, not at the new
   * one), then the rate scale {@code lrScale} and the rollback count {@code rollbacks}.
   */
  static StepApplier rolledBack(Model<?> model, OptimizerConfig optimizerConfig, TrainerState target,
      double lrScale, int rollbacks, DivergenceGuard guard) {
    TrainerState s = new StepApplier(model, optimizerConfig, target, guard).current();
    return new StepApplier(model, optimizerConfig, new TrainerState(s.round(), s.weights(), s.optimizer(),
        s.accumulator(), lrScale, rollbacks, s.accumulatedRows(), null), guard);
  }

  /** A state that shares the live weights: for listeners that only read. */
  TrainerState view() {
    return new TrainerState(round, weights, null, null, lrScale, rollbacks);
  }

  static RowMap rowMap(ParameterLayout layout) {
    return new RowMap() {
      @Override
      public int numRows() {
        return layout.numRows();
      }

      @Override
      public int start(int row) {
        return layout.rowOffset(row);
      }

      @Override
      public int width(int row) {
        return layout.rowWidth(row);
      }
    };
  }

  /** The norm over the given rows, in increasing index order: the dense norm when the rest is zero. */
  private double norm2(double[] g, int[] rowIds) {
    double s = 0;
    for (int r : rowIds) {
      for (int j = layout.rowOffset(r), e = j + layout.rowWidth(r); j < e; j++) s += g[j] * g[j];
    }
    return Math.sqrt(s);
  }

  private void clearRows(double[] g, int[] rowIds) {
    for (int r : rowIds) Arrays.fill(g, layout.rowOffset(r), layout.rowOffset(r) + layout.rowWidth(r), 0);
  }
}
