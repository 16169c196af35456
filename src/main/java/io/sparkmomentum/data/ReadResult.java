package io.sparkmomentum.data;

import java.util.List;
import java.util.Objects;

/**
 * What {@link RatingsReader#read} produced.
 *
 * @param ratings         the accepted ratings, in file order
 * @param linesRead       physical lines read over all files (header and blank lines included)
 * @param skipped         bad lines skipped ({@link OnBadRecord#SKIP} only; 0 otherwise)
 * @param skippedExamples the first {@value #MAX_EXAMPLES} skipped lines, each {@code "file:line: reason; text: ..."}
 * @param unknownUsers    ratings whose user id was not in the index ({@code growIndex=false}); their user is -1
 * @param unknownItems    ratings whose item id was not in the index ({@code growIndex=false}); their item is -1
 */
public record ReadResult(Ratings ratings, long linesRead, long skipped, List<String> skippedExamples,
                         long unknownUsers, long unknownItems) {

  /** How many skipped lines are kept as examples. */
  public static final int MAX_EXAMPLES = 5;

  /** Copies the example list (immutable). */
  public ReadResult {
    Objects.requireNonNull(ratings, "ratings");
    skippedExamples = List.copyOf(skippedExamples);
  }

  /** A one-line summary for logs. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(ratings.size).append(" ratings from ").append(linesRead).append(" lines");
    if (skipped > 0) {
      sb.append(", ").append(skipped).append(" bad lines skipped (first: ").append(skippedExamples.get(0)).append(')');
    }
    if (unknownUsers > 0 || unknownItems > 0) {
      sb.append(", ").append(unknownUsers).append(" with unknown user, ").append(unknownItems).append(" with unknown item");
    }
    return sb.toString();
  }
}
