package io.sparkmomentum.config;


/**
 * How the Spark loop runs.
 *
 * @param epochs passes over the training data
 * @param batchSize global mini-batch size; {@code 0} means full batch (the config value {@code full})
 * @param partitions number of partitions of the cached training data; {@code 0}: Spark's default parallelism
 * @param seed seeds the initialisation and every epoch's order
 * @param evalEvery evaluate on the test set every this many epochs ({@code 0}: only at the end)
 * @param treeDepth {@code treeAggregate} depth; {@code 0}: chosen from the payload size
 * @param checkpointEvery write a checkpoint every this many rounds ({@code 0}: never)
 * @param keepCheckpoints how many checkpoints to keep
 * @param onDivergence stop, or roll back to the last checkpoint with half the learning rate
 * @param divergenceFactor a step whose smoothed loss (an exponential moving average over about 50 steps) exceeds this
 *     factor × the minimum of its recent values counts as diverged; a NaN or infinite loss or gradient norm always
 *     does (see {@code train.DivergenceGuard})
 * @param maxRollbacks how many rollbacks before giving up
 * @param logEvery print a progress line every this many rounds ({@code 0}: once per epoch)
 * @param broadcast what the per-round broadcast carries (see {@link BroadcastMode})
 * @param transferPrecision the precision of the weights broadcast and gradients aggregated (see {@link Precision})
 */
public record TrainerConfig(int epochs, long batchSize, int partitions, long seed, int evalEvery, int treeDepth,
    int checkpointEvery, int keepCheckpoints, OnDivergence onDivergence, double divergenceFactor, int maxRollbacks,
    int logEvery, BroadcastMode broadcast, Precision transferPrecision) {

  /**
   * The precision of what crosses the network each round. The driver always keeps and updates the weights in double;
   * {@code FLOAT} rounds the broadcast weights and each partition's gradient to float32 on the way (half the bytes),
   * so the trajectory is no longer the exact one. The references are replayed with {@code DOUBLE}, the default.
   */
  public enum Precision {
    DOUBLE, FLOAT;

    public static Precision parse(String key, String s) {
      return Check.oneOf(key, s, Precision.class);
    }
  }

  /** What each round broadcasts. The weights a task reads are the same either way, so the result is too. */
  public enum BroadcastMode {
    /** The rows the round reads, when they are less than half of the parameters; else everything. */
    AUTO,
    /** Every parameter, every round. */
    FULL;

    public static BroadcastMode parse(String key, String s) {
      return Check.oneOf(key, s, BroadcastMode.class);
    }
  }

  public enum OnDivergence {
    STOP, ROLLBACK;

    public static OnDivergence parse(String key, String s) {
      return Check.oneOf(key, s, OnDivergence.class);
    }
  }

  public TrainerConfig {
    Check.atLeast("trainer.epochs", epochs, 1);
    Check.atLeast("trainer.batch_size", batchSize, 0L);
    Check.atLeast("trainer.partitions", partitions, 0);
    Check.atLeast("trainer.eval_every", evalEvery, 0);
    Check.atLeast("trainer.tree_depth", treeDepth, 0);
    Check.atLeast("trainer.checkpoint_every", checkpointEvery, 0);
    Check.atLeast("trainer.keep_checkpoints", keepCheckpoints, 1);
    if (!(divergenceFactor > 1)) throw new ConfigException("trainer.divergence_factor", divergenceFactor, "a number > 1");
    Check.atLeast("trainer.max_rollbacks", maxRollbacks, 0);
    Check.atLeast("trainer.log_every", logEvery, 0);
    if (onDivergence == null) onDivergence = OnDivergence.STOP;
    if (broadcast == null) broadcast = BroadcastMode.AUTO;
    if (transferPrecision == null) transferPrecision = Precision.DOUBLE;
    if (onDivergence == OnDivergence.ROLLBACK && checkpointEvery == 0) {
      throw new ConfigException("trainer.on_divergence", "rollback",
          "stop unless trainer.checkpoint_every > 0 (a rollback needs a checkpoint to return to)");
    }
  }

  /** This config with {@code epochs}. */
  public TrainerConfig withEpochs(int e) {
    return new TrainerConfig(e, batchSize, partitions, seed, evalEvery, treeDepth, checkpointEvery, keepCheckpoints,
        onDivergence, divergenceFactor, maxRollbacks, logEvery, broadcast, transferPrecision);
  }

  public boolean fullBatch() {
    return batchSize == 0;
  }

  /** Defaults for tests and programmatic use: full batch, one partition per core, no checkpoints. */
  public static TrainerConfig of(int epochs, long batchSize, int partitions, long seed) {
    return new TrainerConfig(epochs, batchSize, partitions, seed, 1, 0, 0, 3, OnDivergence.STOP, 10, 3, 0,
        BroadcastMode.AUTO, Precision.DOUBLE);
  }
}
