package io.sparkmomentum.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link RealisticRatings}: the shape it promises, implicit events, determinism, bad parameters (issue 16). */
class RealisticRatingsTest {
  /** A rating as emitted. */
  record Row(int user, int item, float rating, boolean test) {}

  static RealisticRatings.Spec spec(int users, int items, long n, boolean implicit, long seed) {
    return new RealisticRatings.Spec(users, items, 8, n, RealisticRatings.ITEM_EXPONENT,
        RealisticRatings.USER_EXPONENT, 0.3, 0.5, 0.5, 1, 5, implicit, 0.2, seed);
  }

  static List<Row> rows(RealisticRatings g, int from, int to) throws Exception {
    List<Row> out = new ArrayList<>();
    g.generate(from, to, (u, i, r, t) -> out.add(new Row(u, i, r, t)));
    return out;
  }

  @Test
  void theExponentsAreRecoveredAndPairsAreDistinct() throws Exception {
    RealisticRatings.Spec s = spec(20_000, 2_000, 200_000, false, 7);
    List<Row> rows = rows(new RealisticRatings(s), 0, s.users());
    assertEquals(200_000, rows.size());
    int[] perUser = new int[s.users()];
    int[] perItem = new int[s.items()];
    Set<Long> pairs = new HashSet<>();
    int test = 0;
    for (Row r : rows) {
      perUser[r.user()]++;
      perItem[r.item()]++;
      assertTrue(pairs.add((long) r.user() * s.items() + r.item()), "pair twice: " + r);
      assertTrue(r.rating() >= 1 && r.rating() <= 5, "clipped: " + r);
      if (r.test()) test++;
    }
    assertEquals(0.56, ZipfFit.exponent(perUser), 0.02, "user activity exponent");
    assertEquals(0.64, ZipfFit.exponent(perItem), 0.05, "item popularity exponent");
    assertEquals(0.2, test / 200_000.0, 0.005, "test fraction");
  }

  @Test
  void countsSumExactlyWithinTheCap() {
    int[] c = ZipfCounts.counts(1_000, 40, 0.56, 30);
    assertEquals(1_000, java.util.Arrays.stream(c).sum());
    for (int k = 0; k < c.length; k++) {
      assertTrue(c[k] <= 30, "capped");
      if (k > 0) assertTrue(c[k] <= c[k - 1], "non-increasing");
    }
    assertEquals(30, c[0], "the head is capped");
    assertEquals(List.of(2, 2), java.util.Arrays.stream(ZipfCounts.counts(4, 2, 0.64, 2)).boxed().toList(),
        "the full grid");
    assertThrows(IllegalArgumentException.class, () -> ZipfCounts.counts(5, 2, 0.64, 2));
  }

  @Test
  void theFullGridIsReachedThroughTheKeyedPhase() throws Exception {
    RealisticRatings.Spec s = spec(30, 200, 6_000, false, 3);
    List<Row> rows = rows(new RealisticRatings(s), 0, s.users());
    assertEquals(6_000, rows.size());
    assertEquals(6_000, rows.stream().map(r -> r.user() * 1000L + r.item()).distinct().count());
  }

  /** Same seed: same rows; any split into user ranges gives the same rows (what the Parquet tasks rely on). */
  @Test
  void deterministicAndIndependentOfTheUserRanges() throws Exception {
    RealisticRatings.Spec s = spec(500, 300, 20_000, false, 11);
    List<Row> once = rows(new RealisticRatings(s), 0, s.users());
    assertEquals(once, rows(new RealisticRatings(s), 0, s.users()));
    RealisticRatings g = new RealisticRatings(s);
    List<Row> split = new ArrayList<>(rows(g, 0, 123));
    split.addAll(rows(new RealisticRatings(s), 123, 400));
    split.addAll(rows(g, 400, 500));
    assertEquals(once, split);
    assertTrue(!once.equals(rows(new RealisticRatings(spec(500, 300, 20_000, false, 12)), 0, 500)), "seed matters");
  }

  /**
   * Implicit events are rating 1, distinct, and chosen by affinity: with the same seed, the explicit ratings of the
   * pairs that became events are higher than those of the pairs that did not.
   */
  @Test
  void implicitEventsFollowTheAffinity() throws Exception {
    RealisticRatings.Spec ex = spec(2_000, 1_000, 60_000, false, 5);
    RealisticRatings.Spec im = spec(2_000, 1_000, 60_000, true, 5);
    List<Row> events = rows(new RealisticRatings(im), 0, im.users());
    assertTrue(events.size() > 50_000 && events.size() <= 60_000, "about the requested count: " + events.size());
    Set<Long> chosen = new HashSet<>();
    for (Row r : events) {
      assertEquals(1f, r.rating());
      assertTrue(chosen.add(r.user() * 10_000L + r.item()));
    }
    double[] sum = new double[2];
    int[] n = new int[2];
    for (Row r : rows(new RealisticRatings(ex), 0, ex.users())) {
      int k = chosen.contains(r.user() * 10_000L + r.item()) ? 1 : 0;
      sum[k] += r.rating();
      n[k]++;
    }
    assertTrue(n[0] > 1000 && n[1] > 1000, "both kinds present");
    assertTrue(sum[1] / n[1] > sum[0] / n[0] + 0.5, "events rate higher: " + sum[1] / n[1] + " vs " + sum[0] / n[0]);
  }

  @Test
  void badParametersNameTheOption() {
    for (Object[] bad : new Object[][] {{"--item-exponent", -1.0}, {"--user-exponent", Double.NaN},
        {"--bias-std", -0.1}, {"--signal-std", Double.POSITIVE_INFINITY}, {"--noise", -1.0}}) {
      double[] v = {0.64, 0.56, 0.3, 0.5, 0.5};
      int k = List.of("--item-exponent", "--user-exponent", "--bias-std", "--signal-std", "--noise").indexOf(bad[0]);
      v[k] = (Double) bad[1];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RealisticRatings.Spec(10,
          10, 2, 50, v[0], v[1], v[2], v[3], v[4], 1, 5, false, 0.1, 1));
      assertTrue(e.getMessage().startsWith(bad[0] + " must be a finite number in ["), e.getMessage());
      assertTrue(e.getMessage().endsWith("got " + bad[1]), e.getMessage());
    }
  }
}
