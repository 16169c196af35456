package io.sparkmomentum.ml;

import io.sparkmomentum.data.source.LabelKind;
import io.sparkmomentum.io.FeatureModelFile;
import io.sparkmomentum.io.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * How {@link MomentumRegressionModel} and {@link MomentumClassificationModel} are saved and loaded:
 * <ul>
 *   <li>{@code metadata/}: Spark's param metadata (class, uid, params), which {@code Pipeline}s read;</li>
 *   <li>{@code model/}: the CLI's model file ({@link FeatureModelFile}: {@code bundle.json} with the model's type,
 *       shape, hyperparameters, clamp range and the fit's config, and the checksummed parameters in double), so
 *       the CLI's {@code evaluate} and {@code predict} read it too.</li>
 * </ul>
 * Loading checks the checksums and that the model's labels are the estimator's kind; no Java serialization.
 */
final class FeatureModelIo {
  /** The run metadata kept in the model file besides the spec's. */
  private static final Set<String> RUN_KEYS = Set.of("config", "estimator");

  private FeatureModelIo() {}

  /** Makes the model a reader loaded. */
  interface Factory<M> {
    M create(String uid, FeatureFit fit);
  }

  static final class Writer extends MLWriter {
    private final Params model;
    private final FeatureScorer scorer;
    private final String config;

    Writer(Params model, FeatureScorer scorer, String config) {
      this.model = model;
      this.scorer = scorer;
      this.config = config;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, spark);
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("config", config);
      run.put("estimator", model.getClass().getName());
      try {
        FeatureModelFile.save(path + "/model", spark.sparkContext().hadoopConfiguration(), false, scorer.metadata(),
            run, scorer.weights());
      } catch (IOException e) {
        throw new UncheckedIOException("could not write " + path + "/model", e);
      }
    }
  }

  static final class Reader<M extends Params> extends MLReader<M> {
    private final Class<M> type;
    private final Set<LabelKind> labels;
    private final Factory<M> factory;

    /**
     * @param labels the label kinds a model of {@code type} predicts
     */
    Reader(Class<M> type, Set<LabelKind> labels, Factory<M> factory) {
      this.type = type;
      this.labels = labels;
      this.factory = factory;
    }

    @Override
    public M load(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsReader.Metadata md = DefaultParamsReader$.MODULE$.loadMetadata(path, spark, type.getName());
      String what = type.getSimpleName() + " at " + path;
      ModelFile file;
      try {
        file = ModelFile.load(path + "/model", spark.sparkContext().hadoopConfiguration());
      } catch (IOException e) {
        throw new IllegalArgumentException(what + " is not a valid model: " + e.getMessage(), e);
      }
      if (!(file instanceof FeatureModelFile f) || !labels.contains(f.labels())) {
        throw new IllegalArgumentException(what + " is not a valid model: model/ holds a model of type "
            + file.type() + ", which " + type.getSimpleName() + " does not predict");
      }
      Map<String, Object> specMeta = new LinkedHashMap<>(f.meta());
      specMeta.keySet().removeAll(RUN_KEYS);
      FeatureScorer scorer = new FeatureScorer(f.spec(), specMeta, f.weights(), f.clamp());
      M model = factory.create(md.uid(), new FeatureFit(scorer, null, String.valueOf(f.meta().get("config"))));
      md.getAndSetParams(model, Option.empty());
      return model;
    }
  }
}
