package io.sparkmomentum.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The executor-side levels of one round's aggregation, chosen to match the fixed summation tree of
 * {@link GradientAggregator}, so that every level really merges.
 *
 * <h2>Why not Spark's grouping</h2>
 * {@code RDD.treeAggregate} sends, at each level, the partial result of partition {@code i} to group
 * {@code i mod m}. Our summation tree combines two pieces only when they are the two children of one node of the
 * balanced binary tree over the partition indices {@code [0, P)} (that is what makes the sum independent of Spark's
 * order). Partitions {@code i} and {@code i + m} are never siblings, so under Spark's grouping nothing merges before
 * the driver, which then receives all {@code P} pieces: the extra levels are pure shuffle.
 *
 * <h2>Cuts of the tree</h2>
 * A <em>cut</em> is a set of tree nodes whose ranges partition {@code [0, P)}. Grouping the pieces of a level by the
 * node of a cut that contains them gives each group a whole subtree, which {@link GradientAggregator#merge} reduces
 * to one piece: the value of that node in the fixed tree, bit for bit. The cuts are built by one greedy refinement
 * from the root, always splitting the widest node (the leftmost on ties) at {@code mid = ⌊(lo + hi) / 2⌋}, the split
 * of {@link GradientAggregator#sibling}. A cut of {@code m} nodes is taken when the refinement reaches {@code m}
 * nodes, so each finer cut refines each coarser one: a group of a level lies inside exactly one group of the next.
 *
 * <h2>How many levels, how wide</h2>
 * The level sizes are those of {@code RDD.treeAggregate} (Spark's {@code RDD.scala}): with
 * {@code scale = max(⌈P^(1/depth)⌉, 2)}, a level of {@code ⌊m / scale⌋} groups is added while
 * {@code m > scale + ⌈m / scale⌉} (starting from {@code m = P}). At depth 2 the driver thus receives
 * {@code ⌊P / ⌈√P⌉⌋ ≤ √P} pieces instead of {@code P}.
 */
final class TreeLevels {
  private final int partitions;
  /** {@code starts[l]}: the sorted first partitions of the nodes of level {@code l}'s cut (finest first). */
  private final int[][] starts;

  private TreeLevels(int partitions, int[][] starts) {
    this.partitions = partitions;
    this.starts = starts;
  }

  /** The levels {@code RDD.treeAggregate} would add for {@code partitions} at {@code depth}, matched to the tree. */
  static TreeLevels of(int partitions, int depth) {
    if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    if (depth < 1) throw new IllegalArgumentException("tree depth must be >= 1, got " + depth);
    return forSizes(partitions, sparkLevelSizes(partitions, depth));
  }

  /** Number of groups of each executor-side level of {@code RDD.treeAggregate}, finest first (maybe none). */
  static int[] sparkLevelSizes(int partitions, int depth) {
    int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
    List<Integer> sizes = new ArrayList<>();
    int m = partitions;
    while (m > scale + (int) Math.ceil((double) m / scale)) {
      m /= scale;
      sizes.add(m);
    }
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Nested cuts of the tree over {@code [0, partitions)} with the given numbers of nodes (strictly decreasing). */
  static TreeLevels forSizes(int partitions, int[] sizes) {
    for (int l = 0; l < sizes.length; l++) {
      if (sizes[l] < 1 || sizes[l] > partitions || (l > 0 && sizes[l] >= sizes[l - 1])) {
        throw new IllegalArgumentException("level sizes must decrease strictly within [1, " + partitions + "], got "
            + Arrays.toString(sizes));
      }
    }
    int[][] starts = new int[sizes.length][];
    // nodes of the current cut as [lo, hi) pairs, ordered by lo
    List<int[]> cut = new ArrayList<>();
    cut.add(new int[] {0, partitions});
    for (int l = sizes.length - 1; l >= 0; l--) {
      while (cut.size() < sizes[l]) {
        int widest = 0;
        for (int k = 1; k < cut.size(); k++) {
          if (width(cut.get(k)) > width(cut.get(widest))) widest = k;
        }
        int[] node = cut.get(widest);
        int mid = (node[0] + node[1]) >>> 1;
        cut.set(widest, new int[] {node[0], mid});
        cut.add(widest + 1, new int[] {mid, node[1]});
      }
      starts[l] = cut.stream().mapToInt(n -> n[0]).toArray();
    }
    return new TreeLevels(partitions, starts);
  }

  private static int width(int[] node) {
    return node[1] - node[0];
  }

  /** Number of executor-side levels (0: the tasks' results go straight to the driver). */
  int count() {
    return starts.length;
  }

  /** Number of groups (tasks) of level {@code level}. */
  int groups(int level) {
    return starts[level].length;
  }

  /** The first partitions of level {@code level}'s groups (a copy). */
  int[] starts(int level) {
    return starts[level].clone();
  }

  /** The range {@code [lo, hi)} of group {@code g} of level {@code level}: a node of the summation tree. */
  int[] range(int level, int g) {
    int[] s = starts[level];
    return new int[] {s[g], g + 1 < s.length ? s[g + 1] : partitions};
  }

  /** The group of {@code level} holding partition {@code p}. */
  int groupOf(int level, int p) {
    return groupOf(starts[level], p);
  }

  /** The index of the range (given by its sorted {@code starts}, the first being 0) that holds {@code p}. */
  static int groupOf(int[] starts, int p) {
    int i = Arrays.binarySearch(starts, p);
    return i >= 0 ? i : -i - 2;
  }
}
