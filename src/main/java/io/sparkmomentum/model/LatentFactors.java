package io.sparkmomentum.model;

/**
 * A model whose ranking score for (user u, item i) is {@code p_u · q_i + b_i} plus terms of u alone (which do not
 * change a user's ranking): where its factor rows and item biases sit in the flat parameters, so that top-K and
 * ranking metrics can read any such model (explicit MF, BPR, implicit ALS) without knowing its loss.
 */
public interface LatentFactors {

  int numUsers();

  int numItems();

  int rank();

  /** Offset of user {@code u}'s factor row ({@link #rank()} values) in the parameters. */
  int userOffset(int u);

  /** Offset of item {@code i}'s factor row ({@link #rank()} values) in the parameters. */
  int itemOffset(int i);

  /** Offset of item {@code i}'s bias in the parameters, or −1 when the model has no item bias. */
  int itemBiasOffset(int i);

  /** The ranking score {@code p_u · q_i + b_i} under the parameters {@code w}. */
  default double rankingScore(double[] w, int u, int i) {
    int pu = userOffset(u);
    int qi = itemOffset(i);
    double s = 0;
    for (int f = 0, k = rank(); f < k; f++) s += w[pu + f] * w[qi + f];
    int b = itemBiasOffset(i);
    return b < 0 ? s : s + w[b];
  }
}
