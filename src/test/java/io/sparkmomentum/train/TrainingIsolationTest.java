package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkmomentum.testing.SparkTestSession;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 2: executor-side caches ({@link RowBroadcast}'s dense views, {@link BufferCache},
 * {@link EpochOrders}) never carry state from one training into another: trainings one after another in new
 * {@code SparkContext}s of one JVM (whose broadcast ids start again at 0), and trainings at the same time in one
 * {@code SparkContext}, give the same bits as each training alone.
 */
class TrainingIsolationTest {
  @TempDir
  Path tmp;

  /** Runs {@link IsolatedTraining#main} in a new JVM: one new SparkContext per named training, in order. */
  Path inNewJvm(String dir, String... trainings) throws Exception {
    Path out = tmp.resolve(dir);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    String opens = System.getProperty("spark.jvm.opens", "");
    cmd.addAll(Arrays.stream(opens.split("\\s+")).filter(s -> !s.isBlank()).toList());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(IsolatedTraining.class.getName());
    cmd.add(out.toString());
    cmd.addAll(List.of(trainings));
    Path log = tmp.resolve(dir + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.directory(new File(System.getProperty("project.basedir", ".")));
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not finish in 300 s: " + Files.readString(log));
    }
    assertEquals(0, p.exitValue(), Files.readString(log));
    return out;
  }

  @Test
  void twoSparkContextsInSequenceGiveTheBitsOfEachTrainingAlone() throws Exception {
    // each training runs alone as the first of its JVM, and second after the other in a new SparkContext
    Path shortFirst = inNewJvm("short-long", "short", "long");
    Path longFirst = inNewJvm("long-short", "long", "short");
    assertArrayEquals(Files.readAllBytes(longFirst.resolve("long.bin")),
        Files.readAllBytes(shortFirst.resolve("long.bin")), "long trained after short differs from long alone");
    assertArrayEquals(Files.readAllBytes(shortFirst.resolve("short.bin")),
        Files.readAllBytes(longFirst.resolve("short.bin")), "short trained after long differs from short alone");
  }

  @Test
  void threeTrainingsAtOnceInOneSparkContextGiveTheBitsOfEachAlone() throws Exception {
    var sc = SparkTestSession.sc();
    String[] names = {"c", "d", "e"};
    List<double[]> alone = new ArrayList<>();
    for (String n : names) alone.add(IsolatedTraining.train(sc, n));
    ExecutorService pool = Executors.newFixedThreadPool(names.length);
    try {
      for (int trial = 0; trial < 3; trial++) {
        List<Future<double[]>> together = new ArrayList<>();
        for (String n : names) together.add(pool.submit(() -> IsolatedTraining.train(sc, n, true)));
        for (int k = 0; k < names.length; k++) {
          assertArrayEquals(alone.get(k), together.get(k).get(300, TimeUnit.SECONDS), 0.0, "training "
              + names[k] + " run together with the others (trial " + trial + ") differs from it alone");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
