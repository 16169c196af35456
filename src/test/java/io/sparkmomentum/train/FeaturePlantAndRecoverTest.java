package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.OptimizerConfig;
import io.sparkmomentum.config.ScheduleConfig;
import io.sparkmomentum.config.TrainerConfig;
import io.sparkmomentum.model.ClassScorer;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.model.LogisticRegression;
import io.sparkmomentum.model.Mlp;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.SoftmaxRegression;
import io.sparkmomentum.testing.Blocks;
import io.sparkmomentum.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * The feature models trained through the Spark trainer (3 partitions, mini-batches, Nesterov momentum) on data drawn
 * from a planted model: logistic regression on sparse rows recovers the planted direction and the planted model's
 * held-out accuracy; softmax regression on dense rows matches the planted model's accuracy; an MLP learns XOR-like
 * quadrants that no linear model can (softmax regression stays near chance on them).
 */
class FeaturePlantAndRecoverTest {
  static final int PARTITIONS = 3;

  /** Nesterov momentum 0.9, cosine decay to {@code lr/20} over the run. */
  static <D> double[] train(Model<D> model, D data, double[] init, double lr, int epochs, int batch) {
    int rounds = epochs * (int) Math.ceil(model.numExamples(data) / (double) batch);
    OptimizerConfig opt = new OptimizerConfig(lr, 0.9, 0, true, 0, ScheduleConfig.cosine(rounds, lr / 20), 0, 1,
        null, null);
    JavaRDD<PartitionBlock<D>> blocks = Blocks.distribute(SparkTestSession.sc(), data, PARTITIONS, "planted");
    try {
      return new Trainer<>(SparkTestSession.sc(), model, opt, TrainerConfig.of(epochs, batch, PARTITIONS, 7))
          .fit(blocks, Trainer.initialState(init)).state().weights();
    } finally {
      blocks.unpersist();
    }
  }

  /** Rows of {@code dim} standard normal features, each kept with probability {@code density} (CSR when < 1). */
  static FeatureRows features(int n, int dim, double density, SplittableRandom rng) {
    int[] ptr = new int[n + 1];
    List<Integer> idx = new ArrayList<>();
    List<Double> vals = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < dim; j++) {
        if (rng.nextDouble() < density) {
          idx.add(j);
          vals.add(rng.nextGaussian());
        }
      }
      ptr[r + 1] = idx.size();
    }
    return new FeatureRows(dim, ptr, idx.stream().mapToInt(Integer::intValue).toArray(),
        vals.stream().mapToDouble(Double::doubleValue).toArray(), new double[n], null);
  }

  static FeatureRows withLabels(FeatureRows x, double[] labels) {
    return new FeatureRows(x.dim(), x.rowPtr(), x.indices(), x.values(), labels, null);
  }

  static FeatureRows dense(FeatureRows x) {
    double[] v = new double[x.size() * x.dim()];
    for (int r = 0; r < x.size(); r++) {
      for (int k = x.start(r); k < x.end(r); k++) v[r * x.dim() + x.index(r, k)] = x.values()[k];
    }
    return new FeatureRows(x.dim(), null, null, v, x.labels(), null);
  }

  static double accuracy(LogisticRegression m, double[] w, FeatureRows x) {
    int right = 0;
    for (int r = 0; r < x.size(); r++) if ((m.score(w, x, r) > 0) == (x.labels()[r] > 0)) right++;
    return right / (double) x.size();
  }

  static double accuracy(ClassScorer m, double[] w, FeatureRows x) {
    double[] z = new double[m.numClasses()];
    int right = 0;
    for (int r = 0; r < x.size(); r++) {
      m.logits(w, x, r, z);
      int best = 0;
      for (int c = 1; c < z.length; c++) if (z[c] > z[best]) best = c;
      if (best == (int) x.labels()[r]) right++;
    }
    return right / (double) x.size();
  }

  @Test
  void logisticRecoversPlantedWeightsOnSparseRows() {
    int dim = 20;
    SplittableRandom rng = new SplittableRandom(1);
    LogisticRegression m = new LogisticRegression(dim, true, 0);
    double[] planted = new double[dim + 1];
    for (int j = 0; j <= dim; j++) planted[j] = 1.5 * rng.nextGaussian();
    FeatureRows x = features(12000, dim, 0.3, rng);
    double[] y = new double[x.size()];
    for (int r = 0; r < y.length; r++) {
      y[r] = rng.nextDouble() < 1 / (1 + Math.exp(-m.score(planted, x, r))) ? 1 : 0;
    }
    FeatureRows all = withLabels(x, y);
    FeatureRows train = all.slice(0, 10000);
    FeatureRows test = all.slice(10000, 12000);
    double[] w = train(m, train, new double[dim + 1], 0.5, 8, 1000);
    double dot = 0;
    double nw = 0;
    double np = 0;
    for (int j = 0; j <= dim; j++) {
      dot += w[j] * planted[j];
      nw += w[j] * w[j];
      np += planted[j] * planted[j];
    }
    double cosine = dot / Math.sqrt(nw * np);
    assertTrue(cosine > 0.98, "cosine of learned and planted weights " + cosine);
    double ours = accuracy(m, w, test);
    double best = accuracy(m, planted, test);
    assertTrue(ours > best - 0.02, "held-out accuracy " + ours + " vs the planted model's " + best);
    assertArrayEquals(w, train(m, train, new double[dim + 1], 0.5, 8, 1000), 0.0, "same config, same bits");
  }

  @Test
  void softmaxMatchesThePlantedAccuracyOnDenseRows() {
    int dim = 8;
    int classes = 4;
    SplittableRandom rng = new SplittableRandom(2);
    SoftmaxRegression m = new SoftmaxRegression(dim, classes, true, 0);
    double[] planted = new double[m.layout().size()];
    for (int j = 0; j < planted.length; j++) planted[j] = 1.5 * rng.nextGaussian();
    FeatureRows x = dense(features(10000, dim, 1, rng));
    double[] y = new double[x.size()];
    double[] z = new double[classes];
    for (int r = 0; r < y.length; r++) {
      m.logits(planted, x, r, z);
      double max = Double.NEGATIVE_INFINITY;
      for (double v : z) max = Math.max(max, v);
      double s = 0;
      for (int c = 0; c < classes; c++) s += z[c] = Math.exp(z[c] - max);
      double u = rng.nextDouble() * s;
      int c = 0;
      while (c < classes - 1 && (u -= z[c]) > 0) c++;
      y[r] = c;
    }
    FeatureRows all = withLabels(x, y);
    FeatureRows train = all.slice(0, 8000);
    FeatureRows test = all.slice(8000, 10000);
    double[] w = train(m, train, new double[m.layout().size()], 0.5, 8, 800);
    double ours = accuracy(m, w, test);
    double best = accuracy(m, planted, test);
    assertTrue(ours > best - 0.02, "held-out accuracy " + ours + " vs the planted model's " + best);
  }

  @Test
  void mlpLearnsQuadrantsALinearModelCannot() {
    SplittableRandom rng = new SplittableRandom(3);
    int n = 4000;
    double[] v = new double[2 * n];
    double[] y = new double[n];
    for (int r = 0; r < n; r++) {
      double a = rng.nextDouble(-1, 1);
      double b = rng.nextDouble(-1, 1);
      v[2 * r] = a;
      v[2 * r + 1] = b;
      y[r] = a * b > 0 ? 1 : 0;
    }
    FeatureRows all = new FeatureRows(2, null, null, v, y, null);
    FeatureRows train = all.slice(0, 3000);
    FeatureRows test = all.slice(3000, n);
    Mlp mlp = new Mlp(2, new int[] {16}, 2, 0);
    double[] w = train(mlp, train, mlp.initialParameters(5), 0.3, 15, 100);
    double acc = accuracy(mlp, w, test);
    assertTrue(acc > 0.93, "MLP held-out accuracy on quadrants " + acc);
    SoftmaxRegression linear = new SoftmaxRegression(2, 2, true, 0);
    double linearAcc = accuracy(linear, train(linear, train, new double[6], 0.3, 5, 300), test);
    assertTrue(linearAcc < 0.7, "a linear model should not separate the quadrants, yet reached " + linearAcc);
  }
}
