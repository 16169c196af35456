package io.sparkmomentum.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkmomentum.testing.ChildJvm;
import io.sparkmomentum.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same ratings as TSV, as one Parquet file and as a directory of 7 Parquet files give byte-identical model
 * arrays (parameters and id lists), on {@code local[2]} and {@code local[4]} with fixed partitions: the examples'
 * partitions and order depend on the ratings only, never on the format, the file splitting or the master.
 * ({@code bundle.json} records the run's config, which names the format, so it differs by design.)
 */
class FormatParityTest {
  @TempDir
  static Path tmp;

  static final String[] ARRAYS = {"params.f64", "user_ids.str", "item_ids.str"};

  @BeforeAll
  static void writeParquet() {
    SparkSession spark = SparkTestSession.get();
    for (String part : new String[] {"train", "test"}) {
      Dataset<Row> tsv = spark.read().option("sep", "\t").csv("data/sample/" + part + ".tsv").selectExpr(
          "cast(_c0 as int) as user", "cast(_c1 as int) as item", "cast(_c2 as double) as rating");
      tsv.coalesce(1).write().parquet(tmp.resolve("one/" + part).toString());
      tsv.repartition(7).write().parquet(tmp.resolve("seven/" + part).toString());
    }
  }

  private static List<String> args(String format, String data, Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("train", "--config", "conf/sample.conf", "--output", out.toString(),
        "--set", "trainer.epochs=3", "--set", "trainer.partitions=4"));
    if (!format.equals("tsv")) {
      a.addAll(List.of("--set", "data.format=" + format, "--set", "data.user_col=user", "--set",
          "data.item_col=item", "--set", "data.rating_col=rating", "--set", "data.train=" + data + "/train",
          "--set", "data.test=" + data + "/test"));
    }
    a.addAll(List.of(more));
    return a;
  }

  private static Path inProcess(String name, String format, String data) {
    Path out = tmp.resolve(name);
    CliRunner.Out r = CliRunner.run(args(format, data, out).toArray(new String[0]));
    assertEquals(0, r.code(), r.err());
    return out.resolve("model");
  }

  private static Path childLocal4(String name, String format, String data) throws Exception {
    Path out = tmp.resolve(name);
    Path log = tmp.resolve(name + ".log");
    Process p = ChildJvm.start(log, List.of(), args(format, data, out, "--master", "local[4]").toArray(new String[0]));
    if (!p.waitFor(10, TimeUnit.MINUTES)) p.destroyForcibly();
    assertEquals(0, p.exitValue(), Files.readString(log));
    return out.resolve("model");
  }

  private static void assertSameArrays(Path a, Path b) throws Exception {
    for (String f : ARRAYS) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " of " + a + " vs " + b);
    }
  }

  @Test
  void tsvOneParquetFileAndSevenGiveTheSameModelOnLocal2AndLocal4() throws Exception {
    Path tsv = inProcess("tsv", "tsv", null);
    assertSameArrays(tsv, inProcess("parquet-one", "parquet", tmp.resolve("one").toString()));
    assertSameArrays(tsv, inProcess("parquet-seven", "parquet", tmp.resolve("seven").toString()));
    assertSameArrays(tsv, childLocal4("tsv-local4", "tsv", null));
    assertSameArrays(tsv, childLocal4("parquet-seven-local4", "parquet", tmp.resolve("seven").toString()));
  }
}
