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
 * @param featureScale the factor each feature's values were multiplied by (feature rows scaled by frequency), or
 *                     null when the values are as read
 * @param userCounts  training examples of each user (rating data), or null when not counted
 * @param itemCounts  training examples of each item (rating data), or null when not counted
 */
public record DataSchema(long count, int numUsers, int numItems, int numFeatures, int numClasses, double labelMean,
    double labelMin, double labelMax, double[] featureScale, int[] userCounts, int[] itemCounts)
    implements Serializable {

  public DataSchema(long count, int numUsers, int numItems, int numFeatures, int numClasses, double labelMean,
      double labelMin, double labelMax, double[] featureScale) {
    this(count, numUsers, numItems, numFeatures, numClasses, labelMean, labelMin, labelMax, featureScale, null, null);
  }

  public DataSchema {
    if (featureScale != null && featureScale.length != numFeatures) {
      throw new IllegalArgumentException(featureScale.length + " feature scales, " + numFeatures + " features");
    }
    featureScale = featureScale == null ? null : featureScale.clone();
  }

  /** Values as read (no feature scale). */
  public DataSchema(long count, int numUsers, int numItems, int numFeatures, int numClasses, double labelMean,
      double labelMin, double labelMax) {
    this(count, numUsers, numItems, numFeatures, numClasses, labelMean, labelMin, labelMax, null);
  }

  @Override
  public double[] featureScale() {
    return featureScale == null ? null : featureScale.clone();
  }

  /** A rating data set's schema. */
  public static DataSchema ratings(long count, int numUsers, int numItems, double mean, double min, double max) {
    return new DataSchema(count, numUsers, numItems, 0, 0, mean, min, max);
  }

  /** A rating data set's schema with the examples of each user and item. */
  public static DataSchema ratings(long count, double mean, double min, double max, int[] userCounts,
      int[] itemCounts) {
    return new DataSchema(count, userCounts.length, itemCounts.length, 0, 0, mean, min, max, null, userCounts,
        itemCounts);
  }
}
