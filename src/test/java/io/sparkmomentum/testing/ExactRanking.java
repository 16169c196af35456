package io.sparkmomentum.testing;

import io.sparkmomentum.model.LatentFactors;
import io.sparkmomentum.model.RatingColumns;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ranking protocol computed exactly on the driver, for tests on small data: every item is ranked for
 * each user except the user's training positives; the relevant set is the user's test positives (known items); the
 * figures are averaged over the users with at least one of each. Ties are broken by the item index (lower first).
 * NDCG@k = DCG/IDCG with gains 1/log2(rank + 1); P@k = hits/k; R@k = hits/|rel|; MAP@k = Σ_hits P@rank / min(k,
 * |rel|) (Spark's {@code RankingMetrics.meanAveragePrecisionAt}); AUC = the fraction of (relevant, other candidate)
 * pairs ordered rightly (ties half).
 */
public final class ExactRanking {
  private ExactRanking() {}

  /** The metrics ({@code ndcg_at_k}, {@code precision_at_k}, {@code recall_at_k}, {@code map_at_k}, {@code auc}). */
  public static Map<String, Double> evaluate(LatentFactors model, double[] w, RatingColumns train,
      RatingColumns test, int k) {
    int nu = model.numUsers();
    int ni = model.numItems();
    boolean[][] seen = new boolean[nu][];
    boolean[][] relevant = new boolean[nu][];
    int[] relCount = new int[nu];
    for (int x = 0; x < train.size(); x++) {
      int u = train.users()[x];
      if (seen[u] == null) seen[u] = new boolean[ni];
      seen[u][train.items()[x]] = true;
    }
    for (int x = 0; x < test.size(); x++) {
      int u = test.users()[x];
      int i = test.items()[x];
      if (u < 0 || u >= nu || i < 0 || i >= ni || seen[u] == null || seen[u][i]) continue;
      if (relevant[u] == null) relevant[u] = new boolean[ni];
      if (!relevant[u][i]) relCount[u]++;
      relevant[u][i] = true;
    }
    double ndcg = 0;
    double prec = 0;
    double rec = 0;
    double map = 0;
    double auc = 0;
    int users = 0;
    double[] scores = new double[ni];
    Integer[] order = new Integer[ni];
    for (int u = 0; u < nu; u++) {
      if (relevant[u] == null) continue;
      users++;
      int candidates = 0;
      for (int i = 0; i < ni; i++) {
        if (seen[u][i]) continue;
        scores[i] = model.rankingScore(w, u, i);
        order[candidates++] = i;
      }
      Arrays.sort(order, 0, candidates, (a, b) -> {
        int c = Double.compare(scores[b], scores[a]);
        return c != 0 ? c : Integer.compare(a, b);
      });
      int rel = relCount[u];
      double dcg = 0;
      double idcg = 0;
      int hits = 0;
      double ap = 0;
      for (int r = 0; r < Math.min(k, candidates); r++) {
        if (relevant[u][order[r]]) {
          hits++;
          dcg += 1 / log2(r + 2);
          ap += (double) hits / (r + 1);
        }
      }
      for (int r = 0; r < Math.min(k, rel); r++) idcg += 1 / log2(r + 2);
      ndcg += dcg / idcg;
      prec += (double) hits / k;
      rec += (double) hits / rel;
      map += ap / Math.min(k, rel);
      long negativesBelow = 0; // pairs (relevant, other) ordered rightly, counted from the bottom of the list
      long others = candidates - rel;
      long othersSeen = 0;
      for (int r = candidates - 1; r >= 0; r--) {
        if (relevant[u][order[r]]) negativesBelow += othersSeen;
        else othersSeen++;
      }
      auc += others == 0 ? 1 : (double) negativesBelow / ((long) rel * others);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("ndcg_at_" + k, ndcg / users);
    m.put("precision_at_" + k, prec / users);
    m.put("recall_at_" + k, rec / users);
    m.put("map_at_" + k, map / users);
    m.put("auc", auc / users);
    m.put("users", (double) users);
    return m;
  }

  /** The popularity baseline's scores as factors-free parameters: see {@link #popularity}. */
  public static double[] itemCounts(RatingColumns train, int numItems) {
    double[] c = new double[numItems];
    for (int x = 0; x < train.size(); x++) c[train.items()[x]]++;
    return c;
  }

  /** A {@link LatentFactors} of rank 1 whose user rows are 0 and item biases are the given scores. */
  public static LatentFactors popularity(int numUsers, int numItems) {
    return new LatentFactors() {
      @Override
      public int numUsers() {
        return numUsers;
      }

      @Override
      public int numItems() {
        return numItems;
      }

      @Override
      public int rank() {
        return 1;
      }

      @Override
      public int userOffset(int u) {
        return numItems; // a zero slot after the scores
      }

      @Override
      public int itemOffset(int i) {
        return numItems;
      }

      @Override
      public int itemBiasOffset(int i) {
        return i;
      }
    };
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
