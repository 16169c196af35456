package io.sparkmomentum.cli;

import io.sparkmomentum.train.Trainer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;

/**
 * Installed at the very start of {@code train}, before the data is read and Spark starts. A SIGINT/SIGTERM before
 * the trainer exists is remembered ({@link #requested()}): the run checks it at its next step and stops there with
 * a one-line message, cleaning up what it made, while this hook holds Spark's own shutdown back (stopping Spark under
 * a starting run gave "Shutdown hooks cannot be modified during shutdown" and "Task serialization failed").
 * On SIGINT/SIGTERM, asks the trainer to stop at the next round boundary (where it writes a checkpoint when
 * checkpointing is on) and holds the JVM's shutdown until it has, for at most {@value #GRACE_SECONDS} s. The hook
 * runs before Spark's own (their priorities are at most 100: the local executor's thread pool, the SparkContext),
 * so the round in flight can finish.
 */
final class GracefulStop implements AutoCloseable {
  static final int GRACE_SECONDS = 60;
  /** Above every Spark shutdown hook (executor 100, SparkContext 50): runs before any of them. */
  private static final int PRIORITY = 1000;

  private final CountDownLatch done = new CountDownLatch(1);
  private final Object hook;
  private volatile Trainer<?> trainer;
  private volatile boolean requested;

  private GracefulStop() {
    this.hook = ShutdownHookManager.addShutdownHook(PRIORITY, () -> {
      requested = true;
      Trainer<?> t = trainer;
      if (t != null) {
        t.requestStop();
        System.err.println("stopping at the next round boundary (up to " + GRACE_SECONDS + " s)...");
      }
      try {
        done.await(GRACE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return BoxedUnit.UNIT;
    });
  }

  /** Installs the hook; it acts once {@link #watch} names the trainer. */
  static GracefulStop install() {
    return new GracefulStop();
  }

  void watch(Trainer<?> t) {
    this.trainer = t;
    if (requested) t.requestStop();
  }

  /** Whether SIGINT/SIGTERM has arrived. */
  boolean requested() {
    return requested;
  }

  /** Fails with exit {@value Main#EXIT_INTERRUPTED} if a stop was requested before training started. */
  void checkNotRequested(String where) {
    if (requested) {
      throw new Main.UserError("interrupted (SIGINT/SIGTERM) " + where + ", before training started; nothing was "
          + "trained", Main.EXIT_INTERRUPTED);
    }
  }

  /** The run has written its results: let a pending shutdown proceed, and drop the hook for normal exits. */
  @Override
  public void close() {
    done.countDown();
    try {
      ShutdownHookManager.removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already shutting down: the hook is running and now released
    }
  }
}
