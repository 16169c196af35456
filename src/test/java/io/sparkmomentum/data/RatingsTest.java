package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RatingsTest {
  private static Ratings sample() {
    return new Ratings(new int[] {0, 1, 2, 0}, new int[] {5, 6, 7, -1}, new float[] {1f, 4.5f, 3f, 0.5f});
  }

  @Test
  void statistics() {
    Ratings r = sample();
    assertEquals(4, r.size);
    assertEquals(2.25, r.mean(), 1e-12);
    assertEquals(0.5f, r.min());
    assertEquals(4.5f, r.max());
    assertEquals(1, r.countUnknown());
    Ratings empty = Ratings.empty();
    assertTrue(empty.isEmpty());
    assertTrue(Double.isNaN(empty.mean()));
    assertTrue(Float.isNaN(empty.min()));
    assertTrue(Float.isNaN(empty.max()));
  }

  @Test
  void selectAndSlice() {
    Ratings r = sample();
    Ratings s = r.select(new int[] {3, 1});
    assertArrayEquals(new int[] {0, 1}, s.users);
    assertArrayEquals(new int[] {-1, 6}, s.items);
    assertArrayEquals(new float[] {0.5f, 4.5f}, s.ratings);
    Ratings t = r.slice(1, 3);
    assertArrayEquals(new int[] {1, 2}, t.users);
    assertThrows(IndexOutOfBoundsException.class, () -> r.select(new int[] {4}));
    assertThrows(IndexOutOfBoundsException.class, () -> r.slice(2, 5));
  }

  @Test
  void columnsMustHaveTheSameLength() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Ratings(new int[2], new int[2], new float[3]));
    assertTrue(e.getMessage().contains("users 2, items 2, ratings 3"), e.getMessage());
  }

  @Test
  void builderGrowsAndTrims() {
    Ratings.Builder b = new Ratings.Builder(1);
    for (int k = 0; k < 1000; k++) {
      b.add(k, k + 1, k / 2f);
    }
    Ratings r = b.build();
    assertEquals(1000, r.size);
    assertEquals(1000, r.users.length);
    assertEquals(999, r.users[999]);
    assertEquals(1000, r.items[999]);
    assertEquals(499.5f, r.ratings[999]);
    b.add(-1, -1, 1f); // building does not freeze the builder, nor change what was built
    assertEquals(1000, r.size);
    assertEquals(1001, b.build().size);
  }
}
