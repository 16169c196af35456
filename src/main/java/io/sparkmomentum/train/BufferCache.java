package io.sparkmomentum.train;

import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.ParameterLayout;

/**
 * Reuses one {@link GradientBuffer} per executor thread across rounds, so that a round does not allocate and zero
 * a model-sized array: buffers are returned cleared (only their touched rows are zeroed).
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
