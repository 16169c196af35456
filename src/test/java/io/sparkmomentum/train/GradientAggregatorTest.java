package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.RatingBlocks;
import io.sparkmomentum.data.SyntheticRatings;
import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.model.Selection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The aggregator used locally, without Spark: the same add/merge objects treeAggregate uses. */
class GradientAggregatorTest {
  final RatingColumns data = SyntheticRatings.generate(40, 30, 4, 2000, 0.3, 1, 5, 7).ratings();
  final MatrixFactorization mf = new MatrixFactorization(40, 30, 4, data.mean(), 0.05, 0.01);
  final double[] w = mf.initialParameters(0.1, 3);

  GradientAggregator<RatingColumns> zero(MiniBatchPlan plan) {
    double[] weights = w;
    return new GradientAggregator<>(mf, () -> weights, plan, 0, 0);
  }

  static MiniBatchPlan plan(List<PartitionBlock<RatingColumns>> blocks, long batch) {
    return new MiniBatchPlan(blocks.stream().mapToLong(b -> b.data().size()).toArray(), batch, 11);
  }

  @Test
  void anyMergeOrderGivesTheSameBits() {
    List<PartitionBlock<RatingColumns>> blocks = RatingBlocks.split(data, 7);
    MiniBatchPlan plan = plan(blocks, 0);
    GradientPiece reference = null;
    Random rnd = new Random(5);
    for (int trial = 0; trial < 30; trial++) {
      List<GradientAggregator<RatingColumns>> partials = new ArrayList<>();
      for (PartitionBlock<RatingColumns> b : blocks) partials.add(zero(plan).add(b));
      Collections.shuffle(partials, rnd);
      while (partials.size() > 1) {
        int i = rnd.nextInt(partials.size());
        GradientAggregator<RatingColumns> a = partials.remove(i);
        int j = rnd.nextInt(partials.size());
        partials.set(j, rnd.nextBoolean() ? partials.get(j).merge(a) : a.merge(partials.get(j)));
      }
      GradientPiece root = partials.get(0).result();
      if (reference == null) {
        reference = root;
      } else {
        assertArrayEquals(reference.meanDense(mf.layout()), root.meanDense(mf.layout()), 0.0);
        assertEquals(reference.loss, root.loss, 0.0);
      }
    }
  }

  @Test
  void sumEqualsTheSinglePartitionGradient() {
    List<PartitionBlock<RatingColumns>> blocks = RatingBlocks.split(data, 5);
    GradientAggregator<RatingColumns> agg = zero(plan(blocks, 0));
    for (PartitionBlock<RatingColumns> b : blocks) agg.add(b);
    GradientPiece root = agg.result();
    GradientBuffer whole = new GradientBuffer(mf.layout());
    double loss = mf.addLossGradient(w, data, Selection.all(data.size()), whole);
    assertEquals(data.size(), root.count);
    assertEquals(loss, root.loss, 1e-9 * Math.abs(loss));
    double[] mean = root.meanDense(mf.layout());
    for (int j = 0; j < mean.length; j++) assertEquals(whole.values()[j] / data.size(), mean[j], 1e-12);
  }

  @Test
  void incompleteOrDoubleCountedRoundsFail() {
    List<PartitionBlock<RatingColumns>> blocks = RatingBlocks.split(data, 3);
    MiniBatchPlan plan = plan(blocks, 0);
    GradientAggregator<RatingColumns> agg = zero(plan).add(blocks.get(0)).add(blocks.get(2));
    assertThrows(IllegalStateException.class, agg::result);
    assertThrows(IllegalStateException.class, () -> zero(plan).add(blocks.get(1)).add(blocks.get(1)));
  }

  @Test
  void miniBatchesCoverEachExampleOncePerEpoch() {
    List<PartitionBlock<RatingColumns>> blocks = RatingBlocks.split(data, 3);
    MiniBatchPlan plan = plan(blocks, 128);
    assertEquals((2000 + 127) / 128, plan.roundsPerEpoch());
    long total = 0;
    for (int p = 0; p < 3; p++) {
      int n = blocks.get(p).data().size();
      Set<Integer> seen = new HashSet<>();
      for (long j = 0; j < plan.roundsPerEpoch(); j++) {
        Selection s = plan.selection(p, n, 4, j);
        for (int k = 0; k < s.size(); k++) assertTrue(seen.add(s.index(k)), "visited twice");
      }
      assertEquals(n, seen.size());
      total += seen.size();
    }
    assertEquals(2000, total);
    Selection a = plan.selection(0, blocks.get(0).data().size(), 0, 0);
    Selection b = plan.selection(0, blocks.get(0).data().size(), 1, 0);
    boolean differ = false;
    for (int k = 0; k < a.size(); k++) differ |= a.index(k) != b.index(k);
    assertTrue(differ, "epochs must be shuffled differently");
  }

  @Test
  void siblingsFormABalancedTree() {
    assertNull(GradientAggregator.sibling(0, 7, 7));
    assertArrayEquals(new int[] {3, 7}, GradientAggregator.sibling(0, 3, 7));
    assertArrayEquals(new int[] {0, 1}, GradientAggregator.sibling(1, 3, 7));
    assertArrayEquals(new int[] {5, 7}, GradientAggregator.sibling(3, 5, 7));
  }

  @Test
  void permutationIsABijection() {
    for (int n : new int[] {0, 1, 2, 3, 17, 1000, 4097}) {
      int[] perm = EpochPermutation.order(n, 99);
      boolean[] hit = new boolean[n];
      for (int k = 0; k < n; k++) {
        int v = perm[k];
        assertTrue(!hit[v]);
        hit[v] = true;
      }
      org.junit.jupiter.api.Assertions.assertArrayEquals(perm, EpochPermutation.order(n, 99), "a function of the seed");
    }
  }
}
