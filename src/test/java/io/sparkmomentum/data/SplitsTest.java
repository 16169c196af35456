package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitsTest {
  /** Rating k has user k, so a rating's identity is visible in the split. */
  private static Ratings numbered(int n) {
    Ratings.Builder b = new Ratings.Builder(n);
    for (int k = 0; k < n; k++) {
      b.add(k, k % 17, k % 5 + 1);
    }
    return b.build();
  }

  @Test
  void sameSeedSameSplit() {
    Ratings all = numbered(10_000);
    Splits.Split a = Splits.random(all, 0.2, 42);
    Splits.Split b = Splits.random(all, 0.2, 42);
    assertArrayEquals(a.test().users, b.test().users);
    assertArrayEquals(a.train().users, b.train().users);
    Splits.Split c = Splits.random(all, 0.2, 43);
    assertFalse(Arrays.equals(a.test().users, c.test().users), "another seed, another split");
  }

  @Test
  void exactFractionDisjointCompleteAndOrdered() {
    Ratings all = numbered(10_001);
    Splits.Split s = Splits.random(all, 0.2, 7);
    assertEquals(Math.round(0.2 * 10_001), s.test().size);
    assertEquals(10_001, s.train().size + s.test().size);
    boolean[] seen = new boolean[all.size];
    for (Ratings part : new Ratings[] {s.train(), s.test()}) {
      for (int k = 0; k < part.size; k++) {
        int id = part.users[k];
        assertFalse(seen[id], "rating " + id + " in both sets");
        seen[id] = true;
        assertEquals(id % 17, part.items[k]);
        assertEquals(id % 5 + 1, part.ratings[k]);
        if (k > 0) {
          assertTrue(part.users[k - 1] < id, "original order kept");
        }
      }
    }
  }

  @Test
  void testSetIsSpreadOverTheInput() {
    Splits.Split s = Splits.random(numbered(100_000), 0.1, 1);
    int firstHalf = 0;
    for (int u : s.test().users) {
      if (u < 50_000) {
        firstHalf++;
      }
    }
    assertEquals(5_000, firstHalf, 300, "about half of the test set comes from the first half of the input");
  }

  @Test
  void edgeFractionsAndBadArguments() {
    Ratings all = numbered(10);
    assertEquals(0, Splits.random(all, 0, 1).test().size);
    assertEquals(10, Splits.random(all, 1, 1).test().size);
    assertEquals(0, Splits.random(Ratings.empty(), 0.5, 1).test().size);
    assertThrows(IllegalArgumentException.class, () -> Splits.random(all, -0.1, 1));
    assertThrows(IllegalArgumentException.class, () -> Splits.random(all, 1.5, 1));
    assertThrows(IllegalArgumentException.class, () -> Splits.random(all, Double.NaN, 1));
  }

  @Test
  void generatorIsPinned() {
    // SplitMix64 from seed 0: the published first outputs, so splits never change with the Java version.
    long[] state = {0};
    assertEquals(0xE220A8397B1DCDAFL, Splits.nextLong(state));
    assertEquals(0x6E789E6AA1B965F4L, Splits.nextLong(state));
    long[] s2 = {123};
    int[] counts = new int[3];
    for (int k = 0; k < 30_000; k++) {
      counts[Splits.nextInt(s2, 3)]++;
    }
    for (int c : counts) {
      assertEquals(10_000, c, 400);
    }
  }
}
