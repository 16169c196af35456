package io.sparkmomentum.data.source;

import static io.sparkmomentum.data.source.ColumnarSourcesTest.opts;
import static io.sparkmomentum.data.source.ColumnarSourcesTest.read;
import static io.sparkmomentum.data.source.ColumnarSourcesTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus of the columnar formats: each case is one line naming the path (or the file and row), the
 * column and the value or type, and what was expected. Schema and path problems are thrown on the driver, by
 * {@link RatingSources#read} itself, before any job.
 */
class ColumnarBadInputTest {
  @TempDir Path tmp;

  static final StructType SCHEMA = new StructType().add("user", DataTypes.StringType)
      .add("item", DataTypes.IntegerType).add("rating", DataTypes.DoubleType);

  /** 10 good rows, then row {@code badRow} (0-based) replaced, written as one Parquet file. */
  String oneFile(String name, int badRow, Row bad, StructType schema) {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < 10; k++) rows.add(RowFactory.create("u" + k, k, 3.0));
    if (bad != null) rows.set(badRow, bad);
    String path = tmp.resolve(name).toString();
    SparkTestSession.get().createDataFrame(rows, schema).coalesce(1).write().parquet(path);
    return path;
  }

  /** The thrown error, checked to be one line. */
  static BadInputException fails(SourceSpec spec) {
    BadInputException e = assertThrows(BadInputException.class, () -> read(spec));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  /** The RDD itself must refuse (on the driver, no job). */
  static BadInputException failsOnDriver(SourceSpec spec) {
    BadInputException e = assertThrows(BadInputException.class,
        () -> RatingSources.read(SparkTestSession.get(), spec));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e;
  }

  @Test
  void missingColumnNamesThePathTheColumnAndTheColumnsPresent() {
    String path = oneFile("missing", 0, null, SCHEMA);
    BadInputException e = failsOnDriver(spec(SourceFormat.PARQUET, path, opts().withColumns("user", "movie",
        "rating")));
    assertEquals(path + ": no column 'movie' (the item column, data.item_col); columns present: user string,"
        + " item int, rating double", e.getMessage());
  }

  @Test
  void wrongRatingTypeNamesTheTypeFoundAndTheTypesAccepted() {
    StructType s = new StructType().add("user", DataTypes.StringType).add("item", DataTypes.IntegerType)
        .add("rating", DataTypes.StringType);
    List<Row> rows = List.of(RowFactory.create("a", 1, "5"));
    String path = tmp.resolve("strrating").toString();
    SparkTestSession.get().createDataFrame(rows, s).write().parquet(path);
    BadInputException e = failsOnDriver(spec(SourceFormat.PARQUET, path, opts()));
    assertEquals(path + ": column 'rating' (rating) has type string; expected a numeric type: tinyint, smallint,"
        + " int, bigint, float, double or decimal", e.getMessage());
  }

  @Test
  void wrongIdTypeNamesTheTypeFoundAndTheTypesAccepted() {
    StructType s = new StructType().add("user", DataTypes.DoubleType).add("item", DataTypes.IntegerType)
        .add("rating", DataTypes.DoubleType);
    String path = tmp.resolve("dblid").toString();
    SparkTestSession.get().createDataFrame(List.of(RowFactory.create(1.5, 1, 5.0)), s).write().parquet(path);
    BadInputException e = failsOnDriver(spec(SourceFormat.PARQUET, path, opts()));
    assertEquals(path + ": column 'user' (user id) has type double; expected string, tinyint, smallint, int,"
        + " bigint or decimal(p, 0)", e.getMessage());
  }

  @Test
  void nullUserNamesTheFileTheRowTheColumnAndTheValue() {
    String path = oneFile("nulluser", 3, RowFactory.create(null, 3, 3.0), SCHEMA);
    BadInputException e = fails(spec(SourceFormat.PARQUET, path, opts()));
    assertTrue(e.file().startsWith(path + "/part-") && e.file().endsWith(".parquet"), e.file());
    assertEquals("row 4, column 'user' (user id): null; expected a user id", e.reason());
    assertEquals("null, 3, 3.0", e.snippet());
  }

  @Test
  void nullItemIsABadRecord() {
    String path = oneFile("nullitem", 0, RowFactory.create("u0", null, 3.0), SCHEMA);
    BadInputException e = fails(spec(SourceFormat.PARQUET, path, opts()));
    assertEquals("row 1, column 'item' (item id): null; expected an item id", e.reason());
  }

  @Test
  void nullRatingIsABadRecord() {
    String path = oneFile("nullrating", 9, RowFactory.create("u9", 9, null), SCHEMA);
    BadInputException e = fails(spec(SourceFormat.PARQUET, path, opts()));
    assertTrue(e.getMessage().contains(".parquet: row 10, column 'rating' (rating): null; expected a number in"
        + " [-1000000.0, 1000000.0]; text: \"u9, 9, null\""), e.getMessage());
  }

  @Test
  void blankIdAndOutOfRangeRatingAreBadRecords() {
    String blank = oneFile("blank", 1, RowFactory.create("  ", 1, 3.0), SCHEMA);
    assertEquals("row 2, column 'user' (user id): blank; expected a non-empty user id",
        fails(spec(SourceFormat.PARQUET, blank, opts())).reason());
    String high = oneFile("high", 2, RowFactory.create("u2", 2, 5.5), SCHEMA);
    assertEquals("row 3, column 'rating' (rating): 5.5 is out of range; expected a number in [1.0, 5.0]"
        + " (data.min_rating, data.max_rating)",
        fails(spec(SourceFormat.PARQUET, high, opts().withRatingRange(1, 5))).reason());
    String inf = oneFile("inf", 2, RowFactory.create("u2", 2, Double.POSITIVE_INFINITY), SCHEMA);
    assertTrue(fails(spec(SourceFormat.PARQUET, inf, opts())).reason().contains("Infinity is not finite"));
  }

  @Test
  void orcBadRecordNamesTheFileAndThePlaceInThePartition() {
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < 5; k++) rows.add(RowFactory.create("u" + k, k, k == 2 ? null : 3.0));
    String path = tmp.resolve("orcnull").toString();
    SparkTestSession.get().createDataFrame(rows, SCHEMA).coalesce(1).write().orc(path);
    BadInputException e = fails(spec(SourceFormat.ORC, path, opts()));
    assertTrue(e.file().startsWith(path + "/part-") && e.file().endsWith(".orc"), e.file());
    assertEquals("record 3 of Spark partition 0 (this format gives no row index), column 'rating' (rating): null;"
        + " expected a number in [-1000000.0, 1000000.0]", e.reason());
  }

  @Test
  void aTableThatDoesNotExistIsOneLineNamingIt() {
    BadInputException e = failsOnDriver(spec(SourceFormat.TABLE, "no_such_ratings", opts()));
    assertTrue(e.getMessage().startsWith("table no_such_ratings: no such table in the Spark catalog"),
        e.getMessage());
  }

  @Test
  void aMissingPathIsOneLine() {
    String path = tmp.resolve("nothing-here").toString();
    assertEquals(path + ": no such file or directory; expected a Parquet file or a directory of them",
        failsOnDriver(spec(SourceFormat.PARQUET, path, opts())).getMessage());
  }

  @Test
  void aDirectoryWithoutDataFilesIsOneLine() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("empty"));
    Files.writeString(dir.resolve("_SUCCESS"), "");
    assertEquals(dir + ": holds no data files (only names starting with '_' or '.', or nothing); expected at"
        + " least one ORC file", failsOnDriver(spec(SourceFormat.ORC, dir.toString(), opts())).getMessage());
  }

  @Test
  void aFileThatIsNotParquetIsOneLine() throws Exception {
    Path f = tmp.resolve("ratings.parquet");
    Files.writeString(f, "1\t2\t3\n");
    BadInputException e = failsOnDriver(spec(SourceFormat.PARQUET, f.toString(), opts()));
    assertEquals(f + ": cannot read it as Parquet (file:" + f + " is not a Parquet file (length is too low: 6));"
        + " expected Parquet files", e.getMessage());
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void inADirectoryTheRowIsCountedWithinItsFile() throws Exception {
    SparkSession spark = SparkTestSession.get();
    String path = oneFile("twofiles", 0, null, SCHEMA);
    List<Path> before;
    try (var l = Files.list(Path.of(path))) {
      before = l.toList();
    }
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < 6; k++) rows.add(RowFactory.create("v" + k, k, k == 4 ? null : 2.0));
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode("append").parquet(path);
    Path second;
    try (var l = Files.list(Path.of(path))) {
      second = l.filter(p -> !before.contains(p) && p.getFileName().toString().startsWith("part-")).findFirst()
          .orElseThrow();
    }
    BadInputException e = fails(spec(SourceFormat.PARQUET, path, opts()));
    assertEquals(second.toString(), e.file());
    assertTrue(e.reason().startsWith("row 5, column 'rating' (rating): null;"), e.reason());
  }

  @Test
  void aViewWithoutFilesIsNamedByTheTableAndThePlaceInThePartition() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = List.of(RowFactory.create("a", 1, 3.0), RowFactory.create("b", null, 3.0));
    spark.createDataFrame(rows, SCHEMA).coalesce(1).createOrReplaceTempView("h6_mem_ratings");
    try {
      BadInputException e = fails(spec(SourceFormat.TABLE, "h6_mem_ratings", opts()));
      assertEquals("table h6_mem_ratings: record 2 of Spark partition 0 (this format gives no row index), column"
          + " 'item' (item id): null; expected an item id; text: \"b, null, 3.0\"", e.getMessage());
    } finally {
      spark.catalog().dropTempView("h6_mem_ratings");
    }
  }
}
