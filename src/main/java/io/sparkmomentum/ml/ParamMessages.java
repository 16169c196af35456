package io.sparkmomentum.ml;

import java.util.Comparator;
import java.util.Map;

/** Config messages in an estimator's terms: {@code config key 'optimizer.lr' = 0.0} → {@code param stepSize = 0.0}. */
final class ParamMessages {
  private ParamMessages() {}

  /**
   * @param paramOfKey config key → the param that sets it
   */
  static String inParamTerms(String owner, String message, Map<String, String> paramOfKey) {
    String m = message;
    for (String key : paramOfKey.keySet().stream().sorted(Comparator.comparing(String::length).reversed())
        .toList()) {
      m = m.replace("config key '" + key + "'", "param " + paramOfKey.get(key)).replace(key, paramOfKey.get(key));
    }
    return owner + ": " + m;
  }
}
