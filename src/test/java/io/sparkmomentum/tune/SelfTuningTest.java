package io.sparkmomentum.tune;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SelfTuningTest {
  @Test
  void aCandidateStallsAfterPatienceEvaluationsWithoutImproving() {
    int window = SelfTuning.PATIENCE * SelfTuning.VALIDATE_EVERY;
    assertFalse(SelfTuning.stalled(35 + window - 1, 35), "one evaluation short of the patience");
    assertTrue(SelfTuning.stalled(35 + window, 35));
    assertFalse(SelfTuning.stalled(window + 5, 0), "never validated: not stalled");
    assertFalse(SelfTuning.stalled(40, 40), "improved at this evaluation");
  }
}
