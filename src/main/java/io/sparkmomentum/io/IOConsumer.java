package io.sparkmomentum.io;

import java.io.IOException;

/** A consumer that may throw {@link IOException}. */
@FunctionalInterface
public interface IOConsumer<T> {
  void accept(T value) throws IOException;
}
