package io.sparkmomentum.model;

import io.sparkmomentum.config.Check;

/**
 * The implicit-feedback losses that sample negative items ({@link BprFactorization},
 * {@link SampledSoftmaxFactorization}): an {@link ItemFactorModel} with the number of negatives drawn per positive and
 * the rows a round reads (the same draws as the gradient, {@link ImplicitRows}). A subclass is its loss alone.
 */
public abstract class SampledItemFactorization extends ItemFactorModel {
  private static final long serialVersionUID = 1L;

  protected final int negatives;

  protected SampledItemFactorization(int numUsers, int numItems, int rank, double lambda, double lambdaBias,
      int negatives) {
    super(numUsers, numItems, rank, lambda, lambdaBias);
    Check.atLeast("model.negatives", negatives, 1);
    this.negatives = negatives;
  }

  /** The rows of the examples' users, positives and negatives (the same draws as {@link #addLossGradient}). */
  @Override
  public void markRowsRead(RatingColumns data, Selection sel, RowSet rows) {
    ImplicitRows.mark(f, negatives, data, sel, rows);
  }

  public int negatives() {
    return negatives;
  }
}
