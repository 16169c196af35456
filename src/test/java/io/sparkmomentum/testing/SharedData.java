package io.sparkmomentum.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the project's shared real data sets ({@code shared/data}), for real-data tests.
 *
 * <p>The shared folder is the system property {@code shared.dir} (Maven's surefire sets it to
 * {@code ${project.basedir}/../shared}), default {@code ../shared} relative to the working directory.
 * When the data is absent the calling test is skipped (a JUnit assumption), unless the environment variable
 * {@code SPARK_MOMENTUM_REQUIRE_SHARED=1}, in which case it fails.
 */
public final class SharedData {
  /** The environment variable that turns a missing data folder from a skip into a failure. */
  public static final String REQUIRE_ENV = "SPARK_MOMENTUM_REQUIRE_SHARED";

  private SharedData() {}

  /** The shared folder (it may not exist). */
  public static Path sharedDir() {
    return Paths.get(System.getProperty("shared.dir", "../shared"));
  }

  /** {@code shared/data}; skips (or fails, see the class comment) the calling test if it does not exist. */
  public static Path dataDir() {
    Path data = sharedDir().resolve("data");
    if (!Files.isDirectory(data)) {
      missing(data);
    }
    return data;
  }

  /**
   * A file or folder under {@code shared/data}, e.g. {@code file("ml-100k/u.data")}; skips (or fails) the
   * calling test if it does not exist.
   */
  public static Path file(String relative) {
    Path p = dataDir().resolve(relative);
    if (!Files.exists(p)) {
      missing(p);
    }
    return p;
  }

  /** True if real-data tests must not be skipped. */
  public static boolean required() {
    return "1".equals(System.getenv(REQUIRE_ENV));
  }

  private static void missing(Path p) {
    String what = p + " not found";
    if (required()) {
      fail(what + ", and " + REQUIRE_ENV + "=1 requires the shared data (set -Dshared.dir=... to its folder)");
    }
    Assumptions.assumeTrue(false, what + ": skipping real-data test (set " + REQUIRE_ENV + "=1 to fail instead)");
  }
}
