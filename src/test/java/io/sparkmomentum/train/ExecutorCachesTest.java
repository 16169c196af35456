package io.sparkmomentum.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.train.ExecutorCaches.Training;
import org.junit.jupiter.api.Test;

/** The keying, recycling and bounds of {@link ExecutorCaches}' dense views, without Spark. */
class ExecutorCachesTest {
  static RowBroadcast.Runs all(double... values) {
    return new RowBroadcast.Runs(values.length, new int[] {0}, new int[] {values.length}, values.clone(), null);
  }

  static Training training(String app, long fit) {
    return new Training(app + "-" + System.nanoTime(), fit);
  }

  @Test
  void theSameBroadcastIdInTwoTrainingsIsTwoViews() {
    Training a = training("app", 1);
    Training b = training("app", 2); // e.g. a second SparkContext: broadcast ids start at 0 again
    double[] va = ExecutorCaches.denseView(a, 0, () -> all(1, 2, 3));
    double[] vb = ExecutorCaches.denseView(b, 0, () -> all(7, 8, 9));
    assertNotSame(va, vb);
    assertArrayEquals(new double[] {1, 2, 3}, ExecutorCaches.denseView(a, 0, () -> all(0, 0, 0)), 0.0);
    assertArrayEquals(new double[] {7, 8, 9}, ExecutorCaches.denseView(b, 0, () -> all(0, 0, 0)), 0.0);
    ExecutorCaches.release(a);
    ExecutorCaches.release(b);
  }

  @Test
  void aTrainingRefillsItsOwnArrayAndAStragglerGetsItsOwn() {
    Training a = training("app", 1);
    double[] round1 = ExecutorCaches.denseView(a, 5, () -> all(1, 2, 3));
    double[] round2 = ExecutorCaches.denseView(a, 7, () -> all(4, 5, 6));
    assertSame(round1, round2, "the next round of the same training reuses the array");
    assertArrayEquals(new double[] {4, 5, 6}, round2, 0.0);
    double[] late = ExecutorCaches.denseView(a, 5, () -> all(1, 2, 3));
    assertNotSame(round2, late, "a task of the earlier round does not refill the current view");
    assertArrayEquals(new double[] {1, 2, 3}, late, 0.0);
    assertArrayEquals(new double[] {4, 5, 6}, round2, 0.0);
    ExecutorCaches.release(a);
    assertFalse(ExecutorCaches.trainingsHeld().contains(a), "released");
  }

  @Test
  void atMostMaxTrainingsAreHeldAndAnEvictedArrayIsNeverReused() {
    int n = ExecutorCaches.MAX_TRAININGS + 2;
    Training[] t = new Training[n];
    double[][] views = new double[n][];
    for (int k = 0; k < n; k++) {
      t[k] = training("app", k);
      double v = k;
      views[k] = ExecutorCaches.denseView(t[k], 1, () -> all(v, v));
    }
    assertTrue(ExecutorCaches.trainingsHeld().size() <= ExecutorCaches.MAX_TRAININGS);
    assertFalse(ExecutorCaches.trainingsHeld().contains(t[0]), "the least recently used training is dropped");
    for (int k = 0; k < n; k++) {
      assertArrayEquals(new double[] {k, k}, views[k], 0.0, "array of training " + k + " was never refilled");
    }
    double[] again = ExecutorCaches.denseView(t[0], 1, () -> all(0, 0));
    assertNotSame(views[0], again);
    assertEquals(0.0, again[0]);
    for (Training x : t) ExecutorCaches.release(x);
  }
}
