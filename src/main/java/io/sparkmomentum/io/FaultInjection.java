package io.sparkmomentum.io;

/**
 * Test-only failure points, switched on by system properties and inert otherwise. They let tests kill a run at
 * the worst moments (in the middle of a checkpoint write) without mocking any part of the system.
 * <ul>
 *   <li>{@code spark-momentum.fault.halt-before-publish=TEXT}: {@code Runtime.halt(137)} (like SIGKILL: no shutdown
 *       hooks, no flushing) after an atomic directory's contents are written and before it is renamed into place,
 *       when its final path contains TEXT.</li>
 * </ul>
 */
public final class FaultInjection {
  public static final String HALT_BEFORE_PUBLISH = "spark-momentum.fault.halt-before-publish";

  private FaultInjection() {}

  static void beforePublish(String finalPath) {
    String match = System.getProperty(HALT_BEFORE_PUBLISH);
    if (match != null && !match.isEmpty() && finalPath.contains(match)) {
      System.err.println("fault injection: halting before publishing " + finalPath);
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
  }
}
