package io.sparkmomentum.bench;

import io.sparkmomentum.data.Ratings;

/**
 * The damped bias baseline {@code r̂ = μ + b_u + b_i} (Koren 2010, "Factor in the neighbors", §2.1), computed on the
 * driver in two passes: {@code b_i = Σ(r − μ)/(λ + n_i)}, then {@code b_u = Σ(r − μ − b_i)/(λ + n_u)}. Unknown users
 * or items contribute no bias.
 */
final class BiasBaseline {
  static final double[] LAMBDAS = {1, 2, 5, 10, 25};

  final double mu;
  final double[] bu;
  final double[] bi;

  private BiasBaseline(double mu, double[] bu, double[] bi) {
    this.mu = mu;
    this.bu = bu;
    this.bi = bi;
  }

  static BiasBaseline fit(Ratings train, int numUsers, int numItems, double lambda) {
    double mu = train.mean();
    double[] si = new double[numItems];
    int[] ni = new int[numItems];
    for (int k = 0; k < train.size; k++) {
      si[train.items[k]] += train.ratings[k] - mu;
      ni[train.items[k]]++;
    }
    double[] bi = new double[numItems];
    for (int i = 0; i < numItems; i++) bi[i] = si[i] / (lambda + ni[i]);
    double[] su = new double[numUsers];
    int[] nu = new int[numUsers];
    for (int k = 0; k < train.size; k++) {
      su[train.users[k]] += train.ratings[k] - mu - bi[train.items[k]];
      nu[train.users[k]]++;
    }
    double[] bu = new double[numUsers];
    for (int u = 0; u < numUsers; u++) bu[u] = su[u] / (lambda + nu[u]);
    return new BiasBaseline(mu, bu, bi);
  }

  /** The λ of {@link #LAMBDAS} with the lowest test RMSE on {@code split}, and every λ's RMSE. */
  record Choice(double lambda, double rmse, double[] rmses) {}

  static Choice bestOnTest(BenchSplit split) {
    double[] rmses = new double[LAMBDAS.length];
    int best = 0;
    for (int j = 0; j < LAMBDAS.length; j++) {
      rmses[j] = split.rmse(fit(split.train(), split.numUsers(), split.numItems(), LAMBDAS[j]).predict(split.test()));
      if (rmses[j] < rmses[best]) best = j;
    }
    return new Choice(LAMBDAS[best], rmses[best], rmses);
  }

  double[] predict(Ratings test) {
    double[] p = new double[test.size];
    for (int k = 0; k < test.size; k++) {
      int u = test.users[k];
      int i = test.items[k];
      double s = mu;
      if (u >= 0 && u < bu.length) s += bu[u];
      if (i >= 0 && i < bi.length) s += bi[i];
      p[k] = s;
    }
    return p;
  }
}
