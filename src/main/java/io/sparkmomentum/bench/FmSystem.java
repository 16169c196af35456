package io.sparkmomentum.bench;

import io.sparkmomentum.data.Ratings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.FMRegressionModel;
import org.apache.spark.ml.regression.FMRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark MLlib's factorization machine regressor (solver adamW) on one-hot user + item features. With two active
 * features the FM prediction is {@code w₀ + w_u + w_i + v_u·v_i}, computed on the driver from the fitted
 * parameters; an unknown user or item simply has no column (its terms are absent).
 */
final class FmSystem {
  record Params(int factorSize, double regParam, double stepSize, int maxIter, double miniBatchFraction) {
    String describe() {
      return "factorSize " + factorSize + ", regParam " + regParam + ", stepSize " + stepSize + ", maxIter "
          + maxIter + (miniBatchFraction < 1 ? ", miniBatchFraction " + miniBatchFraction : "");
    }
  }

  record Fit(double seconds, double rmse, double rmseWarm, Params params) {}

  static List<Params> grid(int[] sizes, double[] regs, double[] steps, int maxIter, double fraction) {
    List<Params> g = new ArrayList<>();
    for (int s : sizes) for (double r : regs) for (double st : steps) g.add(new Params(s, r, st, maxIter, fraction));
    return g;
  }

  static FMRegressor estimator(Params p) {
    return new FMRegressor().setSolver("adamW").setFactorSize(p.factorSize()).setRegParam(p.regParam())
        .setStepSize(p.stepSize()).setMaxIter(p.maxIter()).setMiniBatchFraction(p.miniBatchFraction()).setSeed(42)
        .setLabelCol("label").setFeaturesCol("features");
  }

  static Fit fit(SparkSession spark, BenchSplit split, Dataset<Row> train, Params p) {
    Set<Integer> before = SparkFrames.cachedIds(spark);
    try {
      long t0 = System.nanoTime();
      FMRegressionModel model = estimator(p).fit(train);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double[] pred = predict(model, split.test(), split.numUsers(), split.numItems());
      return new Fit(seconds, split.rmse(pred), split.rmse(pred, true), p);
    } finally {
      SparkFrames.unpersistSince(spark, before);
    }
  }

  static double[] predict(FMRegressionModel m, Ratings test, int numUsers, int numItems) {
    Vector w = m.linear();
    Matrix v = m.factors();
    int k = v.numCols();
    double[] out = new double[test.size];
    for (int n = 0; n < test.size; n++) {
      int u = test.users[n];
      int i = test.items[n];
      boolean ku = u >= 0 && u < numUsers;
      boolean ki = i >= 0 && i < numItems;
      double s = m.intercept();
      if (ku) s += w.apply(u);
      if (ki) s += w.apply(numUsers + i);
      if (ku && ki) {
        for (int f = 0; f < k; f++) s += v.apply(u, f) * v.apply(numUsers + i, f);
      }
      out[n] = s;
    }
    return out;
  }
}
