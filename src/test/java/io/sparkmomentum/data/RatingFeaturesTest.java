package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.testing.SparkTestSession;
import io.sparkmomentum.train.PartitionBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RatingFeatures} on small generated ratings with tags side files: every row checked against features
 * computed here from the raw records, independently of the Spark path.
 */
class RatingFeaturesTest {
  private static final int PARTITIONS = 3;

  @TempDir
  static Path dir;

  /** Raw (user, item, rating) records of the training and the test file. */
  private static final List<String[]> TRAIN = new ArrayList<>();
  private static final List<String[]> TEST = new ArrayList<>();
  private static final TreeMap<String, TreeMap<String, Double>> USER_TAGS = new TreeMap<>();
  private static final TreeMap<String, TreeMap<String, Double>> ITEM_TAGS = new TreeMap<>();

  @BeforeAll
  static void data() throws IOException {
    Random rnd = new Random(7);
    TreeSet<String> pairs = new TreeSet<>();
    while (TRAIN.size() < 400) {
      String u = Integer.toString(1 + rnd.nextInt(40));
      String i = Integer.toString(1 + rnd.nextInt(30));
      if (pairs.add(u + " " + i)) TRAIN.add(new String[] {u, i, Integer.toString(1 + rnd.nextInt(5))});
    }
    while (TEST.size() < 120) {
      // user 99 and item 77 appear only in the test file (cold); 99 has side features, 77 has none
      String u = rnd.nextInt(10) == 0 ? "99" : Integer.toString(1 + rnd.nextInt(40));
      String i = rnd.nextInt(10) == 0 ? "77" : Integer.toString(1 + rnd.nextInt(30));
      if (pairs.add(u + " " + i)) TEST.add(new String[] {u, i, Integer.toString(1 + rnd.nextInt(5))});
    }
    for (int u = 1; u <= 40; u += 2) USER_TAGS.put(Integer.toString(u), tags(rnd, "g"));
    USER_TAGS.put("99", tags(rnd, "g"));
    USER_TAGS.put("500", tags(rnd, "g")); // in no rating
    for (int i = 2; i <= 30; i++) ITEM_TAGS.put(Integer.toString(i), tags(rnd, "genre"));
    writeRatings(dir.resolve("train.tsv"), TRAIN);
    writeRatings(dir.resolve("test.tsv"), TEST);
    Files.createDirectories(dir.resolve("train4"));
    for (int f = 0; f < 4; f++) { // the same ratings as four files, in another order
      List<String[]> part = new ArrayList<>();
      for (int k = TRAIN.size() - 1 - f; k >= 0; k -= 4) part.add(TRAIN.get(k));
      writeRatings(dir.resolve("train4/part-" + f + ".tsv"), part);
    }
    writeTags(dir.resolve("users.tags"), USER_TAGS);
    writeTags(dir.resolve("items.tags"), ITEM_TAGS);
  }

  private static TreeMap<String, Double> tags(Random rnd, String prefix) {
    TreeMap<String, Double> t = new TreeMap<>();
    for (int k = 0; k < 5; k++) if (rnd.nextBoolean()) t.put(prefix + k, rnd.nextBoolean() ? 1.0 : 0.5 + k);
    return t;
  }

  private static void writeRatings(Path p, List<String[]> recs) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String[] r : recs) sb.append(r[0]).append('\t').append(r[1]).append('\t').append(r[2]).append('\n');
    Files.writeString(p, sb.toString());
  }

  private static void writeTags(Path p, TreeMap<String, TreeMap<String, Double>> tags) throws IOException {
    StringBuilder sb = new StringBuilder();
    tags.forEach((id, t) -> {
      sb.append(id).append('\t');
      t.forEach((n, v) -> sb.append(n).append(':').append(v).append(' '));
      sb.append('\n');
    });
    Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
  }

  private static RunConfig config(String train, String... more) {
    List<String> o = new ArrayList<>(List.of("data.train=" + dir.resolve(train), "data.test=" + dir.resolve("test.tsv"),
        "model.type=fm", "features.implicit=true", "features.user_file=" + dir.resolve("users.tags"),
        "features.item_file=" + dir.resolve("items.tags")));
    o.addAll(List.of(more));
    return ConfigLoader.load(null, o);
  }

  private static RatingFeatures load(RunConfig cfg) {
    return RatingFeatures.load(SparkTestSession.get(), cfg, 42, PARTITIONS);
  }

  private static List<PartitionBlock<FeatureRows>> blocks(RatingFeatures f, boolean test) {
    return new ArrayList<>((test ? f.testBlocks() : f.trainBlocks()).collect());
  }

  /** Row {@code (user, item)} computed from the raw records: index → value, in index order. */
  private static TreeMap<Integer, Double> expected(RatingFeatures f, String u, String i, boolean withImplicit) {
    FeatureLayout l = f.layout();
    IdIndex users = f.ratings().users();
    IdIndex items = f.ratings().items();
    TreeMap<Integer, Double> row = new TreeMap<>();
    int ui = users.lookup(u);
    int ii = items.lookup(i);
    if (ui >= 0) row.put(ui, 1.0);
    if (ii >= 0) row.put(l.itemOffset() + ii, 1.0);
    List<String> uv = new ArrayList<>(sideVocabulary(USER_TAGS));
    List<String> iv = new ArrayList<>(sideVocabulary(ITEM_TAGS));
    USER_TAGS.getOrDefault(u, new TreeMap<>()).forEach((n, v) -> row.put(l.userSideOffset() + uv.indexOf(n), v));
    ITEM_TAGS.getOrDefault(i, new TreeMap<>()).forEach((n, v) -> row.put(l.itemSideOffset() + iv.indexOf(n), v));
    if (withImplicit && ui >= 0) {
      List<String> rated = TRAIN.stream().filter(r -> r[0].equals(u)).map(r -> r[1]).toList();
      for (String j : rated) row.put(l.implicitOffset() + items.lookup(j), 1 / Math.sqrt(rated.size()));
    }
    return row;
  }

  private static TreeSet<String> sideVocabulary(TreeMap<String, TreeMap<String, Double>> tags) {
    TreeSet<String> v = new TreeSet<>();
    tags.values().forEach(t -> v.addAll(t.keySet()));
    return v;
  }

  private static TreeMap<Integer, Double> actual(FeatureRows x, int r) {
    TreeMap<Integer, Double> row = new TreeMap<>();
    int last = -1;
    for (int k = x.start(r); k < x.end(r); k++) {
      assertTrue(x.indices()[k] > last, "indices increase");
      last = x.indices()[k];
      row.put(x.indices()[k], x.values()[k]);
    }
    return row;
  }

  /**
   * Matches every row of the blocks to its record: the multiset of (row, label) equals the multiset computed from
   * the raw records.
   */
  private static void checkRows(RatingFeatures f, boolean test, List<String[]> recs) {
    List<String> want = new ArrayList<>();
    for (String[] r : recs) want.add(expected(f, r[0], r[1], true) + " -> " + Double.parseDouble(r[2]));
    List<String> got = new ArrayList<>();
    for (PartitionBlock<FeatureRows> b : blocks(f, test)) {
      assertEquals(f.layout().width(), b.data().dim());
      for (int r = 0; r < b.data().size(); r++) got.add(actual(b.data(), r) + " -> " + b.data().labels()[r]);
    }
    want.sort(null);
    got.sort(null);
    assertEquals(want, got);
  }

  @Test
  void rowsHoldTheGroupsInTheirLayout() {
    RatingFeatures f = load(config("train.tsv"));
    try {
      TreeSet<String> users = new TreeSet<>();
      TreeSet<String> items = new TreeSet<>();
      TRAIN.forEach(r -> {
        users.add(r[0]);
        items.add(r[1]);
      });
      FeatureLayout l = f.layout();
      assertEquals(new FeatureLayout(users.size(), items.size(), sideVocabulary(USER_TAGS).size(),
          sideVocabulary(ITEM_TAGS).size(), items.size()), l);
      assertEquals(l.width(), f.schema().numFeatures());
      assertEquals(TRAIN.size(), f.schema().count());
      double mean = TRAIN.stream().mapToDouble(r -> Double.parseDouble(r[2])).average().orElseThrow();
      assertEquals(mean, f.schema().labelMean(), 1e-12);
      checkRows(f, false, TRAIN);
      checkRows(f, true, TEST);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> groups = (List<Map<String, Object>>) f.metadata().get("groups");
      assertEquals(List.of("user", "item", "user_side", "item_side", "implicit"),
          groups.stream().map(g -> g.get("name")).toList());
      assertEquals(l.implicitOffset(), groups.get(4).get("offset"));
      assertTrue(f.describe().contains(l.width() + " features"), f.describe());
    } finally {
      f.unpersist();
    }
  }

  @Test
  void implicitSetsHoldOnlyTrainingItemsWithValueOneOverRootN() {
    RatingFeatures f = load(config("train.tsv"));
    try {
      int off = f.layout().implicitOffset();
      for (boolean test : new boolean[] {false, true}) {
        for (PartitionBlock<FeatureRows> b : blocks(f, test)) {
          FeatureRows x = b.data();
          for (int r = 0; r < x.size(); r++) {
            if (x.start(r) == x.end(r) || x.indices()[x.start(r)] >= f.layout().itemOffset()) continue; // cold user
            String u = f.ratings().users().raw(x.indices()[x.start(r)]);
            TreeSet<String> trained = new TreeSet<>();
            TRAIN.stream().filter(t -> t[0].equals(u)).forEach(t -> trained.add(t[1]));
            TreeSet<String> implicit = new TreeSet<>();
            for (int k = x.start(r); k < x.end(r); k++) {
              if (x.indices()[k] < off) continue;
              implicit.add(f.ratings().items().raw(x.indices()[k] - off));
              assertEquals(1 / Math.sqrt(trained.size()), x.values()[k]);
            }
            assertEquals(trained, implicit, "N(" + u + ") = the user's training items");
          }
        }
      }
      for (String[] t : TEST) { // no leakage: a test item never joins its user's set
        assertFalse(TRAIN.stream().anyMatch(r -> r[0].equals(t[0]) && r[1].equals(t[1])));
      }
    } finally {
      f.unpersist();
    }
  }

  @Test
  void coldUsersAndItemsLackOneHotAndImplicitButKeepSideFeatures() {
    RatingFeatures f = load(config("train.tsv"));
    try {
      long coldUsers = TEST.stream().filter(t -> t[0].equals("99")).count();
      long coldItems = TEST.stream().filter(t -> t[1].equals("77")).count();
      assertTrue(coldUsers > 0 && coldItems > 0, "the test set has cold rows");
      assertEquals(coldUsers, f.summary().get("test_cold_users"));
      assertEquals(coldItems, f.summary().get("test_cold_items"));
      int withSide = 0;
      for (PartitionBlock<FeatureRows> b : blocks(f, true)) {
        FeatureRows x = b.data();
        for (int r = 0; r < x.size(); r++) {
          boolean oneHotUser = x.start(r) < x.end(r) && x.indices()[x.start(r)] < f.layout().itemOffset();
          boolean userSide = false;
          for (int k = x.start(r); k < x.end(r); k++) {
            int j = x.indices()[k];
            userSide |= j >= f.layout().userSideOffset() && j < f.layout().itemSideOffset();
            if (!oneHotUser) assertTrue(j < f.layout().implicitOffset(), "a cold user has no implicit group");
          }
          if (!oneHotUser && userSide) withSide++;
        }
      }
      assertEquals(coldUsers, withSide, "cold user 99 keeps its side features");
    } finally {
      f.unpersist();
    }
  }

  @Test
  void blocksAreTheSameBitsForOtherInputSplitsAndAcrossLoads() {
    RatingFeatures a = load(config("train.tsv"));
    RatingFeatures b = load(config("train4"));
    RatingFeatures c = load(config("train.tsv"));
    try {
      for (boolean test : new boolean[] {false, true}) {
        List<PartitionBlock<FeatureRows>> x = blocks(a, test);
        for (RatingFeatures other : new RatingFeatures[] {b, c}) {
          List<PartitionBlock<FeatureRows>> y = blocks(other, test);
          assertEquals(x.size(), y.size());
          for (int p = 0; p < x.size(); p++) {
            FeatureRows u = x.get(p).data();
            FeatureRows v = y.get(p).data();
            assertEquals(x.get(p).partition(), y.get(p).partition());
            assertArrayEquals(u.rowPtr(), v.rowPtr());
            assertArrayEquals(u.indices(), v.indices());
            assertArrayEquals(u.values(), v.values()); // exact: assertArrayEquals on doubles compares bits
            assertArrayEquals(u.labels(), v.labels());
          }
        }
      }
      assertEquals(a.fingerprint(), c.fingerprint());
    } finally {
      a.unpersist();
      b.unpersist();
      c.unpersist();
    }
  }

  @Test
  void groupsTurnOffByTheirKeysAndTheFingerprintSeesIt() {
    RatingFeatures all = load(config("train.tsv"));
    RatingFeatures ids = load(config("train.tsv", "features.implicit=false", "features.user_file=",
        "features.item_file="));
    try {
      FeatureLayout l = ids.layout();
      assertEquals(0, l.userSide() + l.itemSide() + l.implicitItems());
      assertEquals(l.users() + l.items(), l.width());
      for (PartitionBlock<FeatureRows> b : blocks(ids, false)) {
        for (int r = 0; r < b.data().size(); r++) assertEquals(2, b.data().end(r) - b.data().start(r));
      }
      String why = all.fingerprint().differenceFrom(ids.fingerprint());
      assertTrue(why != null && why.contains("feature groups"), String.valueOf(why));
      assertNull(all.fingerprint().differenceFrom(all.fingerprint()));
      assertNotEquals(all.fingerprint(), ids.fingerprint());
    } finally {
      all.unpersist();
      ids.unpersist();
    }
  }

  /**
   * {@code features.scale = frequency}: every training and test value is the unscaled one times
   * {@code sqrt(N / n_j)}, with {@code n_j} counted here over the unscaled training rows; the counts are in the
   * metadata and the schema; the fingerprint sees the key.
   */
  @Test
  void frequencyScaleMultipliesEachFeatureByRootOfItsInverseTrainingFrequency() {
    RatingFeatures raw = load(config("train.tsv"));
    RatingFeatures scaled = load(config("train.tsv", "features.scale=frequency"));
    try {
      int dim = raw.layout().width();
      long[] n = new long[dim];
      long rows = 0;
      for (PartitionBlock<FeatureRows> b : blocks(raw, false)) {
        for (int r = 0; r < b.data().size(); r++, rows++) actual(b.data(), r).keySet().forEach(j -> n[j]++);
      }
      assertEquals(TRAIN.size(), rows);
      double[] factor = new double[dim];
      for (int j = 0; j < dim; j++) factor[j] = n[j] == 0 ? 1 : Math.sqrt((double) rows / n[j]);
      for (boolean test : new boolean[] {false, true}) {
        List<PartitionBlock<FeatureRows>> a = blocks(raw, test);
        List<PartitionBlock<FeatureRows>> c = blocks(scaled, test);
        assertEquals(a.size(), c.size());
        for (int p = 0; p < a.size(); p++) {
          FeatureRows x = a.get(p).data();
          FeatureRows y = c.get(p).data();
          assertArrayEquals(x.indices(), y.indices());
          assertArrayEquals(x.labels(), y.labels());
          for (int k = 0; k < x.values().length; k++) {
            assertEquals(x.values()[k] * factor[x.indices()[k]], y.values()[k], 1e-12 * factor[x.indices()[k]]);
          }
        }
      }
      assertArrayEquals(n, scaled.scale().counts());
      assertArrayEquals(factor, scaled.schema().featureScale(), 0.0);
      assertNull(raw.schema().featureScale());
      Map<String, Object> m = scaled.metadata();
      assertEquals("frequency", m.get("scale"));
      assertEquals(rows, ((Number) m.get("scale_rows")).longValue());
      assertEquals(dim, ((List<?>) m.get("scale_counts")).size());
      assertEquals("none", raw.metadata().get("scale"));
      assertNotEquals(raw.fingerprint(), scaled.fingerprint());
    } finally {
      raw.unpersist();
      scaled.unpersist();
    }
  }

  @Test
  void dataFrameHasTheBlocksRows() {
    RatingFeatures f = load(config("train.tsv"));
    try {
      SparkSession spark = SparkTestSession.get();
      for (boolean test : new boolean[] {false, true}) {
        List<Row> rows = f.toDataFrame(spark, test).collectAsList();
        int k = 0;
        for (PartitionBlock<FeatureRows> b : blocks(f, test)) {
          FeatureRows x = b.data();
          for (int r = 0; r < x.size(); r++, k++) {
            Row row = rows.get(k);
            assertEquals(x.labels()[r], row.getDouble(0));
            SparseVector v = (SparseVector) row.get(1);
            assertEquals(x.dim(), v.size());
            assertArrayEquals(java.util.Arrays.copyOfRange(x.indices(), x.start(r), x.end(r)), v.indices());
            assertArrayEquals(java.util.Arrays.copyOfRange(x.values(), x.start(r), x.end(r)), v.values());
          }
        }
        assertEquals(k, rows.size());
      }
    } finally {
      f.unpersist();
    }
  }

  @Test
  void writeSavesIdsMapsAndTheIndexSpace() throws IOException {
    RatingFeatures f = load(config("train.tsv"));
    try {
      SparkSession spark = SparkTestSession.get();
      String out = dir.resolve("written").toString();
      f.write(spark, out);
      Map<String, Object> meta = Json.readMap(Files.readString(Path.of(out, "features.json")));
      assertEquals(f.layout().width(), ((Number) meta.get("num_features")).intValue());
      assertEquals(f.ratings().users().size(), spark.read().parquet(out + "/user_ids").count());
      assertEquals(USER_TAGS.size(), spark.read().parquet(out + "/user_side").count(), "every id of the file");
      List<Row> sets = spark.read().parquet(out + "/implicit").orderBy("user").collectAsList();
      assertEquals(f.ratings().users().size(), sets.size());
      String u = f.ratings().users().raw(sets.get(0).getInt(0));
      long rated = TRAIN.stream().filter(r -> r[0].equals(u)).count();
      assertEquals(rated, sets.get(0).getList(1).size());
    } finally {
      f.unpersist();
    }
  }
}
