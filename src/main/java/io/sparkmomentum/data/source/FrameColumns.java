package io.sparkmomentum.data.source;

import java.io.Serializable;

/**
 * The columns of a DataFrame of labelled feature rows (a Spark ML predictor's {@code fit}), as messages name them.
 *
 * @param where    how messages name the dataset, e.g. {@code MomentumClassifier.fit's dataset}
 * @param features the vector column ({@code featuresCol})
 * @param label    the label column ({@code labelCol})
 * @param weight   the weight column ({@code weightCol}), or empty when every row weighs 1
 */
public record FrameColumns(String where, String features, String label, String weight) implements Serializable {
  public FrameColumns {
    weight = weight == null ? "" : weight;
  }

  public boolean weighted() {
    return !weight.isEmpty();
  }
}
