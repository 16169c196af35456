package io.sparkmomentum.ml;

import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.TrainingData;
import io.sparkmomentum.eval.Evaluation;
import io.sparkmomentum.io.CheckpointStore;
import io.sparkmomentum.model.BlockMetrics;
import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ModelSpec;
import io.sparkmomentum.train.MiniBatchPlan;
import io.sparkmomentum.train.PartitionBlock;
import io.sparkmomentum.train.RoundResult;
import io.sparkmomentum.train.StopReason;
import io.sparkmomentum.train.StoreCheckpointer;
import io.sparkmomentum.train.Trainer;
import io.sparkmomentum.train.TrainerState;
import io.sparkmomentum.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every estimator's fit shares once its data is in blocks: the model built and initialised by its spec from
 * the config and the seed, then trained by the {@code train} command's {@link Trainer} (so the same blocks and
 * settings give the CLI's bits), with the held-out blocks evaluated every epoch and, when the SparkContext has a
 * checkpoint directory, a training checkpoint every {@code checkpointInterval} epochs that a divergence rolls back
 * to with half the rate (deleted after the fit).
 */
final class FitRun {
  private static final Logger LOG = LoggerFactory.getLogger(FitRun.class);

  private FitRun() {}

  /** The trained model, its weights, and what the fit did. */
  record Outcome<D>(Model<D> model, double[] weights, MomentumTrainingSummary summary) {}

  /**
   * @param checkpointInterval epochs between training checkpoints, or -1
   * @param owner              the estimator, for the log and the checkpoint directory's name
   */
  static <D> Outcome<D> train(JavaSparkContext sc, ModelSpec<D> spec, ModelConfig mc, OptimizerConfig opt,
      TrainerConfig tc, TrainingData<D> data, int checkpointInterval, int partitions, String owner) {
    DataSchema schema = data.schema();
    Model<D> model = spec.build(mc, schema);
    JavaRDD<PartitionBlock<D>> blocks = data.trainBlocks();
    long rpe = new MiniBatchPlan(blocks.map(b -> (long) model.numExamples(b.data())).collect().stream()
        .mapToLong(Long::longValue).toArray(), tc.batchSize(), tc.seed()).roundsPerEpoch();
    Path checkpoints = null;
    if (checkpointInterval > 0 && sc.getCheckpointDir().isPresent()) {
      checkpoints = new Path(sc.getCheckpointDir().get(), owner.toLowerCase(java.util.Locale.ROOT) + "-"
          + UUID.randomUUID());
      tc = withCheckpoints(tc, Math.multiplyExact(rpe, checkpointInterval));
    }
    try {
      RoundLog log = new RoundLog();
      Trainer<D> trainer = new Trainer<>(sc, model, opt, tc).listener(log);
      JavaRDD<PartitionBlock<D>> test = data.testBlocks();
      if (test != null) {
        BlockMetrics<D> metrics = spec.metrics(model, mc, schema);
        trainer.evaluator(w -> Evaluation.evaluate(sc, metrics, w, test));
      }
      if (checkpoints != null) {
        CheckpointStore store = new CheckpointStore(checkpoints.toString(), sc.hadoopConfiguration(),
            tc.keepCheckpoints());
        trainer.checkpointer(new StoreCheckpointer(store, "{}", Map.of("partitions", partitions)));
      }
      TrainerState start = Trainer.initialState(spec.initialParameters(model, mc, schema, tc.seed()));
      Trainer.Result r = trainer.fit(blocks, start);
      if (r.stopReason() == StopReason.DIVERGED) LOG.warn("{}: {}; the model keeps the last good weights", owner,
          r.message());
      return new Outcome<>(model, r.state().weights(), new MomentumTrainingSummary(log.rounds, r.stopReason(),
          r.message(), rpe));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (checkpoints != null) deleteQuietly(sc, checkpoints);
    }
  }

  /** {@code tc} writing a checkpoint every {@code rounds} rounds and rolling back to it on a divergence. */
  private static TrainerConfig withCheckpoints(TrainerConfig tc, long rounds) {
    return new TrainerConfig(tc.epochs(), tc.batchSize(), tc.partitions(), tc.seed(), tc.evalEvery(), tc.treeDepth(),
        (int) Math.min(Integer.MAX_VALUE, rounds), tc.keepCheckpoints(), TrainerConfig.OnDivergence.ROLLBACK,
        tc.divergenceFactor(), tc.maxRollbacks(), tc.logEvery(), tc.broadcast(), tc.transferPrecision());
  }

  private static void deleteQuietly(JavaSparkContext sc, Path dir) {
    try {
      FileSystem fs = dir.getFileSystem(sc.hadoopConfiguration());
      fs.delete(dir, true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not delete the training checkpoints in {}: {}", dir, e.toString());
    }
  }

  /** Every round once: rounds trained again after a rollback replace the ones they repeat. */
  private static final class RoundLog implements TrainingListener {
    private final List<RoundResult> rounds = new ArrayList<>();

    @Override
    public void onRound(RoundResult r, TrainerState state) {
      while (!rounds.isEmpty() && rounds.get(rounds.size() - 1).round() >= r.round()) {
        rounds.remove(rounds.size() - 1);
      }
      rounds.add(r);
    }
  }
}
