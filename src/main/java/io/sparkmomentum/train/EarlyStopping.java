package io.sparkmomentum.train;

import io.sparkmomentum.config.EarlyStoppingConfig;
import java.util.Map;

/**
 * Decides when a run stops before its last epoch ({@code trainer.early_stopping}), and remembers the best weights:
 * <ul>
 *   <li><b>early stopping</b> (Prechelt 1998, "Early stopping — but when?"): after each validation evaluation, the
 *       watched metric improves when it beats the best so far by more than {@code min_delta}; after
 *       {@code patience} evaluations without an improvement the run stops as {@link StopReason#EARLY_STOPPED} and the
 *       weights of the best evaluation are restored;</li>
 *   <li><b>convergence</b>: when an epoch's mean training loss {@code L_e} satisfies
 *       {@code |L_e − L_{e−1}| ≤ tolerance·|L_{e−1}|}, the run stops as {@link StopReason#CONVERGED}.</li>
 * </ul>
 * Its memory is part of the run's state ({@link TrainerState.Early}), checkpointed with it, so a resumed run stops
 * where the uninterrupted one would.
 */
final class EarlyStopping {
  private final EarlyStoppingConfig config;
  private String metric;
  private boolean higherIsBetter;
  private TrainerState.Early memory;
  private double epochLossSum;
  private long epochLossCount;

  /**
   * @param metric the watched validation metric's name; {@code auto}: the first metric the model reports
   * @param start the memory of a resumed run, or null
   */
  EarlyStopping(EarlyStoppingConfig config, String metric, TrainerState.Early start) {
    this.config = config;
    this.metric = metric;
    this.higherIsBetter = EarlyStoppingConfig.higherIsBetter(metric);
    this.memory = start != null ? start : TrainerState.Early.fresh();
  }

  boolean watchesValidation() {
    return config.watchesValidation();
  }

  String metric() {
    return metric;
  }

  TrainerState.Early memory() {
    return memory;
  }

  /**
   * After a validation evaluation at the end of {@code epoch}: whether the patience has run out. Keeps a copy of
   * {@code weights} when they are the best so far.
   */
  boolean validated(Map<String, Double> validation, long round, long epoch, double[] weights) {
    if (!config.watchesValidation()) return false;
    if (metric.equals("auto") && !validation.isEmpty()) {
      metric = validation.keySet().iterator().next();
      higherIsBetter = EarlyStoppingConfig.higherIsBetter(metric);
    }
    Double v = validation.get(metric);
    if (v == null) {
      throw new IllegalArgumentException("trainer.early_stopping.metric = " + metric + " is not a validation metric "
          + "of this model; it has " + validation.keySet());
    }
    double sign = higherIsBetter ? 1 : -1;
    boolean better = memory.bestRound() < 0 || (!Double.isNaN(v) && sign * (v - memory.bestValue()) > config.minDelta());
    if (better && !Double.isNaN(v)) {
      memory = new TrainerState.Early(v, round, epoch, 0, weights.clone(), memory.lastEpochLoss());
    } else {
      memory = new TrainerState.Early(memory.bestValue(), memory.bestRound(), memory.bestEpoch(),
          memory.badEvaluations() + 1, memory.bestWeights(), memory.lastEpochLoss());
    }
    return memory.badEvaluations() >= config.patience();
  }

  /** After each healthy round: whether the epoch it ends has converged ({@code tolerance}). */
  boolean roundDone(double loss, boolean epochEnd) {
    epochLossSum += loss;
    epochLossCount++;
    if (!epochEnd) return false;
    double mean = epochLossSum / epochLossCount;
    epochLossSum = 0;
    epochLossCount = 0;
    double previous = memory.lastEpochLoss();
    memory = new TrainerState.Early(memory.bestValue(), memory.bestRound(), memory.bestEpoch(),
        memory.badEvaluations(), memory.bestWeights(), mean);
    return config.tolerance() > 0 && !Double.isNaN(previous)
        && Math.abs(mean - previous) <= config.tolerance() * Math.abs(previous);
  }

  /** The best weights seen, or null when no validation evaluation was kept. */
  double[] bestWeights() {
    return memory.bestWeights();
  }
}
