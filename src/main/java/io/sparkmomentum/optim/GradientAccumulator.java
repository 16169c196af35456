package io.sparkmomentum.optim;

/**
 * Averages the mean gradients (and losses) of k consecutive rounds into one optimizer step, as gradient
 * accumulation in PyTorch does: the step's gradient is {@code (1/k) Σ_j ḡ_j}, with ḡ_j the mean gradient of round j.
 * Its state (the running sum and count) is part of a checkpoint, so a run stopped mid-cycle resumes exactly.
 */
public final class GradientAccumulator {
  private final int steps;
  private final double[] sum;
  private double lossSum;
  private int count;

  public GradientAccumulator(int accumulationSteps, int numParams) {
    if (accumulationSteps < 1) throw new IllegalArgumentException("accumulation steps must be >= 1");
    this.steps = accumulationSteps;
    this.sum = new double[numParams];
  }

  /** Adds one round's mean gradient and mean loss. Returns true when k rounds are in and a step is due. */
  public boolean add(double[] meanGradient, double meanLoss) {
    if (count == steps) throw new IllegalStateException("accumulator is full: take() it first");
    for (int j = 0; j < sum.length; j++) sum[j] += meanGradient[j];
    lossSum += meanLoss;
    return ++count == steps;
  }

  /** The averaged gradient of the full cycle, written into {@code out}; returns the averaged loss and resets. */
  public double take(double[] out) {
    if (count != steps) throw new IllegalStateException("only " + count + " of " + steps + " rounds accumulated");
    if (steps == 1) {
      System.arraycopy(sum, 0, out, 0, sum.length);
    } else {
      for (int j = 0; j < sum.length; j++) out[j] = sum[j] / steps;
    }
    double loss = steps == 1 ? lossSum : lossSum / steps;
    java.util.Arrays.fill(sum, 0);
    lossSum = 0;
    count = 0;
    return loss;
  }

  public int count() {
    return count;
  }

  public int steps() {
    return steps;
  }

  /** State for checkpoints: the running gradient sum, loss sum and count. */
  public record State(double[] sum, double lossSum, int count) {}

  public State state() {
    return new State(sum.clone(), lossSum, count);
  }

  public void restore(State s) {
    if (s.sum().length != sum.length) throw new IllegalArgumentException("accumulator size mismatch");
    System.arraycopy(s.sum(), 0, sum, 0, sum.length);
    lossSum = s.lossSum();
    count = s.count();
  }
}
