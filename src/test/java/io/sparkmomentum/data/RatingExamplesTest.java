package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.source.RatingChunk;
import io.sparkmomentum.data.source.ReadReport;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.testing.SparkTestSession;
import io.sparkmomentum.train.PartitionBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;

/** The executor-side pipeline from raw records to blocks: independent of chunking, ids in IdOrder, duplicates. */
class RatingExamplesTest {
  private final JavaSparkContext sc = SparkTestSession.sc();

  /** Raw records: user, item, label. */
  private record Rec(String user, String item, float label) {}

  private static List<Rec> records(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Rec> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      String u = r.nextInt(3) == 0 ? "u" + r.nextInt(40) : String.valueOf(r.nextInt(60));
      out.add(new Rec(u, String.valueOf(r.nextInt(90)), 1 + r.nextInt(5)));
    }
    return out;
  }

  /** One chunk of {@code recs}, dictionary-encoded in first-seen order, as a reader makes it. */
  private static RatingChunk chunk(List<Rec> recs, int split) {
    Map<String, Integer> ud = new LinkedHashMap<>();
    Map<String, Integer> id = new LinkedHashMap<>();
    int n = recs.size();
    int[] us = new int[n];
    int[] is = new int[n];
    float[] ls = new float[n];
    for (int k = 0; k < n; k++) {
      us[k] = ud.computeIfAbsent(recs.get(k).user, x -> ud.size());
      is[k] = id.computeIfAbsent(recs.get(k).item, x -> id.size());
      ls[k] = recs.get(k).label;
    }
    return new RatingChunk(ud.keySet().toArray(new String[0]), us, id.keySet().toArray(new String[0]), is, ls, null,
        new ReadReport(split, n, n, 0, List.of()));
  }

  private JavaRDD<RatingChunk> chunks(List<Rec> recs, int pieces) {
    List<RatingChunk> out = new ArrayList<>();
    for (int p = 0; p < pieces; p++) {
      out.add(chunk(recs.subList(p * recs.size() / pieces, (p + 1) * recs.size() / pieces), p));
    }
    return sc.parallelize(out, pieces);
  }

  private record Built(IdIndex users, IdIndex items, List<RatingColumns> blocks, RatingExamples.Stats stats) {}

  private Built build(JavaRDD<RatingChunk> chunks, int partitions, Duplicates policy) {
    IdIndex users = RatingExamples.index(chunks, true, Holdout.Part.ALL, Holdout.NONE);
    IdIndex items = RatingExamples.index(chunks, false, Holdout.Part.ALL, Holdout.NONE);
    Broadcast<IdIndex> bu = sc.broadcast(users);
    Broadcast<IdIndex> bi = sc.broadcast(items);
    RatingExamples.Blocks b = RatingExamples.build(sc, chunks, bu, bi, partitions, Holdout.Part.ALL, Holdout.NONE,
        policy, "test-data", "test");
    List<PartitionBlock<RatingColumns>> got = new ArrayList<>(b.rdd().collect());
    got.sort(Comparator.comparingInt(PartitionBlock::partition));
    b.unpersist();
    return new Built(users, items, got.stream().map(PartitionBlock::data).toList(), b.stats());
  }

  private static void assertSameBlocks(List<RatingColumns> a, List<RatingColumns> b) {
    assertEquals(a.size(), b.size());
    for (int p = 0; p < a.size(); p++) {
      assertArrayEquals(a.get(p).users(), b.get(p).users(), "users of partition " + p);
      assertArrayEquals(a.get(p).items(), b.get(p).items(), "items of partition " + p);
      assertArrayEquals(a.get(p).ratings(), b.get(p).ratings(), "ratings of partition " + p);
    }
  }

  @Test
  void blocksDependOnTheRecordsNotOnTheirChunkingOrOrder() {
    List<Rec> recs = records(3000, 7);
    List<Rec> reversed = new ArrayList<>(recs);
    java.util.Collections.reverse(reversed);
    Built one = build(chunks(recs, 1), 3, Duplicates.KEEP);
    Built seven = build(chunks(recs, 7), 3, Duplicates.KEEP);
    Built rev = build(chunks(reversed, 5), 3, Duplicates.KEEP);
    assertSameBlocks(one.blocks, seven.blocks);
    assertSameBlocks(one.blocks, rev.blocks);
    assertEquals(one.users, rev.users);
    assertEquals(3000, one.stats.count());
    assertEquals(one.stats, rev.stats);
    for (RatingColumns b : one.blocks) {
      assertTrue(b.size() > 600, "hash partitions are balanced: " + b.size());
      for (int x = 1; x < b.size(); x++) {
        long prev = (long) b.users()[x - 1] << 32 | b.items()[x - 1];
        long cur = (long) b.users()[x] << 32 | b.items()[x];
        assertTrue(prev < cur || (prev == cur && b.ratings()[x - 1] <= b.ratings()[x]), "sorted at " + x);
      }
    }
  }

  @Test
  void twoSetsMergedPartitionByPartitionAreTheBlocksOfTheirUnion() {
    List<Rec> recs = records(3000, 11);
    List<Rec> even = new ArrayList<>();
    List<Rec> odd = new ArrayList<>();
    for (int k = 0; k < recs.size(); k++) (k % 3 == 0 ? odd : even).add(recs.get(k));
    JavaRDD<RatingChunk> all = chunks(recs, 2);
    Broadcast<IdIndex> bu = sc.broadcast(RatingExamples.index(all, true, Holdout.Part.ALL, Holdout.NONE));
    Broadcast<IdIndex> bi = sc.broadcast(RatingExamples.index(all, false, Holdout.Part.ALL, Holdout.NONE));
    RatingExamples.Blocks a = RatingExamples.build(sc, chunks(even, 3), bu, bi, 3, Holdout.Part.ALL, Holdout.NONE,
        Duplicates.KEEP, "a", "test");
    RatingExamples.Blocks b = RatingExamples.build(sc, chunks(odd, 2), bu, bi, 3, Holdout.Part.ALL, Holdout.NONE,
        Duplicates.KEEP, "b", "test");
    RatingExamples.Blocks whole = RatingExamples.build(sc, all, bu, bi, 3, Holdout.Part.ALL, Holdout.NONE,
        Duplicates.KEEP, "whole", "test");
    RatingExamples.Blocks merged = a.merged(sc, b);
    assertEquals(3, merged.rdd().getNumPartitions(), "as many partitions as either set, not their sum");
    assertEquals(whole.stats().count(), merged.stats().count());
    assertEquals(whole.stats().labelSum(), merged.stats().labelSum());
    List<PartitionBlock<RatingColumns>> m = new ArrayList<>(merged.rdd().collect());
    List<PartitionBlock<RatingColumns>> w = new ArrayList<>(whole.rdd().collect());
    m.sort(Comparator.comparingInt(PartitionBlock::partition));
    w.sort(Comparator.comparingInt(PartitionBlock::partition));
    assertSameBlocks(w.stream().map(PartitionBlock::data).toList(), m.stream().map(PartitionBlock::data).toList());
    RatingExamples.Blocks four = RatingExamples.build(sc, chunks(odd, 2), bu, bi, 4, Holdout.Part.ALL, Holdout.NONE,
        Duplicates.KEEP, "b4", "test");
    assertEquals(7, a.merged(sc, four).rdd().getNumPartitions(), "different partition counts: the plain union");
    for (RatingExamples.Blocks x : List.of(a, b, whole, merged, four)) x.unpersist();
  }

  @Test
  void idsAreNumberedIntegersFirstByValueThenStrings() {
    List<Rec> recs = List.of(new Rec("10", "b", 1), new Rec("a", "a", 2), new Rec("9", "10", 3),
        new Rec("07", "9", 4));
    Built b = build(chunks(recs, 2), 2, Duplicates.KEEP);
    assertEquals(List.of("07", "9", "10", "a"), b.users.rawIds());
    assertEquals(List.of("9", "10", "a", "b"), b.items.rawIds());
  }

  @Test
  void duplicatePairsFollowThePolicy() {
    List<Rec> recs = List.of(new Rec("1", "1", 4), new Rec("2", "1", 3), new Rec("1", "1", 1), new Rec("1", "2", 5));
    Built keep = build(chunks(recs, 2), 1, Duplicates.KEEP);
    assertEquals(1, keep.stats.duplicates());
    assertArrayEquals(new float[] {1, 4, 5, 3}, keep.blocks.get(0).ratings());
    Built mean = build(chunks(recs, 2), 1, Duplicates.MEAN);
    assertArrayEquals(new float[] {2.5f, 5, 3}, mean.blocks.get(0).ratings());
    assertEquals(1, mean.stats.duplicates());
    Built last = build(chunks(recs, 2), 1, Duplicates.LAST);
    assertArrayEquals(new float[] {1, 5, 3}, last.blocks.get(0).ratings(), "the later record of (1, 1) is 1.0");
    BadInputException e = assertThrows(BadInputException.class, () -> build(chunks(recs, 2), 1, Duplicates.FAIL));
    assertTrue(e.getMessage().startsWith("test-data: the pair (user '1', item '1') has 2 records (labels 1.0"
        + " and 4.0)"), e.getMessage());
  }

  @Test
  void heldOutRatingsNeverEnterTheIndex() {
    List<Rec> recs = records(4000, 11);
    JavaRDD<RatingChunk> chunks = chunks(recs, 4);
    double f = 0.25;
    IdIndex users = RatingExamples.index(chunks, true, Holdout.Part.TRAIN, new Holdout(f, 0, 42));
    IdIndex items = RatingExamples.index(chunks, false, Holdout.Part.TRAIN, new Holdout(f, 0, 42));
    java.util.Set<String> trainUsers = new java.util.HashSet<>();
    int held = 0;
    for (Rec r : recs) {
      if (RatingExamples.heldOut(r.user, r.item, r.label, f, 42)) held++;
      else trainUsers.add(r.user);
    }
    assertEquals(trainUsers.size(), users.size(), "only training users are indexed");
    assertTrue(held > 800 && held < 1200, "about a quarter held out: " + held);
    Broadcast<IdIndex> bu = sc.broadcast(users);
    Broadcast<IdIndex> bi = sc.broadcast(items);
    RatingExamples.Blocks test = RatingExamples.build(sc, chunks, bu, bi, 2, Holdout.Part.TEST, new Holdout(f, 0, 42),
        Duplicates.KEEP, "d", "held out");
    assertEquals(held, test.stats().count());
    long cold = 0;
    long expectedCold = 0;
    for (PartitionBlock<RatingColumns> b : test.rdd().collect()) {
      for (int u : b.data().users()) if (u < 0) cold++;
    }
    for (Rec r : recs) {
      if (RatingExamples.heldOut(r.user, r.item, r.label, f, 42) && !trainUsers.contains(r.user)) expectedCold++;
    }
    assertEquals(expectedCold, cold, "held-out ratings of users never trained on are cold");
    test.unpersist();
  }

  @Test
  void idOrderIsTotalAndNumeric() {
    List<String> ids = new ArrayList<>(List.of("b", "100000000000000000000", "-3", "2", "+2", "a", "02"));
    ids.sort(IdOrder.INSTANCE);
    assertEquals(List.of("-3", "+2", "02", "2", "100000000000000000000", "a", "b"), ids);
    assertNull(Duplicates.parseOrNull("sometimes"));
  }
}
