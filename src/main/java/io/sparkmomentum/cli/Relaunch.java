package io.sparkmomentum.cli;

import io.sparkmomentum.io.Json;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * {@code train --output RUN_DIR --resume} as the one command for the first attempt and every retry, as cluster
 * managers relaunch a failed driver (YARN's {@code spark.yarn.maxAppAttempts}, Kubernetes restart policies, Airflow
 * retries):
 * <ul>
 *   <li>no run directory yet, or one with no complete checkpoint (killed before its first): start from scratch,
 *       and say so;</li>
 *   <li>a complete checkpoint: continue from the newest (the config must be the first run's, {@link ResumeCheck});</li>
 *   <li>a run that has ended: print its summary again (stdout, as the run did) and exit as it did (0, or 4 for a
 *       divergence), without training and without touching its files.</li>
 * </ul>
 */
final class Relaunch {
  private Relaunch() {}

  /** @return the exit code when the run has already ended, else null (train, fresh or resumed) */
  static Integer decide(TrainingRun run, RunDirectory rd, Configuration hadoop) throws IOException {
    if (!run.resuming()) return null;
    String output = run.output();
    Optional<Map<String, Object>> finished = rd.finishedSummary();
    boolean hasConfig = rd.fs().exists(new Path(rd.path(), "config.conf"));
    if (finished.isPresent() && hasConfig) {
      ResumeCheck.check(run.config(), output, hadoop);
      Map<String, Object> s = finished.get();
      System.err.println("--resume: the run in " + output + " has already ended (status " + s.get("status")
          + ", round " + s.get("rounds") + "); its summary follows, nothing was trained");
      System.out.println(Json.write(s));
      return "ok".equals(s.get("status")) ? 0 : Main.EXIT_DIVERGED;
    }
    if (!hasConfig || !rd.hasCompleteCheckpoint(output, hadoop)) {
      System.err.println("--resume: no complete checkpoint in " + output + " yet: starting from scratch");
      run.startFromScratch();
      return null;
    }
    ResumeCheck.check(run.config(), output, hadoop);
    return null;
  }
}
