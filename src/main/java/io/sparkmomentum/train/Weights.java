package io.sparkmomentum.train;

import java.io.Serializable;

/** Where a task reads the round's weights from: a Spark broadcast in the trainer, a plain array in local tests. */
@FunctionalInterface
public interface Weights extends Serializable {
  double[] get();

  /** The weights of a broadcast, read on the executor (the broadcast is shipped, never the array). */
  static Weights of(org.apache.spark.broadcast.Broadcast<double[]> bc) {
    return new FromBroadcast(bc);
  }

  /** A named class, not a lambda: nothing for Spark's closure cleaner to analyse per round. */
  final class FromBroadcast implements Weights {
    private static final long serialVersionUID = 1L;
    private final org.apache.spark.broadcast.Broadcast<double[]> bc;

    FromBroadcast(org.apache.spark.broadcast.Broadcast<double[]> bc) {
      this.bc = bc;
    }

    @Override
    public double[] get() {
      return bc.value();
    }
  }
}
