package io.sparkmomentum.model;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The parameters of the implicit-feedback factor models ({@link BprFactorization},
 * {@link SampledSoftmaxFactorization}): {@code P} (users × rank), {@code Q} (items × rank) and the item biases
 * {@code bi}, in this order, scored {@code s(u, i) = p_u·q_i + b_i}. A user bias would not change a user's ranking,
 * so there is none. Row ids (global, {@link ParameterLayout}): {@code P_u} is row {@code u}, {@code Q_i} row
 * {@code numUsers + i}, {@code b_i} row {@code numUsers + numItems + i}.
 */
public final class ItemFactors implements LatentFactors, Serializable {
  private static final long serialVersionUID = 1L;

  private final int numUsers;
  private final int numItems;
  private final int rank;
  private final ParameterLayout layout;
  private final int qOffset;
  private final int biOffset;

  public ItemFactors(int numUsers, int numItems, int rank) {
    if (numUsers < 1 || numItems < 2 || rank < 1) {
      throw new IllegalArgumentException("need ≥ 1 user, ≥ 2 items (a negative must differ from the positive) and "
          + "rank ≥ 1, got " + numUsers + ", " + numItems + ", " + rank);
    }
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.rank = rank;
    this.layout = ParameterLayout.builder().matrix("P", numUsers, rank).matrix("Q", numItems, rank)
        .vector("bi", numItems).build();
    this.qOffset = numUsers * rank;
    this.biOffset = qOffset + numItems * rank;
  }

  public ParameterLayout layout() {
    return layout;
  }

  /** Factors drawn from N(0, initStd²) with a seeded generator; item biases start at zero. */
  public double[] initialParameters(double initStd, long seed) {
    double[] w = new double[layout.size()];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int j = 0; j < biOffset; j++) w[j] = initStd * rng.nextGaussian();
    return w;
  }

  /**
   * A negative item for the positive {@code positive}: uniform over the other items (redrawn while it equals the
   * positive, so the number of draws depends on the data and the stream only, never on the parameters).
   */
  public int drawNegative(SplittableRandom rng, int positive) {
    int j = rng.nextInt(numItems);
    while (j == positive) j = rng.nextInt(numItems);
    return j;
  }

  int rowP(int u) {
    return u;
  }

  int rowQ(int i) {
    return numUsers + i;
  }

  int rowB(int i) {
    return numUsers + numItems + i;
  }

  @Override
  public int numUsers() {
    return numUsers;
  }

  @Override
  public int numItems() {
    return numItems;
  }

  @Override
  public int rank() {
    return rank;
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

  /** The score {@code p_u·q_i + b_i}; 0 when the user or the item is unknown (cold start, {@code -1}). */
  public double score(double[] w, int u, int i) {
    if (u < 0 || u >= numUsers || i < 0 || i >= numItems) return 0;
    return rankingScore(w, u, i);
  }
}
