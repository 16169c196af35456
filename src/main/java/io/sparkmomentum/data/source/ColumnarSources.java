package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.ReaderOptions;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet, ORC and catalog tables through {@code spark.read}, and DataFrames given by a caller (the Spark ML
 * estimators), converted to chunks on the executors.
 *
 * <p>On the driver, before any job: the path must exist and hold at least one data file (names starting with
 * {@code _} or {@code .} are not data, as for Spark), or the table must exist; the three columns
 * ({@code data.user_col}, {@code data.item_col}, {@code data.rating_col}) must be in the schema with accepted types
 * (see {@link ColumnarColumns}). Each of these problems is a one-line {@link BadInputException}.
 *
 * <p>On the executors, each Spark partition of the scan becomes one {@link RatingChunk} (see
 * {@link ColumnarChunker}), with {@link ReadReport#split()} = the partition index. Bad records (null key or label,
 * blank id, non-finite or out-of-range rating) name the file and the 1-based row within the file, read from Spark's
 * hidden {@code _metadata.file_path} and {@code _metadata.row_index} columns. Spark 4.1 gives {@code row_index} for
 * Parquet only: ORC errors name the file and the record's position in its Spark partition instead; a table whose
 * provider has no {@code _metadata} (not file-based) is named by its table name.
 *
 * <p>Spark decides the partitions of the scan (file sizes, {@code spark.sql.files.maxPartitionBytes} and the
 * default parallelism), so {@link SourceSpec#minPartitions()} is not used here, and which records share a chunk
 * depends on the master and the file layout: consumers that need determinism must place records by a stable key.
 *
 * <p>Measured: 20M ratings (int user, int item, double rating; 8 snappy Parquet files, 160 MB) into chunks on
 * {@code local[2]}: 6.2–7.9 CPU seconds per read (the bare Spark scan: 2.6), 22–38 s wall on a machine with load
 * 26–31 on its 2 cores ({@code ColumnarBenchmarkTest}).
 */
final class ColumnarSources {
  private ColumnarSources() {}

  static JavaRDD<RatingChunk> ratings(SparkSession spark, SourceSpec spec) {
    Dataset<Row> df = load(spark, spec);
    String where = spec.format() == SourceFormat.TABLE ? "table " + spec.path() : spec.path();
    return ratings(df, spec.options(), where, ColumnKeys.CONFIG, !hasScheme(spec.path()));
  }

  /**
   * A DataFrame's ratings (a Spark ML estimator's {@code fit}), read like a table's: the same column checks (named
   * by {@code keys}) and the same chunks, one per Spark partition of the plan.
   *
   * @param where how messages name the data when its rows carry no file
   */
  static JavaRDD<RatingChunk> ratings(Dataset<Row> df, ReaderOptions options, String where, ColumnKeys keys) {
    return ratings(df, options, where, keys, true);
  }

  private static JavaRDD<RatingChunk> ratings(Dataset<Row> df, ReaderOptions options, String where, ColumnKeys keys,
      boolean localPaths) {
    ColumnarColumns cols = ColumnarColumns.check(df.schema(), options, where, keys);
    List<Column> select = new ArrayList<>(List.of(df.col(quote(cols.user())), df.col(quote(cols.item())),
        df.col(quote(cols.rating()))));
    StructType meta = metadataFields(df);
    boolean hasFile = meta != null && has(meta, "file_path");
    boolean hasRow = meta != null && has(meta, "row_index");
    if (hasFile) select.add(df.metadataColumn("_metadata").getField("file_path"));
    if (hasFile && hasRow) select.add(df.metadataColumn("_metadata").getField("row_index"));
    Dataset<Row> picked = df.select(select.toArray(new Column[0]));
    ColumnarChunker chunker = new ColumnarChunker(cols, options, where, hasFile, hasFile && hasRow, localPaths);
    return picked.queryExecution().toRdd().toJavaRDD().mapPartitionsWithIndex(chunker, false);
  }

  /** The data set, after the driver-side checks of the path or table. */
  private static Dataset<Row> load(SparkSession spark, SourceSpec spec) {
    String path = spec.path();
    if (spec.format() == SourceFormat.TABLE) {
      boolean exists;
      try {
        exists = !path.isBlank() && spark.catalog().tableExists(path);
      } catch (Exception e) { // AnalysisException and SparkException are checked, thrown undeclared
        throw new BadInputException("table " + path, 0, "not a valid table name (" + firstLine(e)
            + "); expected an existing Spark catalog table, e.g. db.ratings", null, e);
      }
      if (!exists) {
        throw new BadInputException("table " + path, 0, "no such table in the Spark catalog (current database "
            + spark.catalog().currentDatabase() + "); expected an existing table (data.format = table, the path"
            + " names the table)", null);
      }
      try {
        return spark.table(path);
      } catch (Exception e) { // AnalysisException and SparkException are checked, thrown undeclared
        throw new BadInputException("table " + path, 0, "cannot read the table (" + firstLine(e)
            + "); expected a readable Spark catalog table", null, e);
      }
    }
    String kind = spec.format() == SourceFormat.ORC ? "ORC" : "Parquet";
    checkHasDataFiles(spark.sparkContext().hadoopConfiguration(), path, kind);
    try {
      return spark.read().format(spec.format().id()).load(path);
    } catch (Exception e) { // also SparkException (checked, thrown undeclared by Scala) from schema inference
      BadInputException bad = SourceErrors.find(e);
      if (bad != null) throw bad;
      throw new BadInputException(path, 0, "cannot read it as " + kind + " (" + firstLine(rootCause(e))
          + "); expected " + kind + " files", null, e);
    }
  }

  /** The path (or glob) exists and holds at least one data file: a file whose name does not start with _ or . */
  static void checkHasDataFiles(Configuration conf, String path, String kind) {
    if (path.isBlank()) {
      throw new BadInputException("''", 0, "empty path; expected a " + kind + " file or a directory of them", null);
    }
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new BadInputException(path, 0, "no such file or directory; expected a " + kind
            + " file or a directory of them", null);
      }
      for (FileStatus s : matches) {
        if (!s.isDirectory()) {
          if (isData(s.getPath().getName())) return;
          continue;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(s.getPath(), true);
        String root = s.getPath().toUri().getPath();
        while (it.hasNext()) {
          LocatedFileStatus f = it.next();
          if (isDataUnder(root, f.getPath().toUri().getPath())) return;
        }
      }
      throw new BadInputException(path, 0, "holds no data files (only names starting with '_' or '.', or nothing);"
          + " expected at least one " + kind + " file", null);
    } catch (FileNotFoundException e) {
      throw new BadInputException(path, 0, "no such file or directory; expected a " + kind
          + " file or a directory of them", null, e);
    } catch (IOException | IllegalArgumentException e) {
      throw new BadInputException(path, 0, "cannot list the path (" + firstLine(e) + "); expected a readable "
          + kind + " file or directory", null, e);
    }
  }

  private static boolean isData(String name) {
    return !name.startsWith("_") && !name.startsWith(".");
  }

  /** No component of {@code file} below {@code root} starts with _ or . (Spark's hidden-file rule). */
  private static boolean isDataUnder(String root, String file) {
    String rel = file.length() > root.length() ? file.substring(root.length()) : file;
    for (String part : rel.split("/")) {
      if (!part.isEmpty() && !isData(part)) return false;
    }
    return true;
  }

  /** The fields of the hidden {@code _metadata} column, or null when the source has none. */
  private static StructType metadataFields(Dataset<Row> df) {
    try {
      StructField f = df.select(df.metadataColumn("_metadata")).schema().fields()[0];
      return f.dataType() instanceof StructType st ? st : null;
    } catch (Exception e) { // AnalysisException and SparkException are checked, thrown undeclared
      return null;
    }
  }

  private static boolean has(StructType st, String name) {
    for (String n : st.fieldNames()) if (n.equals(name)) return true;
    return false;
  }

  private static boolean hasScheme(String path) {
    return path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !path.matches("^[A-Za-z]:[\\\\/].*");
  }

  private static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  static Throwable rootCause(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) c = c.getCause();
    return c;
  }

  static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage()).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }
}
