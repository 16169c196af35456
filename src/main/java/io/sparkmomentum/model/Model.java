package io.sparkmomentum.model;

import java.io.Serializable;

/**
 * A differentiable model: parameters (one flat {@code double[]} described by a {@link ParameterLayout}) and, for a
 * batch of examples of type {@code D}, the loss to minimise and its gradient. Models are pure functions of the
 * parameters they are given; they hold hyperparameters only, never weights, so they are cheap to ship to executors.
 *
 * <p>Sign convention: gradients are {@code ∂loss/∂θ} (see {@code optim.MomentumSgd}).
 *
 * @param <D> the data block type this model reads examples from
 */
public interface Model<D> extends Serializable {

  ParameterLayout layout();

  /**
   * Adds {@code Σ_k ∂ℓ_k/∂θ} over the selected examples into {@code grad} (touching the rows it writes) and returns
   * {@code Σ_k ℓ_k}. The trainer divides both by the number of examples, so the loss minimised is the batch mean.
   */
  double addLossGradient(double[] params, D data, Selection selection, GradientBuffer grad);

  /** Number of examples in a data block. */
  int numExamples(D data);

  /**
   * Adds to {@code rows} every parameter row that {@link #addLossGradient} reads for these examples. The trainer
   * uses it to bring exactly those rows up to date before a round ({@code optimizer.sparse_update = exact}). The
   * default, every row, is right for any model.
   */
  default void markRowsRead(D data, Selection selection, RowSet rows) {
    for (int r = 0, n = layout().numRows(); r < n; r++) rows.add(r);
  }

  /**
   * Whether the objective has a global term {@code Ω(θ)} that belongs to no example (iALS's all-pairs term,
   * {@link IalsFactorization}). The trainer then minimises, each round, {@code (1/n) Σ_{k in batch} ℓ_k + Ω(θ)}:
   * the driver adds {@link #addGlobalGradient} to the batch's mean gradient before the optimizer step. Such a term
   * moves every row, so these models train with dense steps ({@code optimizer.sparse_update = dense}).
   */
  default boolean hasGlobalTerm() {
    return false;
  }

  /**
   * Adds {@code ∂Ω/∂θ} into the dense {@code grad} (which already holds the batch's mean gradient) and returns
   * {@code Ω(θ)}. Called on the driver once per round with the full, current parameters; it must be cheap (no pass
   * over the examples) and a pure function of {@code params}. The default, no term, adds nothing.
   */
  default double addGlobalGradient(double[] params, double[] grad) {
    return 0;
  }
}
