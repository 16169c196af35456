package io.sparkmomentum.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multi-class metrics of any {@link ClassScorer} over {@code K} classes, labels being class ids in {@code [0, K)}:
 * <ul>
 *   <li>{@code accuracy}: the fraction whose predicted class, the arg max of the logits (the lowest class on a
 *       tie), is the label;</li>
 *   <li>{@code log_loss}: the mean cross-entropy {@code −log softmax(z)_y = logΣexp(z) − z_y}, computed with the
 *       max shift, so finite for finite logits;</li>
 *   <li>the confusion matrix, {@code confusion.i.j} = rows of true class {@code i} predicted {@code j}
 *       ({@link MetricValues#forJson} folds the entries into {@code confusion: [[...], ...]}, rows = true class).</li>
 * </ul>
 * Sums: {@code (correct, Σ log-loss, n, confusion[K·K] row-major)}.
 */
public record ClassMetrics(ClassScorer model) implements BlockMetrics<FeatureRows> {
  private static final int HEAD = 3;

  /** The predicted class of logits {@code z[0, k)}: the arg max, the lowest on a tie. */
  public static int argMax(double[] z, int k) {
    int best = 0;
    for (int c = 1; c < k; c++) if (z[c] > z[best]) best = c;
    return best;
  }


  @Override
  public double[] sums(double[] w, FeatureRows x) {
    int k = model.numClasses();
    double[] s = new double[HEAD + k * k];
    double[] z = new double[k];
    for (int r = 0; r < x.size(); r++) {
      int y = Losses.classOf(x.labels()[r], k, r);
      model.logits(w, x, r, z);
      int predicted = argMax(z, k);
      if (predicted == y) s[0]++;
      double zy = z[y];
      s[1] += Losses.softmaxInPlace(z, 0, k) - zy;
      s[HEAD + y * k + predicted]++;
    }
    s[2] = x.size();
    return s;
  }

  @Override
  public Map<String, Double> finish(double[] t) {
    int k = model.numClasses();
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", t[0] / t[2]);
    m.put("log_loss", t[1] / t[2]);
    m.put("count", t[2]);
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) m.put(MetricValues.CONFUSION + "." + i + "." + j, t[HEAD + i * k + j]);
    }
    return m;
  }
}
