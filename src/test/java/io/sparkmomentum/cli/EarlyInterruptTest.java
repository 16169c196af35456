package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.FaultInjection;
import io.sparkmomentum.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, "early interrupt": SIGINT while the data is read or Spark starts gave "Shutdown hooks cannot be modified
 * during shutdown" or "Task serialization failed: InterruptedException" with a stack trace, and left a half-made run
 * directory. Now: exit 130, no stack trace, and either no run directory or a proper interrupted run.
 */
class EarlyInterruptTest {
  /**
   * SIGINT once the run directory is claimed (Spark starts), and while the executors read the data (held there by
   * the fault-injection hook {@code hold-while-reading}, so that the signal lands there and not by timing).
   */
  @Test
  void sigintDuringStartupLeavesNothingHalfMade(@TempDir Path tmp) throws Exception {
    for (String when : new String[] {"starting Spark", "reading"}) {
      Path run = tmp.resolve("run-" + when.replace(' ', '-'));
      Path log = tmp.resolve("child-" + when.replace(' ', '-') + ".log");
      Process p = ChildJvm.start(log, List.of(FaultInjection.HOLD_WHILE_READING + "=5000"), "train", "--config", "conf/sample.conf", "--set",
          "trainer.epochs=1", "--output", run.toString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (p.isAlive() && System.nanoTime() < deadline
          && !(when.equals("starting Spark") ? Files.exists(run) : Files.readString(log).contains("holding while reading"))) {
        Thread.sleep(2);
      }
      assertTrue(p.isAlive(), Files.readString(log));
      assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
      assertTrue(p.waitFor(90, TimeUnit.SECONDS));
      String out = Files.readString(log);
      assertEquals(130, p.exitValue(), out);
      assertFalse(out.contains("\tat ") || out.contains("Exception"), "stack trace after SIGINT " + when + ":\n"
          + out);
      assertTrue(out.contains("error: interrupted (SIGINT/SIGTERM) before training started; nothing was kept"), out);
      assertFalse(Files.exists(run), "run directory left after SIGINT " + when + ": " + CliRunner.list(run));
    }
  }
}
