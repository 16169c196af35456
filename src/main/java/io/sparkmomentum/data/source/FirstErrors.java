package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;

/**
 * Turns a split's bad-input failure into a chunk that carries it ({@link ReadReport#error()}), instead of a failed
 * task. Spark would report whichever task failed first (and retry it for nothing: bad input stays bad); the driver
 * instead merges the reports in split order and throws the earliest split's error, so a file with several bad lines
 * always names the first one.
 */
final class FirstErrors {
  private FirstErrors() {}

  static <T> JavaRDD<T> deferred(JavaRDD<T> chunks, SerializableFailure<T> failed) {
    return chunks.mapPartitionsWithIndex(new Catch<>(failed), true);
  }

  /** Makes the chunk of a failed split. */
  interface SerializableFailure<T> extends BiFunction<Integer, BadInputException, T>, java.io.Serializable {}

  private record Catch<T>(SerializableFailure<T> failed) implements Function2<Integer, Iterator<T>, Iterator<T>> {
    @Override
    public Iterator<T> call(Integer split, Iterator<T> it) {
      List<T> out = new ArrayList<>();
      try {
        while (it.hasNext()) out.add(it.next());
      } catch (BadInputException e) {
        return List.of(failed.apply(split, e)).iterator();
      }
      return out.iterator();
    }
  }
}
