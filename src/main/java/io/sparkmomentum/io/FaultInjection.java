package io.sparkmomentum.io;

/**
 * Test-only failure points, switched on by system properties and inert otherwise. They let tests kill a run at
 * the worst moments (in the middle of a checkpoint write) without mocking any part of the system.
 * <ul>
 *   <li>{@code spark-momentum.fault.halt-before-publish=TEXT}: {@code Runtime.halt(137)} (like SIGKILL: no shutdown
 *       hooks, no flushing) after an atomic directory's contents are written and before it is renamed into place,
 *       when its final path contains TEXT.</li>
 *   <li>{@code spark-momentum.fault.halt-at-round=R}: {@code Runtime.halt(137)} in the first gradient task of
 *       global round R (0-based; {@code train.TaskFaults}), that is after the checkpoints and metrics of rounds
 *       before R and before any of round R. In local mode the task runs in the driver's JVM, so the whole run dies
 *       there as under SIGKILL, at a round chosen by the test instead of by timing.</li>
 *   <li>{@code spark-momentum.fault.hold-while-reading=MS}: once Spark runs and the training data is being read,
 *       say so on stderr and wait MS milliseconds, so that a test can interrupt the run at that moment.</li>
 * </ul>
 */
public final class FaultInjection {
  public static final String HALT_BEFORE_PUBLISH = "spark-momentum.fault.halt-before-publish";

  public static final String HALT_AT_ROUND = "spark-momentum.fault.halt-at-round";

  public static final String HOLD_WHILE_READING = "spark-momentum.fault.hold-while-reading";

  private FaultInjection() {}

  /** Waits {@link #HOLD_WHILE_READING} milliseconds, if set; called as the training data is read. */
  public static void whileReading() {
    String ms = System.getProperty(HOLD_WHILE_READING);
    if (ms == null || ms.isEmpty()) return;
    System.err.println("fault injection: holding while reading");
    System.err.flush();
    try {
      Thread.sleep(Long.parseLong(ms.trim()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Halts the JVM when {@link #HALT_AT_ROUND} is {@code round}; called by gradient tasks. */
  public static void atRound(long round) {
    String r = System.getProperty(HALT_AT_ROUND);
    if (r != null && !r.isEmpty() && Long.parseLong(r.trim()) == round) {
      System.err.println("fault injection: halting at round " + round);
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }

  static void beforePublish(String finalPath) {
    String match = System.getProperty(HALT_BEFORE_PUBLISH);
    if (match != null && !match.isEmpty() && finalPath.contains(match)) {
      System.err.println("fault injection: halting before publishing " + finalPath);
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }
}
