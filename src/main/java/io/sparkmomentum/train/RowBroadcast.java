package io.sparkmomentum.train;

import io.sparkmomentum.model.ParameterLayout;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.broadcast.Broadcast;

/**
 * A round's broadcast that carries only the parameter rows the round reads ({@code trainer.broadcast = auto}).
 *
 * <p>Every partition reports, with its gradient, the rows its part of the next round reads
 * ({@link GradientAggregator#reportingNextRows}); the driver packs just those rows, as maximal runs of consecutive
 * values, and broadcasts them. On an executor, {@link #get} scatters them into a dense array that has the full
 * parameter length. The other entries of that array are left over from earlier rounds and are never read: a task
 * reads only the rows of its own part of the round, which are all in the broadcast. A task therefore computes
 * from exactly the values a full broadcast would give it, and the model is the same bit for bit; the broadcast
 * (serialised on the driver, shipped to every executor on a cluster) shrinks from all parameters to the rows in
 * use, which is what makes a round cost what its mini-batch costs when the model is large.
 *
 * <p>One dense array per executor JVM serves all tasks of a round (scattered once, by the first task that asks),
 * and the next round of the same training refills it, so a round allocates nothing. The arrays are keyed by
 * training and broadcast id and never pass from one training to another ({@link ExecutorCaches}).
 */
final class RowBroadcast implements Weights {
  private static final long serialVersionUID = 1L;

  /** Runs {@code [starts[k], starts[k] + lengths[k])} of a vector of {@code size} values, and their values. */
  record Runs(int size, int[] starts, int[] lengths, double[] values, float[] floats) implements Serializable {
    /** Packs {@code rows} (sorted) of {@code w}, merging rows that are adjacent in memory. */
    static Runs pack(double[] w, int[] rows, ParameterLayout layout) {
      return pack(w, rows, layout, false);
    }

    /** The same, rounded to float32 when {@code narrow} ({@code trainer.transfer_precision = float}). */
    static Runs pack(double[] w, int[] rows, ParameterLayout layout, boolean narrow) {
      int[] starts = new int[rows.length];
      int[] lengths = new int[rows.length];
      int runs = 0;
      int total = 0;
      for (int r : rows) {
        int off = layout.rowOffset(r);
        int width = layout.rowWidth(r);
        if (runs > 0 && starts[runs - 1] + lengths[runs - 1] == off) {
          lengths[runs - 1] += width;
        } else {
          starts[runs] = off;
          lengths[runs++] = width;
        }
        total += width;
      }
      int[] s = Arrays.copyOf(starts, runs);
      int[] l = Arrays.copyOf(lengths, runs);
      if (narrow) {
        float[] floats = new float[total];
        int k = 0;
        for (int j = 0; j < runs; j++) {
          for (int i = 0; i < l[j]; i++) floats[k++] = (float) w[s[j] + i];
        }
        return new Runs(w.length, s, l, null, floats);
      }
      double[] values = new double[total];
      int k = 0;
      for (int j = 0; j < runs; j++) {
        System.arraycopy(w, s[j], values, k, l[j]);
        k += l[j];
      }
      return new Runs(w.length, s, l, values, null);
    }

    void scatterInto(double[] dense) {
      int k = 0;
      for (int j = 0; j < starts.length; j++) {
        if (values != null) {
          System.arraycopy(values, k, dense, starts[j], lengths[j]);
        } else {
          for (int i = 0; i < lengths[j]; i++) dense[starts[j] + i] = floats[k + i];
        }
        k += lengths[j];
      }
    }
  }

  /** Number of values of {@code rows} in {@code layout}. */
  static long width(int[] rows, ParameterLayout layout) {
    long w = 0;
    for (int r : rows) w += layout.rowWidth(r);
    return w;
  }

  private final Broadcast<Runs> bc;
  private final ExecutorCaches.Training training;

  RowBroadcast(Broadcast<Runs> bc, ExecutorCaches.Training training) {
    this.bc = bc;
    this.training = training;
  }

  /** The executor JVM's dense view of this broadcast, shared by the tasks of the round ({@link ExecutorCaches}). */
  @Override
  public double[] get() {
    return ExecutorCaches.denseView(training, bc.id(), bc::value);
  }
}
