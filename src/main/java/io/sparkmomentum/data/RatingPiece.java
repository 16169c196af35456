package io.sparkmomentum.data;

import java.io.Serializable;

/**
 * The records of one input split bound for one partition, with dense ids: what the shuffle that assigns ratings to
 * partitions moves (a few arrays per (split, partition) pair, no per-record objects).
 *
 * @param order per record {@code split << 32 | position in the split}, for {@link Duplicates#LAST}; else null
 */
public record RatingPiece(int[] users, int[] items, float[] labels, float[] weights, long[] order) implements Serializable {
  int size() {
    return users.length;
  }
}
