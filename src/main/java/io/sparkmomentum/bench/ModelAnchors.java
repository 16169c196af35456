package io.sparkmomentum.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.classification.FMClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.regression.FMRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The MLlib counterparts of our models, each a named grid of estimators fitted on a cached {@code (label, features)}
 * frame and scored on the test frame with MLlib's own evaluators.
 */
final class ModelAnchors {
  private ModelAnchors() {}

  /** One MLlib configuration: a system name (e.g. "MLlib LogisticRegression"), its settings, the estimator. */
  record Anchor(String system, String settings, Predictor<?, ?, ?> estimator, Task task) {}

  enum Task { BINARY, MULTICLASS, REGRESSION }

  /** A fitted anchor: wall seconds of {@code fit} and the test metrics. */
  record Fit(double seconds, Map<String, Double> metrics) {}

  static Fit fit(Anchor a, Dataset<Row> train, Dataset<Row> test) {
    long t0 = System.nanoTime();
    Model<?> m = a.estimator().fit(train);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Dataset<Row> p = m.transform(test).cache();
    try {
      return new Fit(seconds, metrics(p, a.task()));
    } finally {
      p.unpersist(false);
    }
  }

  static Map<String, Double> metrics(Dataset<Row> p, Task task) {
    Map<String, Double> m = new LinkedHashMap<>();
    if (task == Task.REGRESSION) {
      m.put("rmse", new RegressionEvaluator().setMetricName("rmse").evaluate(p));
      m.put("mae", new RegressionEvaluator().setMetricName("mae").evaluate(p));
      return m;
    }
    m.put("accuracy", new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(p));
    m.put("log_loss", new MulticlassClassificationEvaluator().setMetricName("logLoss").evaluate(p));
    if (task == Task.BINARY) {
      m.put("auc", new BinaryClassificationEvaluator().setMetricName("areaUnderROC")
          .setRawPredictionCol("rawPrediction").evaluate(p));
    }
    return m;
  }

  /** a9a: LogisticRegression regParam {0, 1e-4, 1e-3, 1e-2}; FMClassifier factorSize {4, 8} × regParam {0, 1e-3}. */
  static List<Anchor> a9a(boolean quick) {
    List<Anchor> out = new ArrayList<>();
    for (double r : quick ? new double[] {1e-4} : new double[] {0, 1e-4, 1e-3, 1e-2}) {
      out.add(new Anchor("MLlib LogisticRegression", "regParam " + r, new LogisticRegression().setRegParam(r)
          .setMaxIter(100), Task.BINARY));
    }
    for (int k : quick ? new int[] {4} : new int[] {4, 8}) {
      for (double r : quick ? new double[] {0} : new double[] {0, 1e-3}) {
        out.add(new Anchor("MLlib FMClassifier", "factorSize " + k + ", regParam " + r + " (adamW, 100 iterations)",
            new FMClassifier().setFactorSize(k).setRegParam(r).setSeed(42), Task.BINARY));
      }
    }
    return out;
  }

  /** Fashion-MNIST: MultilayerPerceptronClassifier [784, 128, 10] (l-bfgs) and multinomial LogisticRegression. */
  static List<Anchor> fashion(boolean quick, int dim, int classes) {
    int iters = quick ? 10 : 100;
    return List.of(
        new Anchor("MLlib MultilayerPerceptronClassifier", "layers [" + dim + ", 128, " + classes + "], l-bfgs, "
            + iters + " iterations", new MultilayerPerceptronClassifier().setLayers(new int[] {dim, 128, classes})
            .setMaxIter(iters).setSeed(42), Task.MULTICLASS),
        new Anchor("MLlib LogisticRegression (multinomial)", iters + " iterations", new LogisticRegression()
            .setFamily("multinomial").setMaxIter(iters), Task.MULTICLASS));
  }

  /** ML-100K: FMRegressor (adamW, 200 iterations on 10% mini-batches) factorSize 8 × regParam {0.01, 0.03}. */
  static List<Anchor> ml100k(boolean quick) {
    List<Anchor> out = new ArrayList<>();
    for (double r : quick ? new double[] {0.01} : new double[] {0.01, 0.03}) {
      out.add(new Anchor("MLlib FMRegressor", "factorSize 8, regParam " + r + ", stepSize 0.05, 200 iterations, "
          + "miniBatchFraction 0.1", new FMRegressor().setSolver("adamW").setFactorSize(8).setRegParam(r)
          .setStepSize(0.05).setMaxIter(quick ? 20 : 200).setMiniBatchFraction(0.1).setSeed(42), Task.REGRESSION));
    }
    return out;
  }
}
