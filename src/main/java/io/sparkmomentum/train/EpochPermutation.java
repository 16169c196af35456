package io.sparkmomentum.train;

import io.sparkmomentum.model.Selection;

/**
 * A seeded pseudo-random permutation of {@code [0, n)} evaluated in O(1) per index, so that a round can visit its
 * slice of an epoch's shuffled order without shuffling, storing or scanning the whole partition.
 *
 * <p>It is a 4-round balanced Feistel network over the smallest power of four ≥ n, with cycle walking to stay in
 * range (Black and Rogaway 2002, "Ciphers with arbitrary finite domains"). The round function is SplitMix64's
 * finaliser keyed by the seed. The permutation depends only on {@code (n, seed)}, never on the task attempt.
 */
public final class EpochPermutation {
  private final int n;
  private final int halfBits;
  private final long halfMask;
  private final long[] keys = new long[4];

  public EpochPermutation(int n, long seed) {
    if (n < 0) throw new IllegalArgumentException("n < 0");
    this.n = n;
    int bits = 2;
    while ((1L << bits) < n) bits += 2;
    this.halfBits = bits / 2;
    this.halfMask = (1L << halfBits) - 1;
    long s = seed;
    for (int r = 0; r < 4; r++) {
      s += 0x9E3779B97F4A7C15L;
      keys[r] = mix(s);
    }
  }

  /** Derives an independent seed for (run seed, epoch, partition). */
  public static long seedFor(long seed, long epoch, int partition) {
    return mix(mix(mix(seed) ^ epoch) ^ partition);
  }

  /** SplitMix64's finaliser (Steele, Lea and Flood 2014). */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private long encrypt(long x) {
    long l = x >>> halfBits;
    long r = x & halfMask;
    for (int round = 0; round < 4; round++) {
      long t = l ^ (mix(r ^ keys[round]) & halfMask);
      l = r;
      r = t;
    }
    return (l << halfBits) | r;
  }

  /** The position of element {@code k} in the permuted order. */
  public int apply(int k) {
    long x = k;
    do {
      x = encrypt(x);
    } while (x >= n);
    return (int) x;
  }

  public int size() {
    return n;
  }

  /** The permuted positions {@code [from, to)} as a {@link Selection}. */
  public Selection slice(int from, int to) {
    return new Selection() {
      public int size() {
        return to - from;
      }

      public int index(int k) {
        return apply(from + k);
      }
    };
  }
}
