package io.sparkmomentum.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockScorerTest {
  private static FactorTable table(int n, int rank, boolean bias, SplittableRandom r) {
    double[] rows = new double[n * rank];
    for (int x = 0; x < rows.length; x++) rows[x] = r.nextGaussian();
    double[] b = null;
    if (bias) {
      b = new double[n];
      for (int x = 0; x < n; x++) b[x] = r.nextGaussian();
    }
    return new FactorTable(rank, FactorTable.range(0, n), rows, b);
  }

  /** Every tile shape (odd query counts, candidate counts not a multiple of 4): the bits of one score at a time. */
  @Test
  void blockedScoresHaveTheBitsOfFactorOrderSums() {
    SplittableRandom r = new SplittableRandom(5);
    for (int[] shape : new int[][] {{1, 1, 3}, {2, 4, 8}, {3, 5, 7}, {7, 13, 32}, {8, 9, 1}}) {
      for (boolean biases : new boolean[] {false, true}) {
        FactorTable a = table(shape[0], shape[2], biases, r);
        FactorTable b = table(shape[1], shape[2], biases, r);
        double[] out = new double[a.size() * b.size()];
        BlockScorer.score(a, b, out);
        for (int q = 0; q < a.size(); q++) {
          for (int c = 0; c < b.size(); c++) {
            double s = 0;
            for (int f = 0; f < a.rank(); f++) s += a.rows()[q * a.rank() + f] * b.rows()[c * b.rank() + f];
            if (biases) {
              s += b.bias()[c];
              s += a.bias()[q];
            }
            assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(out[q * b.size() + c]),
                "query " + q + ", candidate " + c + " of shape " + java.util.Arrays.toString(shape));
          }
        }
      }
    }
  }
}
