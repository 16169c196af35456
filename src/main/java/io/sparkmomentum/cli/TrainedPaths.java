package io.sparkmomentum.cli;

import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Paths recorded in a model's config ({@code data.train}) were given relative to the directory the training run was
 * started in, which its run directory's marker records ({@link RunDirectory}). A command run from elsewhere resolves
 * them against that directory, not its own.
 */
final class TrainedPaths {
  private TrainedPaths() {}

  /** {@code path} if absolute or with a scheme; else resolved against the run's working directory, if recorded. */
  static String resolve(String path, String modelDir, Configuration conf) {
    Path p;
    try {
      p = new Path(path);
    } catch (IllegalArgumentException e) {
      return path;
    }
    if (p.isAbsolute() || p.toUri().getScheme() != null) return path;
    Path model = new Path(modelDir);
    Path runDir = model.getParent();
    if (runDir == null) return path;
    Optional<String> cwd = RunDirectory.recordedWorkingDirectory(runDir.toString(), conf);
    return cwd.map(d -> new Path(new Path(d), path).toString()).orElse(path);
  }
}
