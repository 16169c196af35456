package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.hadoop.fs.FSError;
import org.junit.jupiter.api.Test;

/**
 * Environment failures in one line: a full disk (Hadoop's local file system throws {@link FSError}, an Error that
 * escaped uncaught before), running out of heap; and the memory estimate that refuses before Spark starts.
 */
class RunFailuresTest {
  @Test
  void aFullDiskIsOneLineWithWhatToDo() throws Exception {
    var ctor = FSError.class.getDeclaredConstructor(Throwable.class); // package-private: only Hadoop throws it
    ctor.setAccessible(true);
    Throwable full = ctor.newInstance(new IOException("No space left on device"));
    RuntimeException e = RunFailures.explain(full, "runs/x");
    Main.UserError u = (Main.UserError) e;
    assertEquals(Main.EXIT_DATA, u.exitCode());
    assertTrue(u.getMessage().startsWith("no space left on device while writing runs/x (java.io.IOException: No space left on device);"
        + " free some space or choose another --output, then continue with --resume"), u.getMessage());
  }

  @Test
  void outOfMemoryIsOneLineWithTheHint() {
    Main.UserError u = (Main.UserError) RunFailures.explain(new OutOfMemoryError("Java heap space"), "runs/x");
    assertTrue(u.getMessage().contains("out of memory (Java heap space); raise the heap (SPARK_MOMENTUM_HEAP"),
        u.getMessage());
  }

  @Test
  void otherFailuresPassThrough() {
    IllegalStateException bug = new IllegalStateException("a bug");
    assertSame(bug, RunFailures.explain(bug, "runs/x"));
    assertThrows(StackOverflowError.class, () -> RunFailures.explain(new StackOverflowError(), "runs/x"));
  }

  /** issue 10: rank 4096 with 250k ids died with OutOfMemoryError after reading the data. */
  @Test
  void theMemoryEstimateRefusesWhatCannotFit() {
    Main.UserError u = assertThrows(Main.UserError.class, () -> MemoryEstimate.check(150_000, 100_000, 4096, 2,
        4L << 30));
    assertEquals(Main.EXIT_CONFIG, u.exitCode());
    assertTrue(u.getMessage().startsWith("model.rank = 4096 with 150000 users and 100000 items needs at least "
        + "45.8 GiB of heap (6 copies of 1.02e+09 parameters), but the driver has 4.0 GiB"), u.getMessage());
    MemoryEstimate.check(162_541, 59_047, 128, 8, 4L << 30); // ML-25M at rank 128 on 8 local cores fits in 4g
    assertEquals(2, MemoryEstimate.localThreads("local[2]"));
    assertEquals(1, MemoryEstimate.localThreads("local"));
    assertEquals(3, MemoryEstimate.localThreads("local[3,2]"));
    assertEquals(0, MemoryEstimate.localThreads("spark://h:7077"));
  }
}
