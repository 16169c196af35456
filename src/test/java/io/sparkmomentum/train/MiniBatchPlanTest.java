package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.model.Selection;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Rounds of about {@code batch_size} examples, spread over the partitions in proportion to their sizes, each example
 * once per epoch; and the random stream of (seed, round, partition).
 */
class MiniBatchPlanTest {

  /** Examples of round {@code j} over all partitions. */
  static long roundCount(MiniBatchPlan plan, long epoch, long j) {
    long s = 0;
    for (int p = 0; p < plan.numPartitions(); p++) {
      s += plan.selection(p, (int) plan.partitionSizes()[p], epoch, j).size();
    }
    return s;
  }

  @Test
  void batchOfOneOnFourPartitionsHasNoEmptyRound() {
    // issue 10 item 4: 200 ratings, batch_size = 1, 4 partitions; the old plan left 150 of 200 rounds empty
    MiniBatchPlan plan = new MiniBatchPlan(new long[] {50, 50, 50, 50}, 1, 7);
    assertEquals(200, plan.roundsPerEpoch());
    for (long j = 0; j < 200; j++) assertEquals(1, roundCount(plan, 0, j), "round " + j);
  }

  @Test
  void batchOfSixGivesRoundsOfSix() {
    // the old plan gave rounds of 4 and 8
    MiniBatchPlan plan = new MiniBatchPlan(new long[] {50, 50, 50, 50}, 6, 7);
    for (long j = 0; j < plan.roundsPerEpoch(); j++) {
      long c = roundCount(plan, 0, j);
      assertTrue(c == 5 || c == 6, "round " + j + " holds " + c);
    }
  }

  @Test
  void manyTinyPartitionsStillGiveFullRounds() {
    // like trainer.partitions = 5000 on the sample (rounds of 0, 0, 5000, 0, 1962 before): 700 partitions of 4-5
    long[] sizes = new long[700];
    for (int p = 0; p < sizes.length; p++) sizes[p] = 4 + (p % 3 == 0 ? 1 : 0);
    MiniBatchPlan plan = new MiniBatchPlan(sizes, 300, 3);
    long n = plan.numExamples();
    long r = plan.roundsPerEpoch();
    for (long j = 0; j < r; j++) {
      long c = roundCount(plan, 1, j);
      assertTrue(c == n / r || c == (n + r - 1) / r, "round " + j + " holds " + c + " of " + n + "/" + r);
      assertEquals(c, plan.roundSize(j));
    }
  }

  @Test
  void partitionsContributeInProportionToTheirSizes() {
    long[] sizes = {1000, 300, 2000, 57, 0, 643};
    MiniBatchPlan plan = new MiniBatchPlan(sizes, 100, 5);
    long r = plan.roundsPerEpoch();
    assertEquals(40, r);
    for (long j = 0; j < r; j++) {
      for (int p = 0; p < sizes.length; p++) {
        double ideal = (double) sizes[p] / r;
        int got = plan.selection(p, (int) sizes[p], 0, j).size();
        assertTrue(Math.abs(got - ideal) <= 2, "partition " + p + " round " + j + ": " + got + " vs " + ideal);
      }
    }
  }

  @Test
  void everyExampleOncePerEpochInItsPermutationOrder() {
    long[] sizes = {97, 3, 250, 64};
    MiniBatchPlan plan = new MiniBatchPlan(sizes, 37, 11);
    for (long epoch = 0; epoch < 2; epoch++) {
      for (int p = 0; p < sizes.length; p++) {
        int n = (int) sizes[p];
        int[] order = EpochOrders.get(n, 11, epoch, p);
        int k = 0;
        for (long j = 0; j < plan.roundsPerEpoch(); j++) {
          Selection s = plan.selection(p, n, epoch, j);
          int[] got = new int[s.size()];
          for (int i = 0; i < s.size(); i++) got[i] = s.index(i);
          int[] slice = Arrays.copyOfRange(order, k, k + got.length);
          if (MiniBatchPlan.largeSlice(got.length, n)) Arrays.sort(slice); // storage order
          assertArrayEquals(slice, got, "partition " + p + ", round " + j + ": the permutation, tiled by the rounds");
          k += got.length;
        }
        assertEquals(n, k, "partition " + p);
      }
    }
  }

  @Test
  void largeSlicesAreVisitedInStorageOrder() {
    int n = 1000;
    MiniBatchPlan plan = new MiniBatchPlan(new long[] {n}, 250, 5); // 4 rounds: slices of n/4
    int[] order = EpochOrders.get(n, 5, 1, 0);
    boolean[] seen = new boolean[n];
    for (long j = 0; j < 4; j++) {
      Selection s = plan.selection(0, n, 1, j);
      assertEquals(250, s.size());
      int[] slice = Arrays.copyOfRange(order, (int) j * 250, (int) j * 250 + 250);
      Arrays.sort(slice);
      for (int i = 0; i < s.size(); i++) {
        assertEquals(slice[i], s.index(i), "round " + j + ", position " + i);
        seen[s.index(i)] = true;
      }
    }
    for (int i = 0; i < n; i++) assertTrue(seen[i], "example " + i + " visited");
    assertFalse(MiniBatchPlan.largeSlice(124, n));
    assertTrue(MiniBatchPlan.largeSlice(125, n));
  }

  @Test
  void onePartitionKeepsTheSlicesOfBefore() {
    int n = 1003;
    MiniBatchPlan plan = new MiniBatchPlan(new long[] {n}, 100, 2);
    long r = plan.roundsPerEpoch();
    for (long j = 0; j < r; j++) {
      assertEquals((int) ((j + 1) * n / r - j * n / r), plan.selection(0, n, 0, j).size());
    }
  }

  @Test
  void fullBatchIsEveryExampleInOrder() {
    MiniBatchPlan plan = new MiniBatchPlan(new long[] {5, 7}, 0, 2);
    assertEquals(1, plan.roundsPerEpoch());
    Selection s = plan.selection(1, 7, 3, 0);
    assertEquals(7, s.size());
    for (int i = 0; i < 7; i++) assertEquals(i, s.index(i));
  }

  @Test
  void noExamplesIsRefusedNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> new MiniBatchPlan(new long[] {0, 0}, 10, 1));
    assertEquals("data.train", e.key());
  }

  @Test
  void randomStreamIsAFunctionOfSeedRoundAndPartition() {
    long[] sizes = {40, 60};
    MiniBatchPlan plan = new MiniBatchPlan(sizes, 10, 42);
    // the same selection asked twice (gradient pass and the "rows the next round reads" pass, a retry, a resume)
    long[] a = draws(plan.selection(1, 60, 2, 3).random());
    long[] b = draws(new MiniBatchPlan(sizes.clone(), 10, 42).selection(1, 60, 2, 3).random());
    assertArrayEquals(a, b);
    Selection s = plan.selection(1, 60, 2, 3);
    assertArrayEquals(draws(s.random()), draws(s.random()), "each call starts the stream afresh");
    // round 2·R + 3 = 23: another epoch position, partition or seed gives another stream
    assertNotEquals(a[0], draws(plan.selection(1, 60, 2, 4).random())[0]);
    assertNotEquals(a[0], draws(plan.selection(0, 40, 2, 3).random())[0]);
    assertNotEquals(a[0], draws(new MiniBatchPlan(sizes, 10, 43).selection(1, 60, 2, 3).random())[0]);
    // the stream is keyed by the global round: epoch 2 round 3 of R = 10 is global round 23
    assertArrayEquals(a, draws(Selection.range(0, 1).withRandom(42, 23, 1).random()));
    // full batch carries one too
    MiniBatchPlan full = new MiniBatchPlan(sizes, 0, 42);
    assertArrayEquals(draws(full.selection(0, 40, 5, 0).random()),
        draws(Selection.all(1).withRandom(42, 5, 0).random()));
    assertThrows(IllegalStateException.class, () -> Selection.all(3).random());
  }

  private static long[] draws(SplittableRandom r) {
    long[] out = new long[8];
    Arrays.setAll(out, i -> r.nextLong());
    return out;
  }
}
