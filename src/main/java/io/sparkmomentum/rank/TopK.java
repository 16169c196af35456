package io.sparkmomentum.rank;

/**
 * The {@code k} best of a stream of (id, score) offers, in a bounded binary min-heap whose root is the worst kept
 * entry: {@code O(log k)} per offer that enters, {@code O(1)} for one that does not. "Better" is the higher score,
 * then the lower id ({@link #beats}), a total order: the result does not depend on the order of the offers.
 * Reusable ({@link #clear}); not thread-safe.
 */
public final class TopK {
  private final int k;
  private final int[] ids;
  private final double[] scores;
  private int size;

  public TopK(int k) {
    if (k < 1) throw new IllegalArgumentException("k = " + k + ": expected at least 1");
    this.k = k;
    this.ids = new int[k];
    this.scores = new double[k];
  }

  /** Whether (a, sa) ranks before (b, sb): higher score first ({@link Double#compare} order), ties by lower id. */
  public static boolean beats(int a, double sa, int b, double sb) {
    int c = Double.compare(sa, sb);
    return c > 0 || (c == 0 && a < b);
  }

  public void offer(int id, double score) {
    if (size < k) {
      ids[size] = id;
      scores[size] = score;
      siftUp(size++);
    } else if (beats(id, score, ids[0], scores[0])) {
      ids[0] = id;
      scores[0] = score;
      siftDown(0);
    }
  }

  public int size() {
    return size;
  }

  public void clear() {
    size = 0;
  }

  /**
   * Empties the heap into {@code outIds}/{@code outScores} best first; returns how many (at most k).
   */
  public int drainBestFirst(int[] outIds, double[] outScores) {
    int n = size;
    for (int r = n - 1; r >= 0; r--) {
      outIds[r] = ids[0];
      outScores[r] = scores[0];
      size--;
      if (size > 0) {
        ids[0] = ids[size];
        scores[0] = scores[size];
        siftDown(0);
      }
    }
    return n;
  }

  /** True when {@code x} is worse than {@code y} (belongs nearer the root). */
  private boolean worse(int x, int y) {
    return beats(ids[y], scores[y], ids[x], scores[x]);
  }

  private void siftUp(int x) {
    while (x > 0) {
      int parent = (x - 1) >>> 1;
      if (!worse(x, parent)) return;
      swap(x, parent);
      x = parent;
    }
  }

  private void siftDown(int x) {
    while (true) {
      int l = 2 * x + 1;
      if (l >= size) return;
      int worst = l + 1 < size && worse(l + 1, l) ? l + 1 : l;
      if (!worse(worst, x)) return;
      swap(x, worst);
      x = worst;
    }
  }

  private void swap(int a, int b) {
    int id = ids[a];
    ids[a] = ids[b];
    ids[b] = id;
    double s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
  }
}
