package io.sparkmomentum.config;

import java.util.List;
import java.util.Locale;

/**
 * The {@code features.*} keys: which feature groups a factorization machine sees on rating data. Each group is on
 * or off by its key; the rows are built on the executors.
 *
 * @param user       one-hot user
 * @param item       one-hot item
 * @param implicit   the items the user rated in training, each weighted 1/√n (SVD++, Koren 2008)
 * @param userFile   side features of users, or empty
 * @param itemFile   side features of items, or empty
 * @param sideFormat {@code auto}, {@code ml100k} or {@code tags}
 * @param scale      {@code none}, or {@code frequency}: feature {@code j}'s values times {@code (N/n_j)^½}
 *                   ({@code n_j} of the {@code N} training rows hold it), a preconditioning by reparametrisation
 */
public record FeaturesConfig(boolean user, boolean item, boolean implicit, String userFile, String itemFile,
    String sideFormat, String scale) {

  /** The values of {@code features.side_format}. */
  public static final List<String> SIDE_FORMATS = List.of("auto", "ml100k", "tags");
  /** The values of {@code features.scale}. */
  public static final List<String> SCALES = List.of("none", "frequency");

  public FeaturesConfig {
    userFile = userFile == null ? "" : userFile.trim();
    itemFile = itemFile == null ? "" : itemFile.trim();
    sideFormat = sideFormat.trim().toLowerCase(Locale.ROOT);
    if (!SIDE_FORMATS.contains(sideFormat)) {
      throw new ConfigException("features.side_format", sideFormat, "one of " + String.join(", ", SIDE_FORMATS));
    }
    scale = scale.trim().toLowerCase(Locale.ROOT);
    if (!SCALES.contains(scale)) {
      throw new ConfigException("features.scale", scale, "one of " + String.join(", ", SCALES));
    }
    if (!user && !item && !implicit && userFile.isEmpty() && itemFile.isEmpty()) {
      throw new ConfigException("features.user", false, "at least one feature group on (features.user, item, "
          + "implicit, user_file or item_file)");
    }
  }

  /** One-hot user and item only. */
  public static FeaturesConfig ids() {
    return new FeaturesConfig(true, true, false, "", "", "auto", "none");
  }
}
