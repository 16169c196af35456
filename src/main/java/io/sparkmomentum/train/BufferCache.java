package io.sparkmomentum.train;

import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.ParameterLayout;

/**
 * Reuses one {@link GradientBuffer} per executor thread across rounds, so that a round does not allocate and zero
 * a model-sized array: buffers are returned cleared (only their touched rows are zeroed).
 *
 * <p>Invariant: a buffer in the cache is all zeros. {@link GradientAggregator#add} releases a buffer only after a
 * kernel that returned normally (every value it wrote is then in a touched row, which {@link GradientBuffer#clear()}
 * zeroes) and drops the buffer of a kernel that threw. A zero buffer of a given layout is the same for every
 * training, so sharing it between trainings, one after another or at the same time on one JVM, cannot change a bit
 * (a thread runs one task at a time, and a borrowed buffer is out of the cache until it is released). Memory: one
 * buffer per task thread; Spark's task threads end when idle, and their buffers with them.
 */
final class BufferCache {
  private static final ThreadLocal<GradientBuffer> CACHE = new ThreadLocal<>();

  private BufferCache() {}

  static GradientBuffer borrow(ParameterLayout layout) {
    GradientBuffer b = CACHE.get();
    if (b != null && b.layout().equals(layout)) {
      CACHE.remove();
      return b;
    }
    return new GradientBuffer(layout);
  }

  static void release(GradientBuffer b) {
    CACHE.set(b);
  }
}
