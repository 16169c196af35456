package io.sparkmomentum.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.OnBadRecord;
import io.sparkmomentum.data.RatingsFormat;
import io.sparkmomentum.data.ReaderOptions;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet, ORC and tables read into {@link RatingChunk}s on the executors: records, splits, ids. */
class ColumnarSourcesTest {
  @TempDir Path tmp;

  static final StructType INT_SCHEMA = new StructType().add("user", DataTypes.IntegerType)
      .add("item", DataTypes.LongType).add("rating", DataTypes.DoubleType);

  static ReaderOptions opts() {
    return ReaderOptions.defaults(RatingsFormat.CSV).withColumns("user", "item", "rating");
  }

  static SourceSpec spec(SourceFormat f, String path, ReaderOptions o) {
    return SourceSpec.ratings(f, path, o, 2);
  }

  /**
   * A chunk as seen on the driver: its report and its records as "user|item|rating". (Chunks are reduced on the
   * executors, as the trainer does: KryoRegistration does not list RatingChunk / ReadReport yet.)
   */
  record Seen(ReadReport report, List<String> records) {}

  /** Every record as "user|item|rating", sorted (a multiset). */
  static List<String> records(List<Seen> chunks) {
    List<String> out = new ArrayList<>();
    for (Seen c : chunks) out.addAll(c.records());
    out.sort(null);
    return out;
  }

  static ReadReport merged(List<Seen> chunks) {
    return ReadReport.mergeAll(chunks.stream().map(Seen::report).toList());
  }

  static List<Seen> read(SourceSpec spec) {
    List<Object[]> raw = Unwrap.run(() -> Unwrap.ratings(RatingSources.read(SparkTestSession.get(), spec)).map(c -> {
      ArrayList<String> recs = new ArrayList<>();
      for (int k = 0; k < c.size(); k++) {
        recs.add(c.userIds()[c.users()[k]] + "|" + c.itemIds()[c.items()[k]] + "|" + c.labels()[k]);
      }
      ReadReport r = c.report();
      return new Object[] {r.split(), r.read(), r.kept(), r.skipped(), new ArrayList<>(r.examples()), recs,
          c.userIds().length, c.itemIds().length};
    }).collect());
    List<Seen> out = new ArrayList<>();
    for (Object[] o : raw) {
      @SuppressWarnings("unchecked") List<String> ex = (List<String>) o[4];
      @SuppressWarnings("unchecked") List<String> recs = (List<String>) o[5];
      assertEquals(((Number) o[2]).longValue(), recs.size(), "kept = records in the chunk");
      out.add(new Seen(new ReadReport((Integer) o[0], (Long) o[1], (Long) o[2], (Long) o[3], ex), recs));
      distinct.add(new int[] {(Integer) o[6], (Integer) o[7]});
    }
    return out;
  }

  /** Per chunk read last: the number of distinct user and item ids. */
  static final List<int[]> distinct = new ArrayList<>();

  /** 5000 ratings with integer ids (user 1..97, item 1..389), ratings in [1, 5]. */
  static Dataset<Row> sample(SparkSession spark, int n) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      rows.add(RowFactory.create(1 + (k * 31) % 97, 1L + (k * 17) % 389, 1.0 + (k % 9) * 0.5));
    }
    return spark.createDataFrame(rows, INT_SCHEMA);
  }

  @Test
  void oneFileAndSevenFilesHoldTheSameRecords() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> df = sample(spark, 5000);
    String one = tmp.resolve("one").toString();
    String seven = tmp.resolve("seven").toString();
    df.coalesce(1).write().parquet(one);
    df.repartition(7).write().parquet(seven);
    List<Seen> a = read(spec(SourceFormat.PARQUET, one, opts()));
    List<Seen> b = read(spec(SourceFormat.PARQUET, seven, opts()));
    List<String> expected = new ArrayList<>();
    for (int k = 0; k < 5000; k++) {
      expected.add((1 + (k * 31) % 97) + "|" + (1L + (k * 17) % 389) + "|" + (float) (1.0 + (k % 9) * 0.5));
    }
    expected.sort(null);
    assertEquals(expected, records(a));
    assertEquals(expected, records(b));
    // one chunk per Spark partition, split = partition index, counts add up
    for (int i = 0; i < b.size(); i++) {
      ReadReport r = b.get(i).report();
      assertEquals(i, r.split());
      assertEquals(r.read(), r.kept());
    }
    assertEquals(5000, merged(b).kept());
  }

  @Test
  void integralIdsAreDecimalTextAndStringIdsAreTrimmed() {
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType().add("u", DataTypes.StringType).add("i", DataTypes.ShortType)
        .add("r", DataTypes.FloatType);
    List<Row> rows = List.of(RowFactory.create(" 196 ", (short) 242, 3f),
        RowFactory.create("196\u0000", (short) -7, 1f),
        RowFactory.create("alice", (short) 242, 5f));
    String path = tmp.resolve("mixed").toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
    distinct.clear();
    List<Seen> chunks = read(spec(SourceFormat.PARQUET, path, opts().withColumns("u", "i", "r")));
    assertEquals(List.of("196|-7|1.0", "196|242|3.0", "alice|242|5.0"), records(chunks));
    int[] ids = distinct.stream().filter(d -> d[0] > 0).findFirst().orElseThrow();
    assertEquals(2, ids[0], "' 196 ' and '196\\0' are one id (trimmed as the text formats: chars <= ' ')");
    assertEquals(2, ids[1]);
  }

  @Test
  void decimalAndByteColumnsAreAccepted() {
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType().add("user", DataTypes.createDecimalType(20, 0))
        .add("item", DataTypes.ByteType).add("rating", DataTypes.createDecimalType(4, 1));
    List<Row> rows = List.of(RowFactory.create(new java.math.BigDecimal("12345678901234567890"), (byte) 3,
        new java.math.BigDecimal("4.5")));
    String path = tmp.resolve("dec").toString();
    spark.createDataFrame(rows, schema).write().parquet(path);
    assertEquals(List.of("12345678901234567890|3|4.5"), records(read(spec(SourceFormat.PARQUET, path, opts()))));
  }

  @Test
  void orcReadsTheSameRecords() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> df = sample(spark, 1000);
    String pq = tmp.resolve("pq").toString();
    String orc = tmp.resolve("orc").toString();
    df.repartition(3).write().parquet(pq);
    df.repartition(2).write().orc(orc);
    assertEquals(records(read(spec(SourceFormat.PARQUET, pq, opts()))),
        records(read(spec(SourceFormat.ORC, orc, opts()))));
  }

  @Test
  void aCatalogTableIsReadByName() {
    SparkSession spark = SparkTestSession.get();
    String path = tmp.resolve("tbl").toString();
    sample(spark, 300).repartition(2).write().parquet(path);
    spark.sql("CREATE TABLE h6_ratings USING parquet LOCATION '" + path + "'");
    try {
      assertEquals(records(read(spec(SourceFormat.PARQUET, path, opts()))),
          records(read(spec(SourceFormat.TABLE, "h6_ratings", opts()))));
    } finally {
      spark.sql("DROP TABLE IF EXISTS h6_ratings");
    }
  }

  @Test
  void skipCountsBadRowsAndKeepsTheFirstExamples() throws Exception {
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.IntegerType)
        .add("rating", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < 20; k++) rows.add(RowFactory.create("u" + k, k, 3.0));
    rows.set(2, RowFactory.create(null, 2, 3.0));
    rows.set(5, RowFactory.create("u5", 5, Double.NaN));
    rows.set(9, RowFactory.create("u9", 9, 9.0));
    String path = tmp.resolve("skip").toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
    ReaderOptions o = opts().withRatingRange(1, 5).withOnBadRecord(OnBadRecord.SKIP);
    List<Seen> chunks = read(spec(SourceFormat.PARQUET, path, o));
    ReadReport all = merged(chunks);
    assertEquals(20, all.read());
    assertEquals(17, all.kept());
    assertEquals(3, all.skipped());
    assertEquals(3, all.examples().size());
    assertTrue(all.examples().get(0).contains("row 3, column 'user'"), all.examples().get(0));
    assertTrue(all.examples().get(1).contains("row 6, column 'rating' (rating): NaN is not finite"),
        all.examples().get(1));
    assertTrue(all.examples().get(2).contains("row 10, column 'rating' (rating): 9.0 is out of range"),
        all.examples().get(2));
    assertEquals(17, records(chunks).size());
  }

  @Test
  void failAndSkipAgreeOnGoodInput() throws Exception {
    SparkSession spark = SparkTestSession.get();
    String path = tmp.resolve("good").toString();
    sample(spark, 200).write().parquet(path);
    assertEquals(records(read(spec(SourceFormat.PARQUET, path, opts()))),
        records(read(spec(SourceFormat.PARQUET, path, opts().withOnBadRecord(OnBadRecord.SKIP)))));
    assertTrue(Files.isDirectory(tmp.resolve("good")));
  }

  static BadInputException bad(SourceSpec spec) {
    return assertThrows(BadInputException.class, () -> read(spec));
  }
}
