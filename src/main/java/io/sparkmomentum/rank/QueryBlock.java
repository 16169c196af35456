package io.sparkmomentum.rank;

import java.io.Serializable;

/**
 * The queries {@code [from, to)} of one block with their interactions in CSR form: query {@code from + q} has the
 * training positives {@code train[trainStart[q] .. trainStart[q+1])} and the test positives likewise, each list
 * sorted ascending and distinct.
 */
public record QueryBlock(int block, int from, int to, int[] trainStart, int[] train, int[] testStart, int[] test)
    implements Serializable {

  public int size() {
    return to - from;
  }

  public int[] trainOf(int q) {
    return java.util.Arrays.copyOfRange(train, trainStart[q], trainStart[q + 1]);
  }

  public int[] testOf(int q) {
    return java.util.Arrays.copyOfRange(test, testStart[q], testStart[q + 1]);
  }

  /**
   * The block from interaction codes ({@link QueryBlocks#code}) in any order, duplicates allowed: sorted, so the
   * block does not depend on the order the pieces arrived in.
   */
  public static QueryBlock of(int block, int from, int to, long[] codes) {
    long[] s = codes.clone();
    java.util.Arrays.sort(s);
    int n = to - from;
    int[] trainStart = new int[n + 1];
    int[] testStart = new int[n + 1];
    int[] train = new int[s.length];
    int[] test = new int[s.length];
    int nTrain = 0;
    int nTest = 0;
    for (int x = 0; x < s.length; x++) {
      if (x > 0 && s[x] == s[x - 1]) continue;
      int q = (int) (s[x] >>> 32) - from;
      int c = (int) (s[x] & 0x7fffffffL);
      if ((s[x] & 0x80000000L) == 0) {
        train[nTrain++] = c;
        trainStart[q + 1]++;
      } else {
        test[nTest++] = c;
        testStart[q + 1]++;
      }
    }
    for (int q = 0; q < n; q++) {
      trainStart[q + 1] += trainStart[q];
      testStart[q + 1] += testStart[q];
    }
    return new QueryBlock(block, from, to, trainStart, java.util.Arrays.copyOf(train, nTrain), testStart,
        java.util.Arrays.copyOf(test, nTest));
  }
}
