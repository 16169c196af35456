package io.sparkmomentum.model;

import java.util.SplittableRandom;

/**
 * Which examples of a data block a gradient evaluation visits, and in which order: positions {@code [from, from +
 * size)} of an order array, or of the identity. A final class (not an interface with several implementations), so
 * that {@link #index} inlines into the gradient kernels.
 *
 * <p>A selection made by the trainer also carries the random stream of its (run seed, round, partition): see {@link
 * #random()}.
 */
public final class Selection {
  private final int[] order;
  private final int from;
  private final int size;
  /** The seed of {@link #random()}; meaningful only when {@link #hasRandom}. */
  private final long streamSeed;
  private final boolean hasRandom;

  private Selection(int[] order, int from, int size) {
    this(order, from, size, 0, false);
  }

  private Selection(int[] order, int from, int size, long streamSeed, boolean hasRandom) {
    this.order = order;
    this.from = from;
    this.size = size;
    this.streamSeed = streamSeed;
    this.hasRandom = hasRandom;
  }

  /**
   * A fresh random stream for this (run seed, round, partition): every call returns a new generator starting at the
   * same number, so a model that draws from it (negative sampling, dropout) draws the same numbers in the gradient
   * pass, in the pass that marks the rows a round reads, in a retried task and in a resumed run. Pure Java ({@link
   * SplittableRandom}, whose sequence for a seed is fixed by its specification).
   *
   * @throws IllegalStateException for a selection made without a stream (e.g. by evaluation code)
   */
  public SplittableRandom random() {
    if (!hasRandom) throw new IllegalStateException("this selection carries no random stream (see withRandom)");
    return new SplittableRandom(streamSeed);
  }

  /** This selection with the random stream of (run seed {@code seed}, global round {@code round}, {@code partition}). */
  public Selection withRandom(long seed, long round, int partition) {
    return new Selection(order, from, size, streamSeed(seed, round, partition), true);
  }

  /**
   * The seed of the stream of (seed, round, partition): SplitMix64's finaliser (Steele, Lea and Flood 2014, "Fast
   * splittable pseudorandom number generators") applied in a chain, {@code h = mix(mix(mix(seed) + round) +
   * partition)}, with {@code mix(x) = finalise(x + 0x9E3779B97F4A7C15)}: distinct triples give unrelated seeds.
   */
  static long streamSeed(long seed, long round, int partition) {
    return mix(mix(mix(seed) + round) + partition);
  }

  private static long mix(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public int size() {
    return size;
  }

  /** The index (into the data block) of the {@code k}-th visited example. */
  public int index(int k) {
    return order == null ? from + k : order[from + k];
  }

  /** All examples {@code 0..n-1}, in order. */
  public static Selection all(int n) {
    return new Selection(null, 0, n);
  }

  /** The contiguous examples {@code [from, to)}. */
  public static Selection range(int from, int to) {
    return new Selection(null, from, to - from);
  }

  /**
   * The examples {@code order[from], ..., order[to - 1]} of a block of {@code n}, visited in increasing index, i.e.
   * storage order: a block sorted by user streams the user rows (issue 16). The set is the same as {@link #of}'s; a
   * gradient sum over it has other floating-point bits (the same maths, another summation order), fixed by the set
   * alone, so it is as deterministic. Costs {@code O(n/64 + (to − from))} through a bitmap of the block.
   */
  public static Selection inStorageOrder(int[] order, int from, int to, int n) {
    if (from < 0 || to < from || to > order.length) {
      throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + order.length);
    }
    long[] bits = new long[(n + 63) >>> 6];
    for (int k = from; k < to; k++) bits[order[k] >>> 6] |= 1L << order[k];
    int[] sorted = new int[to - from];
    int m = 0;
    for (int w = 0; w < bits.length; w++) {
      for (long b = bits[w]; b != 0; b &= b - 1) sorted[m++] = (w << 6) + Long.numberOfTrailingZeros(b);
    }
    if (m != sorted.length) throw new IllegalArgumentException("order[" + from + ", " + to + ") repeats an index");
    return new Selection(sorted, 0, m);
  }

  /** The examples {@code order[from], ..., order[to - 1]} (the array is not copied). */
  public static Selection of(int[] order, int from, int to) {
    if (from < 0 || to < from || to > order.length) {
      throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + order.length);
    }
    return new Selection(order, from, to - from);
  }
}
