package io.sparkmomentum.data.source;

import java.io.Serializable;

/**
 * The names of the settings that choose the user, item and rating columns, for messages: the config keys
 * ({@code data.user_col}, ...) or a Spark ML estimator's params ({@code userCol}, ...).
 *
 * @param user   the setting of the user column
 * @param item   the setting of the item column
 * @param rating the setting of the rating column
 */
public record ColumnKeys(String user, String item, String rating) implements Serializable {
  /** The config keys of the CLI. */
  public static final ColumnKeys CONFIG = new ColumnKeys("data.user_col", "data.item_col", "data.rating_col");

  /** {@code role}, with the setting's name unless these are the config keys (whose messages name the role only). */
  String named(String role, String key) {
    return equals(CONFIG) ? role : role + ", " + key;
  }
}
