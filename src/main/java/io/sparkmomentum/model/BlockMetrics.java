package io.sparkmomentum.model;

import java.io.Serializable;
import java.util.Map;

/**
 * A model's evaluation metrics as additive sums: {@link #sums} scores one block of held-out examples into a vector
 * of sums, the vectors of all blocks are added (in partition order, so the figures are the same bits every run),
 * and {@link #finish} turns the total into named metrics ({@code rmse}, {@code accuracy}, ...). Pure Java: the
 * distributed job lives in {@code eval}.
 *
 * @param <D> the example block type
 */
public interface BlockMetrics<D> extends Serializable {

  /** The additive sums of one block under the parameters {@code w}. */
  double[] sums(double[] w, D block);

  /** The named metrics of the summed vector. */
  Map<String, Double> finish(double[] total);
}
