package io.sparkmomentum.model;

/** A feature-row model over {@link #numClasses()} classes: its logits, whose softmax is the class distribution. */
public interface ClassScorer extends Model<FeatureRows> {

  int numClasses();

  /** Writes the logits of row {@code r} of {@code x} under the parameters {@code w} into {@code out[0, classes)}. */
  void logits(double[] w, FeatureRows x, int r, double[] out);
}
