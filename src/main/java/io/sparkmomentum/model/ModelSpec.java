package io.sparkmomentum.model;

import io.sparkmomentum.config.ModelConfig;
import java.io.Serializable;
import java.util.Map;

/**
 * A model type, named by {@code model.type}: everything the trainer, the evaluator and the model files need to know
 * about it, so that adding a model is this one class plus a line in {@link ModelRegistry}.
 *
 * @param <D> the example block type the model trains on
 */
public interface ModelSpec<D> extends Serializable {

  /** The kinds of data a model trains on, hence which readers feed it. */
  enum Examples {
    /** (user, item, label) records with indexed ids ({@link RatingColumns}). */
    RATINGS,
    /** Labelled feature rows. */
    FEATURE_ROWS
  }

  /** The value of {@code model.type}. */
  String type();

  Examples examples();

  /**
   * Whether a {@link Examples#FEATURE_ROWS} model also trains on rating records, through feature rows built from
   * them ({@code features.*}: one-hot user and item, side and implicit features).
   */
  default boolean readsRatingFeatures() {
    return false;
  }

  /**
   * What the model needs of a feature row's label ({@link Examples#FEATURE_ROWS}): the readers refuse, or skip, a
   * row whose label does not fit, naming the file and line. Rating models ignore it.
   */
  default io.sparkmomentum.data.source.LabelKind labels(ModelConfig config) {
    return io.sparkmomentum.data.source.LabelKind.REAL;
  }

  /** The model for this config and data; validates the hyperparameters it reads, naming key, value and range. */
  Model<D> build(ModelConfig config, DataSchema schema);

  /** The starting parameters, a function of the config, the data's label statistics and the seed only. */
  double[] initialParameters(Model<D> model, ModelConfig config, DataSchema schema, long seed);

  /** The held-out metrics (their names are the keys of {@link BlockMetrics#finish}). */
  BlockMetrics<D> metrics(Model<D> model, ModelConfig config, DataSchema schema);

  /** What the model files record besides the parameters: the shape and hyperparameters. */
  Map<String, Object> metadata(Model<D> model, ModelConfig config, DataSchema schema);
}
