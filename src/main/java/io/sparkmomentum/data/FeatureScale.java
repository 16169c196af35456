package io.sparkmomentum.data;

import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.train.PartitionBlock;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Frequency preconditioning by reparametrisation ({@code features.scale = frequency}): feature {@code j}'s values are
 * multiplied by {@code s_j = (N/n_j)^½}, where {@code n_j} of the {@code N} training rows hold {@code j} (nonzero).
 *
 * <p>With {@code x'_j = s_j x_j} a model's weight {@code θ'_j} stands for {@code θ_j = s_j θ'_j} on the raw values, and
 * a gradient step on {@code θ'_j} moves {@code θ_j} by {@code s_j² = N/n_j} times the raw step: SGD on the scaled
 * rows is SGD on the raw rows preconditioned by the inverse feature frequency (a diagonal, AdaGrad-like scaling fixed
 * before training; cf. Duchi, Hazan and Singer 2011, and the per-row steps of matrix factorization, where a user's
 * factors see only that user's ratings). On a mean loss the common features (gender, genres) and a user's own one-hot
 * column then move at comparable rates, so a full batch takes a learning rate that a common feature alone would
 * cap. A batch-charged L2 {@code N·λ/2 θ'_j²} becomes {@code n_j·λ/2 θ_j²} on the raw weights: a per-occurrence
 * penalty. A feature no training row holds keeps {@code s_j = 1}.
 *
 * @param rows   {@code N}, the training rows counted
 * @param counts {@code n_j}, the training rows holding feature {@code j}
 */
public record FeatureScale(long rows, long[] counts) implements Serializable {

  public FeatureScale {
    counts = counts.clone();
    for (long n : counts) {
      if (n < 0 || n > rows) throw new IllegalArgumentException("count " + n + " outside [0, " + rows + "]");
    }
  }

  /** Counts the nonzero features of the blocks' rows (integers: exact in any order). */
  static FeatureScale of(JavaRDD<PartitionBlock<FeatureRows>> blocks, int dim) {
    List<Tuple2<Integer, long[]>> parts = blocks.map(b -> new Tuple2<>(b.partition(), counts(b.data(), dim)))
        .collect();
    long[] total = new long[dim + 1];
    for (Tuple2<Integer, long[]> p : parts.stream().sorted(Comparator.comparingInt(Tuple2::_1)).toList()) {
      for (int j = 0; j <= dim; j++) total[j] += p._2()[j];
    }
    return new FeatureScale(total[dim], java.util.Arrays.copyOf(total, dim));
  }

  /** {@code n_j} for each feature, then the number of rows. */
  static long[] counts(FeatureRows x, int dim) {
    long[] n = new long[dim + 1];
    double[] v = x.values();
    for (int r = 0; r < x.size(); r++) {
      for (int p = x.start(r), e = x.end(r); p < e; p++) if (v[p] != 0) n[x.index(r, p)]++;
    }
    n[dim] = x.size();
    return n;
  }

  @Override
  public long[] counts() {
    return counts.clone();
  }

  /** {@code s_j} of every feature. */
  public double[] factors() {
    double[] s = new double[counts.length];
    for (int j = 0; j < s.length; j++) s[j] = counts[j] == 0 ? 1.0 : Math.sqrt((double) rows / counts[j]);
    return s;
  }

  /** The rows with each value {@code x_j} times {@code factors[j]}. */
  public static FeatureRows apply(FeatureRows x, double[] factors) {
    if (factors.length != x.dim()) {
      throw new IllegalArgumentException(factors.length + " factors, " + x.dim() + " features");
    }
    double[] v = x.values().clone();
    for (int r = 0; r < x.size(); r++) {
      for (int p = x.start(r), e = x.end(r); p < e; p++) v[p] *= factors[x.index(r, p)];
    }
    return new FeatureRows(x.dim(), x.rowPtr(), x.indices(), v, x.labels(), x.weights());
  }
}
