package io.sparkmomentum.data;

/**
 * Stable hashing that assigns examples to partitions. An example's partition is a function of its content
 * (a rating's dense (user, item) pair), never of the input split it came from, so the same data gives the same
 * partitions whatever the format, the file splitting or the master.
 */
public final class ExampleHash {
  private ExampleHash() {}

  /** The MurmurHash3 64-bit finaliser (Appleby), a bijection on longs with full avalanche. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** The partition in {@code [0, partitions)} of the pair (user, item) (dense indices, -1 allowed). */
  public static int partition(int user, int item, int partitions) {
    long h = mix64(((long) user << 32) ^ (item & 0xffffffffL));
    return (int) Math.floorMod(h, (long) partitions);
  }

  /** A uniform double in [0, 1) from a hash (53 high bits). */
  public static double unit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }
}
