package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.model.MatrixFactorization;
import io.sparkmomentum.model.ParameterLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** A dense piece travels packed (its non-zero rows only) and arrives with every bit, signed zeros included. */
class GradientPieceTransportTest {
  private final ParameterLayout layout = new MatrixFactorization(50, 40, 3, 0, 0, 0).layout();

  /** Dense, with values in the rows {@code r % 3 == 0} only, one of them a {@code -0.0}, one a subnormal. */
  private GradientPiece dense() {
    double[] v = new double[layout.size()];
    for (int r = 0; r < layout.numRows(); r += 3) {
      for (int j = layout.rowOffset(r); j < layout.rowOffset(r) + layout.rowWidth(r); j++) v[j] = 0.25 * j - 7;
    }
    v[layout.rowOffset(4)] = -0.0;
    v[layout.rowOffset(7) + 1] = Double.MIN_VALUE;
    return new GradientPiece(2, 4, 1.5, 9, null, v);
  }

  @Test
  void packedDensePieceRestoresEveryBitAndCarriesFewerBytes() throws Exception {
    GradientPiece original = dense();
    double[] expected = original.values.clone();
    long denseBytes = original.wireBytes();
    GradientPiece packed = dense().pack(layout);
    assertNotNull(packed.packedRows, "a third of the rows: packing is smaller");
    assertTrue(packed.wireBytes() < denseBytes / 2, packed.wireBytes() + " vs " + denseBytes);
    GradientPiece back = roundTrip(packed).unpack(layout);
    assertNull(back.packedRows);
    assertTrue(back.dense(), "still dense: it combines as before");
    assertEquals(expected.length, back.values.length);
    for (int j = 0; j < expected.length; j++) {
      assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(back.values[j]), "index " + j);
    }
  }

  @Test
  void packingIsSkippedWhenItSavesNothingAndForSparsePieces() {
    double[] full = new double[layout.size()];
    java.util.Arrays.fill(full, 1.0);
    GradientPiece everyRow = new GradientPiece(0, 1, 0, 1, null, full);
    assertSame(full, everyRow.pack(layout).values);
    assertNull(everyRow.packedRows);
    GradientPiece sparse = new GradientPiece(0, 1, 0, 1, new int[] {2}, new double[layout.rowWidth(2)]);
    sparse.pack(layout);
    assertNull(sparse.packedRows);
  }

  /** Packed and unpacked operands give the same combined bits. */
  @Test
  void combiningPackedPiecesGivesTheSameBits() {
    GradientPiece left = dense();
    GradientPiece right = new GradientPiece(4, 6, 2.0, 3, new int[] {1, 4}, new double[layout.rowWidth(1)
        + layout.rowWidth(4)]);
    right.values[0] = -0.0;
    right.values[layout.rowWidth(1)] = 3.5;
    GradientPiece plain = GradientPiece.combine(dense(), copy(right), layout);
    GradientPiece packed = GradientPiece.combine(left.pack(layout), copy(right), layout);
    assertArrayEquals(plain.values, packed.values, 0.0);
    for (int j = 0; j < plain.values.length; j++) {
      assertEquals(Double.doubleToRawLongBits(plain.values[j]), Double.doubleToRawLongBits(packed.values[j]));
    }
  }

  private static GradientPiece copy(GradientPiece p) {
    return new GradientPiece(p.lo, p.hi, p.loss, p.count, p.rows, p.values.clone());
  }

  private static GradientPiece roundTrip(GradientPiece p) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(p);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (GradientPiece) in.readObject();
    }
  }
}
