package io.sparkmomentum.train;

import java.io.Serializable;

/** Where a task reads the round's weights from: a Spark broadcast in the trainer, a plain array in local tests. */
@FunctionalInterface
public interface Weights extends Serializable {
  double[] get();
}
