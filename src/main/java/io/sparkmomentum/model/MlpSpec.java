package io.sparkmomentum.model;

import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.data.source.LabelKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code model.type = mlp}: a ReLU multilayer perceptron with a softmax output ({@link Mlp}) over
 * {@code data.num_classes} classes, hidden widths {@code model.hidden}, L2 {@code model.l2} on the weights; starts
 * from Glorot-uniform weights and zero biases (Glorot &amp; Bengio 2010, "Understanding the difficulty of training
 * deep feedforward neural networks"), seeded by {@code trainer.seed}. Metrics accuracy, log-loss and the confusion
 * matrix ({@link ClassMetrics}).
 */
public final class MlpSpec extends FeatureModelSpec {
  private static final long serialVersionUID = 1L;
  /** At most this many hidden layers, each at most {@value #MAX_WIDTH} wide (as {@code model.hidden} allows). */
  static final int MAX_LAYERS = 16;
  static final int MAX_WIDTH = 1 << 16;

  @Override
  public String type() {
    return "mlp";
  }

  @Override
  public LabelKind labels(ModelConfig c) {
    return LabelKind.CLASS;
  }

  @Override
  public LabelKind labels(Map<String, Object> metadata) {
    return LabelKind.CLASS;
  }

  @Override
  public Mlp build(ModelConfig c, DataSchema s) {
    return new Mlp(s.numFeatures(), c.hidden(), classes(s), c.l2());
  }

  @Override
  public double[] initialParameters(Model<FeatureRows> model, ModelConfig c, DataSchema s, long seed) {
    return ((Mlp) model).initialParameters(seed);
  }

  @Override
  protected Map<String, Object> shape(ModelConfig c, DataSchema s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hidden", Metadata.list(c.hidden()));
    m.put("num_classes", (long) s.numClasses());
    m.put("l2", c.l2());
    return m;
  }

  @Override
  public Mlp restore(Map<String, Object> m) {
    return new Mlp(numFeatures(m), Metadata.integers(m, "hidden", 1, MAX_WIDTH, MAX_LAYERS), numClasses(m),
        Metadata.nonNegative(m, "l2"));
  }
}
