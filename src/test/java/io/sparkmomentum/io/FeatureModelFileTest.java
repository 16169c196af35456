package io.sparkmomentum.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.data.source.LabelKind;
import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.model.FeatureModelSpec;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.Mlp;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FeatureModelFile}: every feature model type saves and loads to the same model and parameters, and metadata
 * that passes the bundle checks but does not describe the parameters is refused naming what is wrong.
 */
class FeatureModelFileTest {
  final Configuration conf = new Configuration();
  @TempDir Path tmp;
  private int saves;

  static final DataSchema SCHEMA = new DataSchema(100, 0, 0, 5, 3, 2.5, 1, 4);

  static ModelConfig config(String type, String task) {
    return new ModelConfig(type, 2, 0, 0, 0.1, true, new int[] {4, 3}, 0.01, 0.02, 0.03, task, true, "batch", 0, "batch", 1, 0,
        1);
  }

  /** Saves a model of {@code type}; returns its directory. */
  private Path save(String type, String task) throws Exception {
    FeatureModelSpec spec = (FeatureModelSpec) ModelRegistry.spec(type);
    ModelConfig c = config(type, task);
    Model<FeatureRows> model = spec.build(c, SCHEMA);
    double[] w = spec.initialParameters(model, c, SCHEMA, 7);
    for (int k = 0; k < w.length; k++) w[k] += 0.001 * k;
    Path dir = tmp.resolve("m" + saves++);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("config", "model { type = " + type + " }");
    FeatureModelFile.save(dir.toString(), conf, false, spec.metadata(model, c, SCHEMA), run, w);
    return dir;
  }

  @Test
  void everyFeatureModelRoundTrips() throws Exception {
    for (String[] t : new String[][] {{"linear", "regression"}, {"logistic", "regression"}, {"softmax", "regression"},
        {"mlp", "regression"}, {"fm", "regression"}, {"fm", "binary"}}) {
      Path dir = save(t[0], t[1]);
      FeatureModelFile m = (FeatureModelFile) ModelFile.load(dir.toString(), conf);
      FeatureModelSpec spec = (FeatureModelSpec) ModelRegistry.spec(t[0]);
      ModelConfig c = config(t[0], t[1]);
      Model<FeatureRows> built = spec.build(c, SCHEMA);
      assertEquals(t[0], m.type());
      assertEquals(built.layout(), m.model().layout(), t[0]);
      assertEquals(spec.labels(c), m.labels(), t[0]);
      assertEquals(5, m.numFeatures());
      double[] w = spec.initialParameters(built, c, SCHEMA, 7);
      for (int k = 0; k < w.length; k++) w[k] += 0.001 * k;
      assertArrayEquals(w, m.weights(), 0.0, t[0]);
      if (t[0].equals("fm") && t[1].equals("regression")) {
        assertArrayEquals(new double[] {1, 4}, m.clamp(), "fm regression clamps to the training labels' range");
      } else {
        assertNull(m.clamp(), t[0]);
      }
    }
    FeatureModelFile mlp = (FeatureModelFile) ModelFile.load(tmp.resolve("m3").toString(), conf);
    assertArrayEquals(new int[] {4, 3}, ((Mlp) mlp.model()).hidden());
    assertEquals(LabelKind.CLASS, mlp.labels());
  }

  @SuppressWarnings("unchecked")
  private void assertInconsistent(String type, Consumer<Map<String, Object>> edit, String fragment) throws Exception {
    Path dir = save(type, "regression");
    Path manifest = dir.resolve("bundle.json");
    Map<String, Object> m = Json.readMap(Files.readString(manifest));
    edit.accept((Map<String, Object>) m.get("meta"));
    Files.writeString(manifest, Json.writePretty(ArrayBundleTest.reseal(m)));
    InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> ModelFile.load(dir.toString(), conf),
        fragment);
    assertTrue(e.getMessage().contains(" is inconsistent: ") && e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void resealedButInconsistentMetadataIsRefused() throws Exception {
    assertInconsistent("mlp", m -> m.put("hidden", List.of(5L, 3L)), "params holds ");
    assertInconsistent("mlp", m -> m.put("hidden", List.of(0L)), "metadata 'hidden' is [0], expected a list");
    assertInconsistent("softmax", m -> m.put("num_classes", 1L), "metadata 'num_classes' is 1, expected an integer");
    assertInconsistent("linear", m -> m.put("num_features", 6L), "params holds 6 numbers, but model_type linear");
    assertInconsistent("linear", m -> m.put("labels", "class"), "metadata 'labels' is \"class\", expected one of real");
    assertInconsistent("linear", m -> m.put("clamp", List.of(4.0, 1.0)), "metadata 'clamp' is [4.0, 1.0]");
    assertInconsistent("logistic", m -> m.put("clamp", List.of(1.0, 4.0)), "expected null for binary labels");
    assertInconsistent("fm", m -> m.put("task", "ranking"), "metadata 'task' is \"ranking\"");
    assertInconsistent("fm", m -> m.put("lambda_factors", -1.0), "metadata 'lambda_factors' is -1.0");
    assertInconsistent("mlp", m -> m.put("model_type", "tree"), "model_type is \"tree\", expected one of mf, linear");
    assertInconsistent("mlp", m -> m.put("l2", "0"), "metadata 'l2' is \"0\", expected a finite number >= 0");
  }
}
