package io.sparkmomentum.data;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.data.source.SourceFormat;
import io.sparkmomentum.model.ModelSpec;
import org.apache.spark.sql.SparkSession;

/**
 * The data a model trains on, chosen by what its spec reads ({@link ModelSpec#examples()}) and {@code data.format}:
 * <ul>
 *   <li>rating models ({@code mf}) on rating formats: {@link TrainingRatings};</li>
 *   <li>feature models on feature formats ({@code libsvm}, {@code idx}): {@link TrainingFeatures}, labels as the
 *       spec reads them;</li>
 *   <li>{@code fm} on rating formats: {@link RatingFeatures}, feature rows built from the ratings (one-hot user and
 *       item, side and implicit features: {@code features.*});</li>
 *   <li>anything else is refused, before Spark starts, naming {@code data.format}.</li>
 * </ul>
 */
public final class RunData {
  private RunData() {}

  /** Where a run's examples come from. */
  public enum Source {
    RATINGS,
    FEATURE_FILES,
    RATING_FEATURES
  }

  /** The source for {@code spec} and {@code data.format}, or a config error naming the key. */
  public static Source source(ModelSpec<?> spec, RunConfig cfg) {
    String f = cfg.data().format();
    boolean featureFormat = SourceFormat.parseOrNull(f).kind() == SourceFormat.Kind.FEATURES;
    if (spec.examples() == ModelSpec.Examples.RATINGS) {
      if (featureFormat) {
        throw new ConfigException("data.format", f, "a format of (user, item, rating) records for model.type "
            + spec.type() + ": tsv, dat, csv, parquet, orc or table");
      }
      return Source.RATINGS;
    }
    if (featureFormat) return Source.FEATURE_FILES;
    if (spec.readsRatingFeatures()) return Source.RATING_FEATURES;
    throw new ConfigException("data.format", f, "a format of labelled feature rows for model.type " + spec.type()
        + ": libsvm or idx");
  }

  /** The run's examples, read on the executors into cached blocks. */
  @SuppressWarnings("unchecked")
  public static <D> TrainingData<D> load(ModelSpec<D> spec, Source source, SparkSession spark, RunConfig cfg,
      int partitions) {
    long seed = cfg.trainer().seed();
    double vf = cfg.validationFraction();
    if (vf > 0 && !(source == Source.RATINGS && spec.type().equals("mf")) && source != Source.RATING_FEATURES) {
      throw new ConfigException(cfg.earlyStopping().watchesValidation() ? "trainer.early_stopping.patience"
          : "data.validation_fraction", cfg.earlyStopping().watchesValidation() ? cfg.earlyStopping().patience() : vf,
          "0: a validation slice (early stopping, self-tuning) is implemented for rating data (mf, and fm on "
          + "ratings) only");
    }
    return switch (source) {
      case RATINGS -> (TrainingData<D>) TrainingRatings.load(spark, cfg.data().withValidationFraction(vf), seed,
          partitions);
      case FEATURE_FILES -> (TrainingData<D>) TrainingFeatures.load(spark, cfg.data(), spec.labels(cfg.model()),
          cfg.data().numClasses(), seed, partitions);
      case RATING_FEATURES -> (TrainingData<D>) RatingFeatures.load(spark, cfg, seed, partitions);
    };
  }
}
