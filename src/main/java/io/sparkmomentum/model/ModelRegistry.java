package io.sparkmomentum.model;

import io.sparkmomentum.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The model types {@code model.type} may name. A new model is one {@link ModelSpec} class and one line here. */
public final class ModelRegistry {
  private static final Map<String, ModelSpec<?>> SPECS = new LinkedHashMap<>();

  static {
    register(new MatrixFactorizationSpec());
    register(new LinearRegressionSpec());
    register(new LogisticRegressionSpec());
    register(new SoftmaxRegressionSpec());
    register(new MlpSpec());
    register(new FactorizationMachineSpec());
    register(new ImplicitSpec(ImplicitSpec.Loss.BPR));
    register(new ImplicitSpec(ImplicitSpec.Loss.SAMPLED_SOFTMAX));
    register(new ImplicitSpec(ImplicitSpec.Loss.IALS));
  }

  private ModelRegistry() {}

  private static void register(ModelSpec<?> spec) {
    if (SPECS.putIfAbsent(spec.type(), spec) != null) throw new IllegalStateException("two specs for " + spec.type());
  }

  /** The spec of {@code type}, or a config error naming the known types. */
  public static ModelSpec<?> spec(String type) {
    ModelSpec<?> s = SPECS.get(type == null ? "" : type.trim());
    if (s == null) throw new ConfigException("model.type", type, "one of " + String.join(", ", SPECS.keySet()));
    return s;
  }

  public static Iterable<String> types() {
    return SPECS.keySet();
  }
}
