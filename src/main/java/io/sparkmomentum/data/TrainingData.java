package io.sparkmomentum.data;

import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.train.PartitionBlock;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;

/**
 * A run's examples, read on the executors and cached as one block per partition: what the trainer, the evaluator
 * and the run's summary need, whatever the kind of example ({@link TrainingRatings}, {@link TrainingFeatures}).
 *
 * @param <D> the example block type
 */
public interface TrainingData<D> {

  JavaRDD<PartitionBlock<D>> trainBlocks();

  /** The held-out blocks, or null when the run has no test set. */
  JavaRDD<PartitionBlock<D>> testBlocks();

  /** The validation slice's blocks ({@code data.validation_fraction}), or null. */
  default JavaRDD<PartitionBlock<D>> validationBlocks() {
    return null;
  }

  /** Sizes and label statistics of the training blocks, for building the model. */
  DataSchema schema();

  /** What was read, for the run's summary (counts, skipped records and their first examples, duplicates, ...). */
  Map<String, Object> summary();

  /** One line for the console. */
  String describe();

  /** The input files and data, so that a resume over other data is refused. */
  DataFingerprint fingerprint();

  void unpersist();
}
