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
    description = "Writes synthetic planted low-rank ratings (train.tsv, test.tsv) to a new directory.")
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
  @Option(names = "--overwrite", description = "replace an existing DIR") boolean overwrite;

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
    if (ratings > Integer.MAX_VALUE - 8) {
      throw new Main.UserError("--ratings must be at most " + (Integer.MAX_VALUE - 8) + ", got " + ratings,
          Main.EXIT_CONFIG);
    }
    Path target = new Path(output);
    if (!overwrite && target.getFileSystem(new Configuration()).exists(target)) {
      throw new Main.UserError("output " + output + " already exists; use --overwrite to replace it",
          Main.EXIT_CONFIG);
    }
    RatingColumns r = SyntheticRatings.generate(users, items, rank, ratings, noise, min, max, seed).ratings();
    SplittableRandom split = new SplittableRandom(seed ^ 0x5DEECE66DL);
    boolean[] test = new boolean[r.size()];
    for (int k = 0; k < test.length; k++) test[k] = split.nextDouble() < testFraction;
    Configuration conf = new Configuration();
    try {
      AtomicDirectory.publish(output, conf, overwrite, dir -> {
        FileSystem fs = dir.getFileSystem(conf);
        fs.setWriteChecksum(false);
        write(fs, new Path(dir, "train.tsv"), r, test, false);
        if (testFraction > 0) write(fs, new Path(dir, "test.tsv"), r, test, true);
      });
    } catch (FileAlreadyExistsException e) { // created by someone else meanwhile
      throw new Main.UserError("output " + output + " already exists; use --overwrite to replace it",
          Main.EXIT_CONFIG);
    }
    System.err.println("wrote " + r.size() + " ratings (" + users + " users x " + items + " items, rank " + rank
        + ", noise " + noise + ") to " + output);
    return 0;
  }

  private void write(FileSystem fs, Path p, RatingColumns r, boolean[] test, boolean which) throws IOException {
    try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(fs.create(p, false), StandardCharsets.UTF_8),
        1 << 16)) {
      StringBuilder line = new StringBuilder(32);
      for (int k = 0; k < r.size(); k++) {
        if (test[k] != which) continue;
        double v = r.ratings()[k];
        if (round > 0) v = Math.min(max, Math.max(min, Math.round(v / round) * round));
        line.setLength(0);
        line.append(r.users()[k] + 1).append('\t').append(r.items()[k] + 1).append('\t').append((float) v)
            .append('\n');
        w.append(line);
      }
    }
  }
}
