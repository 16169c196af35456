package io.sparkmomentum.model;

import io.sparkmomentum.config.Check;

/**
 * What the implicit-feedback losses that sample negative items share ({@link BprFactorization},
 * {@link SampledSoftmaxFactorization}): the factor layout ({@link ItemFactors}: P, Q and item biases), the
 * per-occurrence L2 weights, the number of negatives drawn per positive, the rows a round reads (the same draws as
 * the gradient, {@link ImplicitRows}) and the {@link LatentFactors} view. A subclass is its loss alone.
 */
public abstract class SampledItemFactorization implements Model<RatingColumns>, LatentFactors {
  private static final long serialVersionUID = 1L;

  protected final ItemFactors f;
  protected final double lambda;
  protected final double lambdaBias;
  protected final int negatives;

  protected SampledItemFactorization(int numUsers, int numItems, int rank, double lambda, double lambdaBias,
      int negatives) {
    Check.atLeast("model.rank", rank, 1);
    Check.atLeast("model.lambda", lambda, 0.0);
    Check.atLeast("model.lambda_bias", lambdaBias, 0.0);
    Check.atLeast("model.negatives", negatives, 1);
    this.f = new ItemFactors(numUsers, numItems, rank);
    this.lambda = lambda;
    this.lambdaBias = lambdaBias;
    this.negatives = negatives;
  }

  @Override
  public ParameterLayout layout() {
    return f.layout();
  }

  public ItemFactors factors() {
    return f;
  }

  @Override
  public int numExamples(RatingColumns data) {
    return data.size();
  }

  /** The rows of the examples' users, positives and negatives (the same draws as {@link #addLossGradient}). */
  @Override
  public void markRowsRead(RatingColumns data, Selection sel, RowSet rows) {
    ImplicitRows.mark(f, negatives, data, sel, rows);
  }

  @Override
  public int numUsers() {
    return f.numUsers();
  }

  @Override
  public int numItems() {
    return f.numItems();
  }

  @Override
  public int rank() {
    return f.rank();
  }

  @Override
  public int userOffset(int u) {
    return f.userOffset(u);
  }

  @Override
  public int itemOffset(int i) {
    return f.itemOffset(i);
  }

  @Override
  public int itemBiasOffset(int i) {
    return f.itemBiasOffset(i);
  }

  public double lambda() {
    return lambda;
  }

  public double lambdaBias() {
    return lambdaBias;
  }

  public int negatives() {
    return negatives;
  }
}
