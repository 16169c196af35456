package io.sparkmomentum.cli;

import java.util.Locale;

/**
 * Refuses, before the run directory is touched, a model that cannot fit in the driver's heap. Biased MF has
 * {@code P = (users + items) · (rank + 1)} parameters, plus the global mean; a feature model has the parameters of
 * its layout (e.g. an MLP {@code Σ (in + 1) · out} over its layers). The driver holds at least
 * {@value #DRIVER_COPIES} dense {@code double[P]} at once during a round: the weights, the momentum buffer, the
 * aggregated gradient and the broadcast of the weights. In local mode the executors share that heap, and each task
 * thread adds its gradient buffer of {@code P} doubles. This is a lower bound: a model
 * refused here would certainly die with {@link OutOfMemoryError} later, after reading all the data.
 */
final class MemoryEstimate {
  static final int DRIVER_COPIES = 4;

  private MemoryEstimate() {}

  /** Bytes of the arrays described above. */
  static double bytes(long users, long items, int rank, int localThreads) {
    return bytes((double) (users + items) * (rank + 1.0) + 1, localThreads);
  }

  private static double bytes(double params, int localThreads) {
    return params * 8.0 * (DRIVER_COPIES + (double) localThreads);
  }

  /**
   * A model of {@code params} parameters, described by {@code what} (e.g. {@code model.type mlp with 784 features}).
   *
   * @throws Main.UserError (exit 2) with a hint when the estimate exceeds {@code maxHeap}
   */
  static void check(double params, String what, int localThreads, long maxHeap) {
    double need = bytes(params, localThreads);
    if (need > maxHeap) {
      throw new Main.UserError(String.format(Locale.ROOT, "%s needs at least %s of heap (%d copies of %.3g "
          + "parameters), but the driver has %s; choose a smaller model, or raise the heap: SPARK_MOMENTUM_HEAP=%s "
          + "for jobs/*.sh, --driver-memory / spark.driver.memory with spark-submit", what, human(need),
          DRIVER_COPIES + localThreads, params, human(maxHeap), suggest(need)), Main.EXIT_CONFIG);
    }
  }

  /**
   * @param localThreads executor threads inside this JVM (local mode), 0 on a cluster
   * @throws Main.UserError (exit 2) with a hint when the estimate exceeds {@code maxHeap}
   */
  static void check(long users, long items, int rank, int localThreads, long maxHeap) {
    double need = bytes(users, items, rank, localThreads);
    if (need > maxHeap) {
      throw new Main.UserError(String.format(Locale.ROOT, "model.rank = %d with %d users and %d items needs at least "
          + "%s of heap (%d copies of %.3g parameters), but the driver has %s; lower model.rank, or raise the heap: "
          + "SPARK_MOMENTUM_HEAP=%s for jobs/*.sh, --driver-memory / spark.driver.memory with spark-submit", rank,
          users, items, human(need), DRIVER_COPIES + localThreads, need / 8 / (DRIVER_COPIES + (double) localThreads),
          human(maxHeap), suggest(need)), Main.EXIT_CONFIG);
    }
  }

  /** The number of task threads of a {@code local[N]} / {@code local[*]} master, 0 for any other. */
  static int localThreads(String master) {
    if (master == null) return 0;
    if (master.equals("local")) return 1;
    var m = java.util.regex.Pattern.compile("local\\[(\\*|\\d+)(,\\d+)?]").matcher(master);
    if (!m.matches()) return 0;
    return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
  }

  static String human(double bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (bytes >= 1024 && u < units.length - 1) {
      bytes /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", bytes, units[u]);
  }

  private static String suggest(double need) {
    long g = (long) Math.ceil(need * 1.5 / (1L << 30));
    return Math.max(1, g) + "g";
  }
}
