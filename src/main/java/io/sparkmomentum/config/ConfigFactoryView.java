package io.sparkmomentum.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Read access to a rendered config saved with a model or checkpoint. */
public final class ConfigFactoryView {
  private final Config config;

  private ConfigFactoryView(Config config) {
    this.config = config;
  }

  public static ConfigFactoryView of(String rendered) {
    try {
      return new ConfigFactoryView(ConfigFactory.parseString(rendered == null || rendered.equals("null") ? ""
          : rendered));
    } catch (com.typesafe.config.ConfigException e) {
      return new ConfigFactoryView(ConfigFactory.empty());
    }
  }

  public String str(String key, String fallback) {
    return config.hasPath(key) ? String.valueOf(config.getValue(key).unwrapped()) : fallback;
  }
}
