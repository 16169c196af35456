package io.sparkmomentum.cli;

import io.sparkmomentum.data.synth.RealisticRatings;
import io.sparkmomentum.io.AtomicDirectory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate}: realistic synthetic ratings ({@link RealisticRatings}: Zipf-like activity and popularity with
 * exponents fitted to MovieLens, biases, a planted low-rank signal at a chosen signal-to-noise ratio, explicit or
 * implicit), written as tab-separated {@code user item rating} files {@code train.tsv} and {@code test.tsv}, or as
 * Parquet, in a new directory. Generated user by user: the driver never holds the ratings (TSV is streamed; Parquet
 * is written by a Spark job whose tasks generate ranges of users).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Writes synthetic ratings shaped like MovieLens (Zipf-like user activity and item popularity, "
        + "biases, a planted low-rank signal plus noise), one per distinct (user, item) pair (train.tsv, test.tsv, "
        + "or Parquet with --format parquet) to a new directory.")
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--users", defaultValue = "1000", description = "default: ${DEFAULT-VALUE}") int users;
  @Option(names = "--items", defaultValue = "500", description = "default: ${DEFAULT-VALUE}") int items;
  @Option(names = "--rank", defaultValue = "5", description = "planted rank, default: ${DEFAULT-VALUE}") int rank;
  @Option(names = "--ratings", defaultValue = "50000", description = "default: ${DEFAULT-VALUE}") long ratings;
  @Option(names = "--item-exponent", defaultValue = "" + RealisticRatings.ITEM_EXPONENT, description = "Zipf "
      + "exponent of item popularity (0: uniform); default ${DEFAULT-VALUE}, MovieLens's MLE") double itemExponent;
  @Option(names = "--user-exponent", defaultValue = "" + RealisticRatings.USER_EXPONENT, description = "Zipf "
      + "exponent of user activity (0: uniform); default ${DEFAULT-VALUE}, MovieLens's MLE") double userExponent;
  @Option(names = "--bias-std", defaultValue = "0.3", description = "std of the user and of the item biases, "
      + "default: ${DEFAULT-VALUE}") double biasStd;
  @Option(names = "--signal-std", defaultValue = "0.5", description = "std of the low-rank signal p_u.q_i, "
      + "default: ${DEFAULT-VALUE}") double signalStd;
  @Option(names = "--noise", description = "noise std, default: 0.5 (or from --snr)") Double noise;
  @Option(names = "--snr", description = "signal-to-noise ratio signal-std^2 / noise^2 (instead of --noise)")
  Double snr;
  @Option(names = "--implicit", description = "positive events only (rating 1): candidates drawn by popularity, "
      + "kept when b_i + p_u.q_i + noise > 0") boolean implicit;
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
    if (!(round >= 0) || !Double.isFinite(round)) {
      throw new Main.UserError("--round must be a finite number >= 0 (0: no rounding), got " + round,
          Main.EXIT_CONFIG);
    }
    if (ratings > 1 << 29) {
      throw new Main.UserError("--ratings must be at most " + (1 << 29) + ", got " + ratings, Main.EXIT_CONFIG);
    }
    RealisticRatings.Spec spec = spec();
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
    Configuration conf = new Configuration();
    long[] written = new long[1];
    try {
      AtomicDirectory.publish(output, conf, overwrite, dir -> {
        FileSystem fs = dir.getFileSystem(conf);
        fs.setWriteChecksum(false);
        try (var o = fs.create(new Path(dir, MARKER), false)) {
          o.write(("{\"format\":\"spark-momentum/generated\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        written[0] = parquet ? writeParquet(dir, spec) : writeTsv(fs, dir, spec);
      });
    } catch (FileAlreadyExistsException e) { // created by someone else meanwhile
      throw new Main.UserError("output " + output + " already exists; use --overwrite to replace it",
          Main.EXIT_CONFIG);
    }
    System.err.println("wrote " + written[0] + (implicit ? " events (" : " ratings (") + users + " users x " + items
        + " items, rank " + rank + ", exponents user " + userExponent + " item " + itemExponent + ", bias std "
        + biasStd + ", signal std " + signalStd + ", noise " + spec.noise() + ") to " + output);
    return 0;
  }

  /** The checked parameters; --noise and --snr are exclusive. */
  private RealisticRatings.Spec spec() {
    if (noise != null && snr != null) {
      throw new Main.UserError("--noise " + noise + " and --snr " + snr + " both given: expected one of them",
          Main.EXIT_CONFIG);
    }
    if (snr != null && !(snr > 0 && Double.isFinite(snr))) {
      throw new Main.UserError("--snr must be a finite number > 0, got " + snr, Main.EXIT_CONFIG);
    }
    double sigma = snr != null ? signalStd / Math.sqrt(snr) : noise != null ? noise : 0.5;
    try {
      return new RealisticRatings.Spec(users, items, rank, ratings, itemExponent, userExponent, biasStd, signalStd,
          sigma, min, max, implicit, testFraction, seed);
    } catch (IllegalArgumentException e) {
      throw new Main.UserError(e.getMessage(), Main.EXIT_CONFIG);
    }
  }

  /** Streams DIR/train.tsv and DIR/test.tsv (when --test-fraction > 0), user by user; returns the count. */
  private long writeTsv(FileSystem fs, Path dir, RealisticRatings.Spec spec) throws IOException {
    boolean withTest = spec.testFraction() > 0;
    try (BufferedWriter train = writer(fs, new Path(dir, "train.tsv"));
        BufferedWriter test = withTest ? writer(fs, new Path(dir, "test.tsv")) : null) {
      StringBuilder line = new StringBuilder(32);
      return new RealisticRatings(spec).generate(0, spec.users(), (u, i, r, isTest) -> {
        line.setLength(0);
        line.append(u + 1).append('\t').append(i + 1).append('\t').append(rounded(r, round, min, max)).append('\n');
        (isTest ? test : train).append(line);
      });
    }
  }

  private static BufferedWriter writer(FileSystem fs, Path p) throws IOException {
    return new BufferedWriter(new OutputStreamWriter(fs.create(p, false), StandardCharsets.UTF_8), 1 << 16);
  }

  /** A rating rounded to multiples of {@code round} (if > 0) within [min, max]. */
  static float rounded(float v, double round, double min, double max) {
    return round > 0 ? (float) Math.min(max, Math.max(min, Math.round(v / round) * round)) : v;
  }

  /** Parquet data sets DIR/train and DIR/test (columns user, item: int, rating: float); returns the count. */
  private long writeParquet(Path dir, RealisticRatings.Spec spec) {
    int slices = (int) Math.max(1, Math.min(spec.users(), spec.ratings() / 2_000_000 + 1));
    java.util.List<int[]> ranges = new java.util.ArrayList<>();
    for (int s = 0; s < slices; s++) {
      ranges.add(new int[] {(int) ((long) spec.users() * s / slices), (int) ((long) spec.users() * (s + 1) / slices)});
    }
    var schema = new org.apache.spark.sql.types.StructType()
        .add("user", org.apache.spark.sql.types.DataTypes.IntegerType, false)
        .add("item", org.apache.spark.sql.types.DataTypes.IntegerType, false)
        .add("rating", org.apache.spark.sql.types.DataTypes.FloatType, false);
    long count = 0;
    try (SparkSessions.Started spark = SparkSessions.start("spark-momentum generate", null, java.util.Map.of())) {
      var jsc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.session().sparkContext());
      for (boolean which : spec.testFraction() > 0 ? new boolean[] {false, true} : new boolean[] {false}) {
        var rows = jsc.parallelize(ranges, slices).flatMap(new UserRangeRows(spec, which, round));
        var ds = spark.session().createDataFrame(rows, schema);
        ds.write().parquet(new Path(dir, which ? "test" : "train").toString());
        count += spark.session().read().parquet(new Path(dir, which ? "test" : "train").toString()).count();
      }
    }
    return count;
  }

  /** A Spark task's rows: users [from, to) of the spec, the test or the training part, one user at a time. */
  private record UserRangeRows(RealisticRatings.Spec spec, boolean test, double round)
      implements org.apache.spark.api.java.function.FlatMapFunction<int[], org.apache.spark.sql.Row> {
    @Override
    public java.util.Iterator<org.apache.spark.sql.Row> call(int[] range) {
      RealisticRatings g = new RealisticRatings(spec);
      return new java.util.Iterator<>() {
        private final java.util.ArrayDeque<org.apache.spark.sql.Row> buffer = new java.util.ArrayDeque<>();
        private int next = range[0];

        @Override
        public boolean hasNext() {
          while (buffer.isEmpty() && next < range[1]) {
            try {
              g.generate(next, next + 1, (u, i, r, isTest) -> {
                if (isTest == test) {
                  buffer.add(org.apache.spark.sql.RowFactory.create(u + 1, i + 1,
                      rounded(r, round, spec.min(), spec.max())));
                }
              });
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            next++;
          }
          return !buffer.isEmpty();
        }

        @Override
        public org.apache.spark.sql.Row next() {
          if (!hasNext()) throw new java.util.NoSuchElementException();
          return buffer.poll();
        }
      };
    }
  }
}
