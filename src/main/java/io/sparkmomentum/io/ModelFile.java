package io.sparkmomentum.io;

import io.sparkmomentum.model.FeatureModelSpec;
import io.sparkmomentum.model.ModelRegistry;
import io.sparkmomentum.model.ModelSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A saved model of any type: an {@link ArrayBundle} of kind {@value #KIND} whose metadata names the
 * {@code model_type} and holds the spec's metadata (shape and hyperparameters) and the run's config, with the flat
 * parameters in the array {@code params}. Factorization models ({@link SavedModel}) also hold their raw ids; the
 * feature models are {@link FeatureModelFile}s.
 */
public sealed interface ModelFile permits SavedModel, FeatureModelFile {
  String KIND = "spark-momentum/model";

  /** The {@code model.type} the model was trained as. */
  String type();

  /** The flat parameters. */
  double[] weights();

  /** Everything the model file records besides the arrays. */
  Map<String, Object> meta();

  /**
   * Reads and validates the model in {@code dir}, whatever its type.
   *
   * @throws FileNotFoundException if nothing is at {@code dir}
   * @throws InvalidBundleException if it is not an intact, consistent model; the message names the directory and
   *     what is wrong
   */
  static ModelFile load(String dir, Configuration conf) throws IOException {
    ArrayBundle b = SavedModel.read(dir, conf);
    Object type = b.meta().get("model_type");
    if ("mf".equals(type)) return SavedModel.of(b);
    ModelSpec<?> spec = type instanceof String t ? known(t) : null;
    if (!(spec instanceof FeatureModelSpec f)) {
      throw SavedModel.inconsistent(b, "model_type is " + Json.write(type) + ", expected one of "
          + String.join(", ", ModelRegistry.types()));
    }
    return FeatureModelFile.of(b, f);
  }

  private static ModelSpec<?> known(String type) {
    try {
      return ModelRegistry.spec(type);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
