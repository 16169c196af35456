package io.sparkmomentum.bench;

import io.sparkmomentum.data.Ratings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark MLlib's ALS (explicit), fitted on the split's cached training DataFrame with a checkpoint directory set
 * (checkpointInterval 10, the default). Predictions are computed on the driver from the collected factors
 * ({@code p_u·q_i} in float, as {@code ALSModel.transform} does); a pair whose user or item has no factors (ALS would
 * give NaN) falls back to the training mean μ.
 */
final class AlsSystem {
  /** One point of the grid. */
  record Params(int rank, double regParam, int maxIter) {
    String describe() {
      return "rank " + rank + ", regParam " + regParam + ", maxIter " + maxIter;
    }
  }

  /** A fit: its wall seconds and, when scored, its test RMSE. */
  record Fit(double seconds, double rmse, double rmseWarm, Params params, int numBlocks) {}

  static List<Params> grid(int[] ranks, double[] regs, int[] iters) {
    List<Params> g = new ArrayList<>();
    for (int r : ranks) for (double l : regs) for (int it : iters) g.add(new Params(r, l, it));
    return g;
  }

  static final long SEED = 42;

  static ALS estimator(Params p, int numBlocks) {
    return new ALS().setRank(p.rank()).setRegParam(p.regParam()).setMaxIter(p.maxIter()).setSeed(SEED)
        .setUserCol("user").setItemCol("item").setRatingCol("rating").setCheckpointInterval(10)
        .setNumUserBlocks(numBlocks).setNumItemBlocks(numBlocks).setColdStartStrategy("nan");
  }

  /** Fits (timed: only {@code ALS.fit}, which materialises the factors) and scores on all test rows. */
  static Fit fit(SparkSession spark, BenchSplit split, Dataset<Row> train, Params p, int numBlocks) {
    Set<Integer> before = SparkFrames.cachedIds(spark);
    try {
      long t0 = System.nanoTime();
      ALSModel model = estimator(p, numBlocks).fit(train);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double[] pred = predict(model, split.test(), split.numUsers(), split.numItems(), split.mean());
      return new Fit(seconds, split.rmse(pred), split.rmse(pred, true), p, numBlocks);
    } finally {
      SparkFrames.unpersistSince(spark, before);
    }
  }

  /** Driver-side predictions for every test row (μ where ALS has no factors). */
  static double[] predict(ALSModel model, Ratings test, int numUsers, int numItems, double mu) {
    float[][] uf = factors(model.userFactors(), numUsers);
    float[][] itf = factors(model.itemFactors(), numItems);
    double[] out = new double[test.size];
    for (int k = 0; k < test.size; k++) {
      int u = test.users[k];
      int i = test.items[k];
      float[] a = u >= 0 && u < numUsers ? uf[u] : null;
      float[] b = i >= 0 && i < numItems ? itf[i] : null;
      if (a == null || b == null) {
        out[k] = mu;
        continue;
      }
      float dot = 0; // float accumulation, like ALSModel's predict (BLAS sdot)
      for (int f = 0; f < a.length; f++) dot += a[f] * b[f];
      out[k] = dot;
    }
    return out;
  }

  private static float[][] factors(Dataset<Row> df, int n) {
    float[][] out = new float[n][];
    for (Row r : df.collectAsList()) {
      int id = r.getInt(0);
      List<Object> f = r.getList(1);
      float[] v = new float[f.size()];
      for (int j = 0; j < v.length; j++) v[j] = ((Number) f.get(j)).floatValue();
      if (id >= 0 && id < n) out[id] = v;
    }
    return out;
  }
}
