package io.sparkmomentum.model;

/**
 * A feature-row model with one real output per row: the prediction of a regression model, or the margin (log-odds)
 * of a binary classifier, whose probability of class 1 is {@code σ(score)}.
 */
public interface RealScorer extends Model<FeatureRows> {

  /** The output for row {@code r} of {@code x} under the parameters {@code w}. */
  double score(double[] w, FeatureRows x, int r);
}
