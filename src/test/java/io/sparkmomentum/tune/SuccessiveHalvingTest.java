package io.sparkmomentum.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuccessiveHalvingTest {
  @Test
  void sixCandidatesTrainAThirdThenTheBestTwoTrainToTheEnd() {
    assertEquals(List.of(new SuccessiveHalving.Rung(33, 6), new SuccessiveHalving.Rung(100, 2)),
        SuccessiveHalving.plan(6, 100, 3));
  }

  @Test
  void nineCandidatesKeepAThirdAtEachRung() {
    assertEquals(List.of(new SuccessiveHalving.Rung(33, 9), new SuccessiveHalving.Rung(100, 3)),
        SuccessiveHalving.plan(9, 100, 3));
    assertEquals(List.of(new SuccessiveHalving.Rung(11, 27), new SuccessiveHalving.Rung(33, 9),
        new SuccessiveHalving.Rung(100, 3)), SuccessiveHalving.plan(27, 100, 3));
  }

  @Test
  void fewEpochsMergeRungsAndOneCandidateTrainsOnce() {
    assertEquals(List.of(new SuccessiveHalving.Rung(1, 9)), SuccessiveHalving.plan(9, 1, 3));
    assertEquals(List.of(new SuccessiveHalving.Rung(2, 6), new SuccessiveHalving.Rung(5, 2)),
        SuccessiveHalving.plan(6, 5, 3));
    assertEquals(List.of(new SuccessiveHalving.Rung(40, 1)), SuccessiveHalving.plan(1, 40, 3));
    assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.plan(0, 10, 3));
  }
}
