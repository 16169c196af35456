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
}
