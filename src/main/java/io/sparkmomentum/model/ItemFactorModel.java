package io.sparkmomentum.model;

import io.sparkmomentum.config.Check;

/**
 * What the implicit-feedback models share ({@link SampledItemFactorization}'s BPR and sampled softmax, and
 * {@link IalsFactorization}): the factor layout ({@link ItemFactors}: P, Q and item biases, scored {@code s_ui =
 * p_u·q_i + b_i}), the per-occurrence L2 weights λ (factors) and λ_b (item biases), one example per event, and the
 * {@link LatentFactors} view that ranking and top-K read. A subclass is its loss.
 */
public abstract class ItemFactorModel implements Model<RatingColumns>, LatentFactors {
  private static final long serialVersionUID = 1L;

  protected final ItemFactors f;
  protected final double lambda;
  protected final double lambdaBias;

  protected ItemFactorModel(int numUsers, int numItems, int rank, double lambda, double lambdaBias) {
    Check.atLeast("model.rank", rank, 1);
    Check.atLeast("model.lambda", lambda, 0.0);
    Check.atLeast("model.lambda_bias", lambdaBias, 0.0);
    this.f = new ItemFactors(numUsers, numItems, rank);
    this.lambda = lambda;
    this.lambdaBias = lambdaBias;
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
}
