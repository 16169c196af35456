package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The executor-side levels are cuts of the summation tree, nested, as many and as wide as Spark's. */
class TreeLevelsTest {
  /** Every group of every level is a node of {@link GradientAggregator#sibling}'s tree; the groups tile [0, P). */
  @Test
  void everyGroupIsAWholeSubtreeAndTheGroupsTileThePartitions() {
    for (int p = 1; p <= 300; p++) {
      for (int depth = 1; depth <= 4; depth++) {
        TreeLevels levels = TreeLevels.of(p, depth);
        for (int l = 0; l < levels.count(); l++) {
          int end = 0;
          for (int g = 0; g < levels.groups(l); g++) {
            int[] r = levels.range(l, g);
            assertEquals(end, r[0], "P=" + p + " level " + l + ": contiguous");
            assertTrue(r[1] > r[0], "P=" + p + " level " + l + ": not empty");
            if (r[1] - r[0] == p) {
              assertNull(GradientAggregator.sibling(r[0], r[1], p));
            } else {
              GradientAggregator.sibling(r[0], r[1], p); // throws unless [r0, r1) is a node of the tree
            }
            for (int q = r[0]; q < r[1]; q++) assertEquals(g, levels.groupOf(l, q));
            end = r[1];
          }
          assertEquals(p, end, "P=" + p + " level " + l + ": covers every partition");
        }
      }
    }
  }

  /** A group of a level lies inside one group of the next level, so each level's results merge further. */
  @Test
  void eachLevelRefinesTheNext() {
    for (int p = 1; p <= 300; p++) {
      TreeLevels levels = TreeLevels.of(p, 3);
      for (int l = 0; l + 1 < levels.count(); l++) {
        for (int g = 0; g < levels.groups(l); g++) {
          int[] r = levels.range(l, g);
          assertEquals(levels.groupOf(l + 1, r[0]), levels.groupOf(l + 1, r[1] - 1), "P=" + p + " level " + l);
        }
      }
    }
  }

  /** As many levels and groups as RDD.treeAggregate, hence at most ⌈√P⌉ pieces for the driver at depth 2. */
  @Test
  void levelSizesAreSparksAndTheDriverGetsAtMostRootPAtDepth2() {
    assertArrayEquals(new int[] {}, TreeLevels.sparkLevelSizes(5, 2));
    assertArrayEquals(new int[] {2}, TreeLevels.sparkLevelSizes(6, 2));
    assertArrayEquals(new int[] {4}, TreeLevels.sparkLevelSizes(16, 2));
    assertArrayEquals(new int[] {8}, TreeLevels.sparkLevelSizes(64, 2));
    assertArrayEquals(new int[] {16, 4}, TreeLevels.sparkLevelSizes(64, 3));
    assertArrayEquals(new int[] {}, TreeLevels.sparkLevelSizes(500, 1));
    assertArrayEquals(new int[] {0, 4, 8, 12}, TreeLevels.of(16, 2).starts(0));
    assertArrayEquals(new int[] {0, 8, 16, 24, 32, 40, 48, 56}, TreeLevels.of(64, 2).starts(0));
    for (int p = 6; p <= 1000; p++) {
      TreeLevels levels = TreeLevels.of(p, 2);
      int[] sizes = TreeLevels.sparkLevelSizes(p, 2);
      assertEquals(sizes.length, levels.count(), "P=" + p);
      for (int l = 0; l < sizes.length; l++) assertEquals(sizes[l], levels.groups(l), "P=" + p + " level " + l);
      int last = levels.groups(levels.count() - 1);
      assertTrue(last <= Math.ceil(Math.sqrt(p)), "P=" + p + ": " + last + " pieces for the driver");
    }
  }

  @Test
  void badSizesAreRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> TreeLevels.forSizes(8, new int[] {2, 4}));
    assertEquals("level sizes must decrease strictly within [1, 8], got [2, 4]", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TreeLevels.forSizes(8, new int[] {9}));
    assertThrows(IllegalArgumentException.class, () -> TreeLevels.of(0, 2));
  }
}
