package io.sparkmomentum.ml;

import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.config.ModelConfig;
import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.data.TrainingRatings;
import io.sparkmomentum.data.source.ColumnKeys;
import io.sparkmomentum.eval.Evaluation;
import io.sparkmomentum.io.CheckpointStore;
import io.sparkmomentum.model.BlockMetrics;
import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.MatrixFactorizationSpec;
import io.sparkmomentum.model.RatingColumns;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link MomentumMF} fit: the CLI's {@code train} without the run directory. The DataFrame is read into rating
 * blocks on the executors by the code that reads the CLI's Parquet input ({@link TrainingRatings#fromFrame}), the
 * model is built and initialised by the {@code mf} spec and trained by {@link Trainer#fit}: the same settings on
 * the same ratings give the CLI's bits.
 */
final class MfTraining {
  private static final Logger LOG = LoggerFactory.getLogger(MfTraining.class);
  /** How column messages name the settings. */
  static final ColumnKeys KEYS = new ColumnKeys("userCol", "itemCol", "ratingCol");

  private MfTraining() {}

  /**
   * The validated settings of a fit.
   *
   * @param checkpointInterval epochs between training checkpoints (in the SparkContext's checkpoint directory, if
   *     set; then a divergence rolls back to the last one with half the rate), or -1
   */
  record Settings(DataConfig data, ModelConfig model, OptimizerConfig optimizer, TrainerConfig trainer,
      int checkpointInterval) {}

  /** The fitted scorer and what the fit did. */
  record Fitted(MfScorer scorer, MomentumMFSummary summary) {}

  static Fitted fit(SparkSession spark, Dataset<Row> ratings, Settings s) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    TrainerConfig tc = s.trainer();
    int partitions = tc.partitions() > 0 ? tc.partitions() : sc.defaultParallelism();
    TrainingRatings data = TrainingRatings.fromFrame(spark, ratings, s.data(), KEYS, tc.seed(), partitions);
    Path checkpoints = null;
    try {
      MatrixFactorizationSpec spec = new MatrixFactorizationSpec();
      DataSchema schema = data.schema();
      MatrixFactorization mf = spec.build(s.model(), schema);
      double[] clamp = MatrixFactorizationSpec.clamp(s.model(), schema);
      JavaRDD<PartitionBlock<RatingColumns>> blocks = data.trainBlocks();
      long rpe = new MiniBatchPlan(blocks.map(b -> (long) b.data().size()).collect().stream()
          .mapToLong(Long::longValue).toArray(), tc.batchSize(), tc.seed()).roundsPerEpoch();
      if (s.checkpointInterval() > 0 && sc.getCheckpointDir().isPresent()) {
        checkpoints = new Path(sc.getCheckpointDir().get(), "momentum-mf-" + UUID.randomUUID());
        tc = withCheckpoints(tc, Math.multiplyExact(rpe, s.checkpointInterval()));
      }
      RoundLog log = new RoundLog();
      Trainer<RatingColumns> trainer = new Trainer<>(sc, mf, s.optimizer(), tc).listener(log);
      JavaRDD<PartitionBlock<RatingColumns>> test = data.testBlocks();
      if (test != null) {
        BlockMetrics<RatingColumns> metrics = spec.metrics(mf, s.model(), schema);
        trainer.evaluator(w -> Evaluation.evaluate(sc, metrics, w, test));
      }
      if (checkpoints != null) {
        CheckpointStore store = new CheckpointStore(checkpoints.toString(), sc.hadoopConfiguration(),
            tc.keepCheckpoints());
        trainer.checkpointer(new StoreCheckpointer(store, "{}", Map.of("partitions", partitions)));
      }
      TrainerState start = Trainer.initialState(spec.initialParameters(mf, s.model(), schema, tc.seed()));
      Trainer.Result r = trainer.fit(blocks, start);
      if (r.stopReason() == StopReason.DIVERGED) LOG.warn("MomentumMF: {}; the model keeps the last good weights",
          r.message());
      MfScorer scorer = new MfScorer(mf, r.state().weights(), data.users(), data.items(), clamp);
      return new Fitted(scorer, new MomentumMFSummary(log.rounds, r.stopReason(), r.message(), rpe));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      data.unpersist();
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
