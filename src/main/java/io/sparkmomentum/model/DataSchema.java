package io.sparkmomentum.model;

import java.io.Serializable;

/**
 * What a model spec needs to know about the training data to build a model: sizes and label statistics, computed
 * on the executors and summed in partition order (the same bits every run).
 *
 * @param count       training examples
 * @param numUsers    indexed users (rating data; 0 for feature rows)
 * @param numItems    indexed items (rating data; 0 for feature rows)
 * @param numFeatures features per row (feature rows; 0 for rating data)
 * @param numClasses  classes of a class label (0 when the label is real or binary)
 * @param labelMean   mean label
 * @param labelMin    smallest label
 * @param labelMax    largest label
 */
public record DataSchema(long count, int numUsers, int numItems, int numFeatures, int numClasses, double labelMean,
    double labelMin, double labelMax) implements Serializable {

  /** A rating data set's schema. */
  public static DataSchema ratings(long count, int numUsers, int numItems, double mean, double min, double max) {
    return new DataSchema(count, numUsers, numItems, 0, 0, mean, min, max);
  }
}
