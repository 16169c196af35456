package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HoldoutTest {
  @Test
  void theSlicesAreDisjointAndNearTheirFractions() {
    Holdout h = new Holdout(0.2, 0.1, 42);
    Map<Holdout.Slice, Integer> n = new EnumMap<>(Holdout.Slice.class);
    int total = 100_000;
    for (int k = 0; k < total; k++) {
      Holdout.Slice s = h.slice("u" + (k % 997), "i" + k, 3.5f);
      n.merge(s, 1, Integer::sum);
      assertEquals(s == Holdout.Slice.TEST, h.takes(Holdout.Part.TEST, "u" + (k % 997), "i" + k, 3.5f));
      assertEquals(s != Holdout.Slice.TEST, h.takes(Holdout.Part.FIT, "u" + (k % 997), "i" + k, 3.5f));
    }
    assertEquals(0.2, n.get(Holdout.Slice.TEST) / (double) total, 0.01);
    assertEquals(0.1, n.get(Holdout.Slice.VALIDATION) / (double) total, 0.01);
    assertEquals(0.7, n.get(Holdout.Slice.TRAIN) / (double) total, 0.01);
  }

  @Test
  void addingAValidationSliceKeepsTheTestSlice() {
    Holdout testOnly = new Holdout(0.2, 0, 7);
    Holdout both = new Holdout(0.2, 0.15, 7);
    for (int k = 0; k < 20_000; k++) {
      boolean a = testOnly.slice("u" + k, "i" + (k * 31), 4f) == Holdout.Slice.TEST;
      boolean b = both.slice("u" + k, "i" + (k * 31), 4f) == Holdout.Slice.TEST;
      assertEquals(a, b);
      // the validation slice comes out of the training slice only
      if (both.slice("u" + k, "i" + (k * 31), 4f) == Holdout.Slice.VALIDATION) {
        assertEquals(Holdout.Slice.TRAIN, testOnly.slice("u" + k, "i" + (k * 31), 4f));
      }
    }
  }

  @Test
  void fractionsThatLeaveNothingToTrainOnAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Holdout(0.6, 0.4, 1));
    assertThrows(IllegalArgumentException.class, () -> new Holdout(-0.1, 0, 1));
    assertTrue(new Holdout(0, 0, 1).slice("a", "b", 1f) == Holdout.Slice.TRAIN);
  }
}
