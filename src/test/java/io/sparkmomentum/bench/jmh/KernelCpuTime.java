package io.sparkmomentum.bench.jmh;

import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.model.Selection;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The MF kernel's full-batch pass over {@link StorageOrderBenchmark}'s realistic block, timed in the thread's CPU
 * time as well as wall time: on a shared machine (load above the core count) a wall-clock rate measures the
 * scheduler, a CPU-time rate the kernel (cache sharing with other processes still slows it). The kernel before and
 * after issue 16's work ({@link io.sparkmomentum.model.MatrixFactorization#addLossGradientPerExample}) alternate,
 * pass by pass.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/jmh/classpath.txt)
 * io.sparkmomentum.bench.jmh.KernelCpuTime [SHAPE [RATINGS [PASSES [TILE [SLICE]]]]]} (after {@code jobs/jmh.sh}
 * has built the classpath); prints the median ratings per CPU-second and per wall-second of each kernel. TILE: the
 * item tile of a third variant visited in an order pre-tiled outside the kernel; SLICE &gt; 0: every pass is the
 * block in shuffled mini-batch slices of that size (the third variant then repeats the second).
 */
public final class KernelCpuTime {
  private KernelCpuTime() {}

  public static void main(String[] args) throws Exception {
    StorageOrderBenchmark b = new StorageOrderBenchmark();
    b.shape = args.length > 0 ? args[0] : "100000x20000";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : StorageOrderBenchmark.N;
    int passes = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    int tile = args.length > 3 ? Integer.parseInt(args[3]) : 2048;
    int slice = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    b.setup(n);
    int[] tiled = tiledOrder(b.data, tile);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    String[] names = {"before", "after", "tiled" + tile};
    int nv = names.length;
    double[][] cpu = new double[nv][passes];
    double[][] wall = new double[nv][passes];
    double[] loss = new double[nv];
    for (int p = -3; p < passes; p++) { // 3 warm-up passes of each
      for (int v = 0; v < nv; v++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        if (slice > 0) { // shuffled mini-batch slices of the epoch permutation, cleared after each
          loss[v] = 0;
          for (int from = 0; from + slice <= n; from += slice) {
            Selection s = Selection.of(b.shuffled, from, from + slice);
            loss[v] += v == 0 ? b.mf.addLossGradientPerExample(b.w, b.data, s, b.buf)
                : b.mf.addLossGradient(b.w, b.data, s, b.buf);
            b.buf.clear();
          }
        } else {
          loss[v] = v == 0 ? b.mf.addLossGradientPerExample(b.w, b.data, Selection.all(n), b.buf)
              : b.mf.addLossGradient(b.w, b.data, v == 1 ? Selection.all(n) : Selection.of(tiled, 0, n), b.buf);
          b.buf.clear();
        }
        long t1 = System.nanoTime();
        long c1 = mx.getCurrentThreadCpuTime();
        if (p >= 0) {
          cpu[v][p] = n / ((c1 - c0) / 1e9);
          wall[v][p] = n / ((t1 - t0) / 1e9);
        }
      }
    }
    System.out.printf(Locale.ROOT, "shape %s, %d ratings, %d passes; loss before %.10g after %.10g tiled %.10g%n",
        b.shape, n, passes, loss[0], loss[1], loss[2]);
    for (int v = 0; v < nv; v++) {
      System.out.printf(Locale.ROOT, "%-7s median %.2fM ratings/CPU-s (min %.2fM, max %.2fM), %.2fM ratings/wall-s%n",
          names[v], median(cpu[v]) / 1e6, min(cpu[v]) / 1e6, max(cpu[v]) / 1e6, median(wall[v]) / 1e6);
    }
  }

  /** The block's examples by item tile ({@code item / tile}), then storage order (user, item) within a tile. */
  static int[] tiledOrder(io.sparkmomentum.model.RatingColumns data, int tile) {
    int[] is = data.items();
    int tiles = 0;
    for (int i : is) tiles = Math.max(tiles, i / tile + 1);
    int[] start = new int[tiles + 1];
    for (int i : is) start[i / tile + 1]++;
    for (int t = 0; t < tiles; t++) start[t + 1] += start[t];
    int[] order = new int[is.length];
    for (int x = 0; x < is.length; x++) order[start[is[x] / tile]++] = x;
    return order;
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double min(double[] a) {
    return Arrays.stream(a).min().orElse(Double.NaN);
  }

  private static double max(double[] a) {
    return Arrays.stream(a).max().orElse(Double.NaN);
  }
}
