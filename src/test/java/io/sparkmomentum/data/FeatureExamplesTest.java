package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.source.FeatureChunk;
import io.sparkmomentum.data.source.ReadReport;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.testing.SparkTestSession;
import io.sparkmomentum.train.PartitionBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** Feature rows to blocks: the same blocks whatever the chunking, every row kept, sparse and dense. */
class FeatureExamplesTest {
  private final JavaSparkContext sc = SparkTestSession.sc();

  /** Sparse rows {@code [from, to)} of a seeded random set of rows, as one chunk. */
  private static FeatureChunk sparse(List<Integer> rows, int split) {
    List<Integer> ptr = new ArrayList<>(List.of(0));
    List<Integer> idx = new ArrayList<>();
    List<Float> vals = new ArrayList<>();
    float[] labels = new float[rows.size()];
    for (int k = 0; k < rows.size(); k++) {
      SplittableRandom r = new SplittableRandom(rows.get(k));
      labels[k] = r.nextInt(2);
      for (int j = 0; j < 20; j++) {
        if (r.nextInt(4) == 0) {
          idx.add(j);
          vals.add(r.nextInt(3) == 0 ? 1f : (float) r.nextDouble());
        }
      }
      ptr.add(idx.size());
    }
    float[] v = new float[vals.size()];
    for (int k = 0; k < v.length; k++) v[k] = vals.get(k);
    return new FeatureChunk(20, ptr.stream().mapToInt(Integer::intValue).toArray(),
        idx.stream().mapToInt(Integer::intValue).toArray(), v, labels, null,
        new ReadReport(split, rows.size(), rows.size(), 0, List.of()));
  }

  private static FeatureChunk dense(List<Integer> rows, int split) {
    float[] vals = new float[rows.size() * 5];
    float[] labels = new float[rows.size()];
    for (int k = 0; k < rows.size(); k++) {
      SplittableRandom r = new SplittableRandom(rows.get(k) % 300); // duplicate rows too
      labels[k] = r.nextInt(10);
      for (int j = 0; j < 5; j++) vals[k * 5 + j] = r.nextInt(256) / 255f;
    }
    return new FeatureChunk(5, null, null, vals, labels, null, new ReadReport(split, rows.size(), rows.size(), 0,
        List.of()));
  }

  private interface ChunkMaker {
    FeatureChunk make(List<Integer> rows, int split);
  }

  private List<FeatureRows> blocks(List<Integer> rows, int pieces, ChunkMaker maker) {
    List<FeatureChunk> cs = new ArrayList<>();
    for (int p = 0; p < pieces; p++) {
      cs.add(maker.make(rows.subList(p * rows.size() / pieces, (p + 1) * rows.size() / pieces), p));
    }
    FeatureExamples.Blocks b = FeatureExamples.build(sc, sc.parallelize(cs, pieces), 3, 0, "rows");
    List<PartitionBlock<FeatureRows>> got = new ArrayList<>(b.rdd().collect());
    got.sort(Comparator.comparingInt(PartitionBlock::partition));
    assertEquals(rows.size(), b.stats().count());
    b.unpersist();
    return got.stream().map(PartitionBlock::data).toList();
  }

  private static void assertSame(List<FeatureRows> a, List<FeatureRows> b) {
    assertEquals(a.size(), b.size());
    for (int p = 0; p < a.size(); p++) {
      assertArrayEquals(a.get(p).labels(), b.get(p).labels(), "labels of block " + p);
      assertArrayEquals(a.get(p).values(), b.get(p).values(), "values of block " + p);
      assertArrayEquals(a.get(p).indices(), b.get(p).indices(), "indices of block " + p);
      assertArrayEquals(a.get(p).rowPtr(), b.get(p).rowPtr(), "row pointers of block " + p);
    }
  }

  @Test
  void sparseBlocksDependOnlyOnTheRows() {
    List<Integer> rows = IntStream.range(0, 2000).boxed().toList();
    List<Integer> reversed = new ArrayList<>(rows);
    java.util.Collections.reverse(reversed);
    List<FeatureRows> one = blocks(rows, 1, FeatureExamplesTest::sparse);
    assertSame(one, blocks(rows, 6, FeatureExamplesTest::sparse));
    assertSame(one, blocks(reversed, 4, FeatureExamplesTest::sparse));
    for (FeatureRows b : one) assertTrue(b.size() > 500 && b.sparse(), "balanced: " + b.size());
  }

  @Test
  void denseBlocksDependOnlyOnTheRowsDuplicatesIncluded() {
    List<Integer> rows = IntStream.range(0, 900).boxed().toList();
    List<Integer> shuffled = new ArrayList<>(rows);
    java.util.Collections.shuffle(shuffled, new java.util.Random(3));
    List<FeatureRows> one = blocks(rows, 1, FeatureExamplesTest::dense);
    assertSame(one, blocks(shuffled, 7, FeatureExamplesTest::dense));
    double dot = one.get(0).dot(0, new double[] {1, 1, 1, 1, 1}, 0);
    double sum = 0;
    for (int j = 0; j < 5; j++) sum += one.get(0).values()[j];
    assertEquals(sum, dot, 0);
  }
}
