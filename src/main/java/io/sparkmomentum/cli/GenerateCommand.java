package io.sparkmomentum.cli;

import io.sparkmomentum.data.SyntheticRatings;
import io.sparkmomentum.io.AtomicDirectory;
import io.sparkmomentum.model.RatingColumns;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate}: planted low-rank ratings with noise ({@link SyntheticRatings}), written as tab-separated
 * {@code user item rating} files {@code train.tsv} and {@code test.tsv} in a new directory.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Writes synthetic planted low-rank ratings, one per distinct (user, item) pair (train.tsv, "
        + "test.tsv, or Parquet with --format parquet) to a new directory.")
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--users", defaultValue = "1000", description = "default: ${DEFAULT-VALUE}") int users;
  @Option(names = "--items", defaultValue = "500", description = "default: ${DEFAULT-VALUE}") int items;
  @Option(names = "--rank", defaultValue = "5", description = "planted rank, default: ${DEFAULT-VALUE}") int rank;
  @Option(names = "--ratings", defaultValue = "50000", description = "default: ${DEFAULT-VALUE}") long ratings;
  @Option(names = "--noise", defaultValue = "0.5", description = "noise std, default: ${DEFAULT-VALUE}")
  double noise;
  @Option(names = "--min", defaultValue = "1", description = "clip ratings below, default: ${DEFAULT-VALUE}")
  double min;
  @Option(names = "--max", defaultValue = "5", description = "clip ratings above, default: ${DEFAULT-VALUE}")
  double max;
  @Option(names = "--round", defaultValue = "0", description = "round ratings to multiples of this (0: no)")
  double round;
  @Option(names = "--test-fraction", defaultValue = "0.1", description = "default: ${DEFAULT-VALUE}")
  double testFraction;
  @Option(names = "--seed", defaultValue = "1", description = "default: ${DEFAULT-VALUE}") long seed;
  @Option(names = "--output", required = true, paramLabel = "DIR", description = "new directory") String output;
  @Option(names = "--overwrite", description = "replace an existing DIR made by generate (never anything else)")
  boolean overwrite;
  @Option(names = "--format", defaultValue = "tsv", description = "tsv (DIR/train.tsv, DIR/test.tsv) or parquet "
      + "(DIR/train, DIR/test: Parquet data sets with columns user, item, rating); default: ${DEFAULT-VALUE}")
  String format;

  /** Marks a directory written by generate, so that --overwrite deletes nothing else. */
  static final String MARKER = ".spark-momentum-data";

  @Override
  public Integer call() throws Exception {
    if (users < 1 || items < 1 || rank < 1 || ratings < 1) {
      throw new Main.UserError("--users, --items, --rank and --ratings must be >= 1", Main.EXIT_CONFIG);
    }
    if (!(testFraction >= 0 && testFraction < 1)) {
      throw new Main.UserError("--test-fraction must be in [0, 1), got " + testFraction, Main.EXIT_CONFIG);
    }
    if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
      throw new Main.UserError("--min and --max must be finite with --max > --min, got " + min + " and " + max,
          Main.EXIT_CONFIG);
    }
    if (!(noise >= 0) || !Double.isFinite(noise)) {
      throw new Main.UserError("--noise must be a finite number >= 0, got " + noise, Main.EXIT_CONFIG);
    }
    if (!(round >= 0) || !Double.isFinite(round)) {
      throw new Main.UserError("--round must be a finite number >= 0 (0: no rounding), got " + round,
          Main.EXIT_CONFIG);
    }
    if (ratings > 1 << 29) {
      throw new Main.UserError("--ratings must be at most " + (1 << 29) + ", got " + ratings, Main.EXIT_CONFIG);
    }
    if (ratings > (long) users * items) {
      throw new Main.UserError("--ratings " + ratings + " is more than --users x --items = " + users + " x " + items
          + " = " + (long) users * items + " distinct (user, item) pairs; expected at most that many",
          Main.EXIT_CONFIG);
    }
    boolean parquet = switch (format.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "tsv" -> false;
      case "parquet" -> true;
      default -> throw new Main.UserError("--format " + format + ": expected tsv or parquet", Main.EXIT_CONFIG);
    };
    Path target = PathCheck.path("--output", output, Main.EXIT_CONFIG);
    FileSystem targetFs = PathCheck.fileSystem("--output", target, new Configuration(), Main.EXIT_CONFIG);
    if (targetFs.exists(target)) {
      if (!overwrite) {
        throw new Main.UserError("output " + output + " already exists; use --overwrite to replace it",
            Main.EXIT_CONFIG);
      }
      if (!targetFs.getFileStatus(target).isDirectory() || !targetFs.exists(new Path(target, MARKER))) {
        throw new Main.UserError("--overwrite refused: " + output + " was not written by generate (it has no " + MARKER
            + " marker); nothing was deleted: remove it yourself or choose another --output", Main.EXIT_CONFIG);
      }
    }
    RatingColumns r = SyntheticRatings.generateDistinct(users, items, rank, ratings, noise, min, max, seed)
        .ratings();
    SplittableRandom split = new SplittableRandom(seed ^ 0x5DEECE66DL);
    boolean[] test = new boolean[r.size()];
    for (int k = 0; k < test.length; k++) test[k] = split.nextDouble() < testFraction;
    Configuration conf = new Configuration();
    try {
      AtomicDirectory.publish(output, conf, overwrite, dir -> {
        FileSystem fs = dir.getFileSystem(conf);
        fs.setWriteChecksum(false);
        try (var o = fs.create(new Path(dir, MARKER), false)) {
          o.write(("{\"format\":\"spark-momentum/generated\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        if (parquet) {
          writeParquet(dir, r, test, testFraction > 0);
        } else {
          write(fs, new Path(dir, "train.tsv"), r, test, false);
          if (testFraction > 0) write(fs, new Path(dir, "test.tsv"), r, test, true);
        }
      });
    } catch (FileAlreadyExistsException e) { // created by someone else meanwhile
      throw new Main.UserError("output " + output + " already exists; use --overwrite to replace it",
          Main.EXIT_CONFIG);
    }
    System.err.println("wrote " + r.size() + " ratings (" + users + " users x " + items + " items, rank " + rank
        + ", noise " + noise + ") to " + output);
    return 0;
  }

  /** Parquet data sets {@code dir/train} and {@code dir/test}: columns user, item (int), rating (float). */
  private void writeParquet(Path dir, RatingColumns r, boolean[] test, boolean withTest) {
    try (SparkSessions.Started spark = SparkSessions.start("spark-momentum generate", null, java.util.Map.of())) {
      var schema = new org.apache.spark.sql.types.StructType()
          .add("user", org.apache.spark.sql.types.DataTypes.IntegerType, false)
          .add("item", org.apache.spark.sql.types.DataTypes.IntegerType, false)
          .add("rating", org.apache.spark.sql.types.DataTypes.FloatType, false);
      for (boolean which : withTest ? new boolean[] {false, true} : new boolean[] {false}) {
        java.util.List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
        for (int k = 0; k < r.size(); k++) {
          if (test[k] != which) continue;
          rows.add(org.apache.spark.sql.RowFactory.create(r.users()[k] + 1, r.items()[k] + 1, rating(r, k)));
        }
        spark.session().createDataFrame(rows, schema).coalesce(1).write()
            .parquet(new Path(dir, which ? "test" : "train").toString());
      }
    }
  }

  /** The written rating of row {@code k}: rounded to {@code --round} if set, as a float. */
  private float rating(RatingColumns r, int k) {
    double v = r.ratings()[k];
    if (round > 0) v = Math.min(max, Math.max(min, Math.round(v / round) * round));
    return (float) v;
  }

  private void write(FileSystem fs, Path p, RatingColumns r, boolean[] test, boolean which) throws IOException {
    try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(fs.create(p, false), StandardCharsets.UTF_8),
        1 << 16)) {
      StringBuilder line = new StringBuilder(32);
      for (int k = 0; k < r.size(); k++) {
        if (test[k] != which) continue;
        line.setLength(0);
        line.append(r.users()[k] + 1).append('\t').append(r.items()[k] + 1).append('\t').append(rating(r, k))
            .append('\n');
        w.append(line);
      }
    }
  }
}
