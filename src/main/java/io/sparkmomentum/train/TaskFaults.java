package io.sparkmomentum.train;

import io.sparkmomentum.io.FaultInjection;
import org.apache.spark.TaskContext;

/**
 * Test-only task failures: with system property {@code spark-momentum.fault.fail-first-attempts=N} (N ≥ 2), the
 * first attempt of a gradient task fails when {@code (partition + round) % N == 0}. Spark retries it (with
 * {@code spark.task.maxFailures} > 1, e.g. master {@code local[2,4]}); the result must not change. Inert outside
 * Spark tasks and when the property is unset.
 */
final class TaskFaults {
  static final String FAIL_FIRST_ATTEMPTS = "spark-momentum.fault.fail-first-attempts";

  private TaskFaults() {}

  /** Also halts the JVM at the round named by {@link FaultInjection#HALT_AT_ROUND} (inside a Spark task only). */
  static void maybeFail(int partition, long epoch, long roundInEpoch, long roundsPerEpoch) {
    if (TaskContext.get() != null) FaultInjection.atRound(epoch * roundsPerEpoch + roundInEpoch);
    maybeFail(partition, epoch, roundInEpoch);
  }

  static void maybeFail(int partition, long epoch, long roundInEpoch) {
    String v = System.getProperty(FAIL_FIRST_ATTEMPTS);
    if (v == null || v.isEmpty()) return;
    TaskContext ctx = TaskContext.get();
    if (ctx == null || ctx.attemptNumber() > 0) return;
    long n = Long.parseLong(v);
    if ((partition + epoch * 7919 + roundInEpoch) % n == 0) {
      throw new IllegalStateException("injected failure: partition " + partition + ", epoch " + epoch + ", round "
          + roundInEpoch + ", attempt 0");
    }
  }
}
