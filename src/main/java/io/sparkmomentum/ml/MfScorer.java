package io.sparkmomentum.ml;

import io.sparkmomentum.data.IdIndex;
import io.sparkmomentum.model.MatrixFactorization;
import java.io.Serializable;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * A trained biased matrix factorization as the executors score it: {@link MatrixFactorization}'s prediction
 * {@code r̂ = μ + b_u + b_i + p_u·q_i} (Koren, Bell and Volinsky 2009) on the trained weights, the raw ids in index
 * order, and the clamp range. Only arrays and numbers are serialized (whatever {@code spark.serializer} is); the id
 * lookups and the model object are rebuilt on first use in each JVM.
 */
final class MfScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int rank;
  private final double mu;
  private final double lambda;
  private final double lambdaBias;
  private final double[] weights;
  private final double[] clamp;
  private final String[] userIds;
  private final String[] itemIds;
  private transient volatile Lookups lookups;

  /** What is rebuilt, not shipped. */
  private record Lookups(MatrixFactorization mf, IdIndex users, IdIndex items) {}

  /**
   * @param clamp {@code [min, max]} of the predictions, or null
   */
  MfScorer(MatrixFactorization mf, double[] weights, IdIndex users, IdIndex items, double[] clamp) {
    if (weights.length != mf.layout().size() || users.size() != mf.numUsers() || items.size() != mf.numItems()) {
      throw new IllegalArgumentException("weights (" + weights.length + "), users (" + users.size() + ") and items ("
          + items.size() + ") do not fit the model's shape " + mf.numUsers() + " x " + mf.numItems() + " x "
          + mf.rank());
    }
    this.rank = mf.rank();
    this.mu = mf.mu();
    this.lambda = mf.lambda();
    this.lambdaBias = mf.lambdaBias();
    this.weights = weights;
    this.clamp = clamp == null ? null : clamp.clone();
    this.userIds = users.rawIds().toArray(new String[0]);
    this.itemIds = items.rawIds().toArray(new String[0]);
    this.lookups = new Lookups(mf, users, items);
  }

  private Lookups lookups() {
    Lookups l = lookups;
    if (l == null) { // after deserialization; two threads may both build it, to the same value
      l = new Lookups(new MatrixFactorization(userIds.length, itemIds.length, rank, mu, lambda, lambdaBias),
          IdIndex.of(Arrays.asList(userIds)), IdIndex.of(Arrays.asList(itemIds)));
      lookups = l;
    }
    return l;
  }

  MatrixFactorization model() {
    return lookups().mf();
  }

  /** The trained parameters in the layout P, Q, bu, bi (the array itself: do not modify). */
  double[] weights() {
    return weights;
  }

  IdIndex users() {
    return lookups().users();
  }

  IdIndex items() {
    return lookups().items();
  }

  /** The clamp range, or null. */
  double[] clamp() {
    return clamp == null ? null : clamp.clone();
  }

  /** The index of a raw id as the reader trims it, or -1 (unknown, or null). */
  int userIndex(String raw) {
    return raw == null ? -1 : users().lookup(raw.trim());
  }

  int itemIndex(String raw) {
    return raw == null ? -1 : items().lookup(raw.trim());
  }

  /**
   * The clamped prediction for raw ids, as the CLI's {@code predict} computes it. A pair with an unknown (or null) id
   * is scored {@code μ + known bias} when {@code coldMean}, else NaN.
   */
  double predict(String user, String item, boolean coldMean) {
    int u = userIndex(user);
    int i = itemIndex(item);
    if ((u < 0 || i < 0) && !coldMean) return Double.NaN;
    double p = model().predict(weights, u, i);
    return clamp == null ? p : Math.min(clamp[1], Math.max(clamp[0], p));
  }

  /** The {@code k} best items of user {@code u} by raw (unclamped) score; ties to the lower item index. */
  Ranked topItems(int u, int k) {
    MatrixFactorization mf = model();
    double[] s = new double[mf.numItems()];
    for (int i = 0; i < s.length; i++) s[i] = mf.predict(weights, u, i);
    return Ranked.top(s, k);
  }

  /** The {@code k} users who score item {@code i} highest (raw score); ties to the lower user index. */
  Ranked topUsers(int i, int k) {
    MatrixFactorization mf = model();
    double[] s = new double[mf.numUsers()];
    for (int u = 0; u < s.length; u++) s[u] = mf.predict(weights, u, i);
    return Ranked.top(s, k);
  }

  String userId(int u) {
    return userIds[u];
  }

  String itemId(int i) {
    return itemIds[i];
  }

  int numUsers() {
    return userIds.length;
  }

  int numItems() {
    return itemIds.length;
  }

  /** Indices and their scores, best first. */
  record Ranked(int[] indices, double[] scores) {
    /** The {@code k} highest of {@code s} (NaN last), best first, ties to the lower index: a bounded heap. */
    static Ranked top(double[] s, int k) {
      int n = Math.min(k, s.length);
      // the heap's head is the worst kept: lowest score, then highest index
      PriorityQueue<Integer> heap = new PriorityQueue<>(Math.max(1, n), (a, b) -> better(s, b, a));
      for (int j = 0; j < s.length && n > 0; j++) {
        if (heap.size() < n) {
          heap.add(j);
        } else if (better(s, j, heap.peek()) < 0) {
          heap.poll();
          heap.add(j);
        }
      }
      Integer[] kept = heap.toArray(new Integer[0]);
      Arrays.sort(kept, (a, b) -> better(s, a, b));
      int[] idx = new int[kept.length];
      double[] sc = new double[kept.length];
      for (int j = 0; j < kept.length; j++) {
        idx[j] = kept[j];
        sc[j] = s[kept[j]];
      }
      return new Ranked(idx, sc);
    }

    /** Negative when {@code a} ranks before {@code b}: higher score (NaN lowest), then lower index. */
    private static int better(double[] s, int a, int b) {
      double x = Double.isNaN(s[a]) ? Double.NEGATIVE_INFINITY : s[a];
      double y = Double.isNaN(s[b]) ? Double.NEGATIVE_INFINITY : s[b];
      int c = Double.compare(y, x);
      return c != 0 ? c : Integer.compare(a, b);
    }
  }
}
