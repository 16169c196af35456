package io.sparkmomentum.train;

import java.util.Map;

/**
 * What one round did, as the driver logs it to {@code metrics.jsonl}.
 *
 * @param round global round index (0-based)
 * @param epoch epoch of the round (0-based)
 * @param loss mean loss of the round's mini-batch (before the step)
 * @param gradNorm L2 norm of the step's averaged gradient before clipping; NaN when no step was taken this round
 * @param lr the learning rate of the step; NaN when no step was taken (accumulating)
 * @param count examples in the round's mini-batch
 * @param stepped whether this round completed an accumulation cycle and took an optimizer step
 * @param timings milliseconds of broadcast, compute (slowest partition), aggregate (rest of treeAggregate) and
 *     update, and the bytes of gradient payload sent by the partitions
 * @param seconds wall-clock seconds since training started
 * @param evaluation test metrics when the run evaluated after this round, else empty
 * @param validation validation metrics when the run validated after this round, else empty
 */
public record RoundResult(long round, long epoch, double loss, double gradNorm, double lr, long count, boolean stepped,
    Timings timings, double seconds, Map<String, Double> evaluation, Map<String, Double> validation) {

  public RoundResult(long round, long epoch, double loss, double gradNorm, double lr, long count, boolean stepped,
      Timings timings, double seconds, Map<String, Double> evaluation) {
    this(round, epoch, loss, gradNorm, lr, count, stepped, timings, seconds, evaluation, Map.of());
  }

  /** This round with its validation metrics, kept in their order. */
  public RoundResult withValidation(Map<String, Double> metrics) {
    return new RoundResult(round, epoch, loss, gradNorm, lr, count, stepped, timings, seconds, evaluation,
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics)));
  }

  /** Per-round cost breakdown. */
  public record Timings(double broadcastMs, double computeMs, double aggregateMs, double updateMs,
      long bytesAggregated) {}

  /** This round with its test metrics, kept in their order (so that the files list them in a fixed order). */
  public RoundResult withEvaluation(Map<String, Double> metrics) {
    return new RoundResult(round, epoch, loss, gradNorm, lr, count, stepped, timings, seconds,
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics)), validation);
  }
}
