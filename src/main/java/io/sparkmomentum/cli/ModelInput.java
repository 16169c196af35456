package io.sparkmomentum.cli;

import io.sparkmomentum.config.ConfigFactoryView;
import io.sparkmomentum.data.IdIndex;
import io.sparkmomentum.data.OnBadRecord;
import io.sparkmomentum.data.RatingsFormat;
import io.sparkmomentum.data.RatingsReader;
import io.sparkmomentum.data.ReadResult;
import io.sparkmomentum.data.ReaderOptions;
import io.sparkmomentum.io.FeatureModelFile;
import io.sparkmomentum.io.ModelFile;
import io.sparkmomentum.io.SavedModel;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/** Options shared by the commands that read ratings against a saved model. */
final class ModelInput {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "a model directory (RUN_DIR/model)")
  String model;

  @Option(names = "--format", description = "tsv, dat or csv; libsvm or idx for the feature models (default: the "
      + "training run's data.format)")
  String format;

  @Option(names = "--labels", paramLabel = "FILE", description = "idx: the label file of --input")
  String labels;

  @Option(names = "--user-col", description = "CSV user column (default: the training run's)")
  String userCol;

  @Option(names = "--item-col", description = "CSV item column (default: the training run's)")
  String itemCol;

  @Option(names = "--rating-col", description = "CSV rating column (default: the training run's)")
  String ratingCol;

  /**
   * Loads {@code --model}. A model that is missing, corrupt, incomplete or not a model at all is the user's input
   * problem: a one-line {@link Main.UserError} (exit {@value Main#EXIT_DATA}) naming the directory and what is wrong.
   */
  ModelFile loadAny(Configuration conf) throws java.io.IOException {
    try {
      return ModelFile.load(model, conf);
    } catch (java.io.FileNotFoundException | io.sparkmomentum.io.InvalidBundleException e) {
      throw new Main.UserError(e.getMessage(), Main.EXIT_DATA);
    }
  }

  /** Loads {@code --model}, which must be a factorization model ({@code mf}), for {@code command}. */
  SavedModel load(Configuration conf, String command) throws java.io.IOException {
    ModelFile m = loadAny(conf);
    if (m instanceof SavedModel mf) return mf;
    throw new Main.UserError("--model " + model + " holds a model of type " + m.type() + "; " + command
        + " needs one of type mf", Main.EXIT_CONFIG);
  }

  /** The rows of {@code --input} for a feature model, read as {@code --format} and {@code --labels} say. */
  FeatureInput features(FeatureModelFile m, String input) {
    return FeatureInput.of(m, input, format, labels);
  }

  /** Reader options: explicit flags, else the values the model was trained with. */
  ReaderOptions options(SavedModel m) {
    ConfigFactoryView trained = ConfigFactoryView.of(String.valueOf(m.meta().get("config")));
    String f = format != null ? format : trained.str("data.format", "tsv");
    RatingsFormat parsed;
    try {
      parsed = RatingsFormat.parse(f);
    } catch (IllegalArgumentException e) {
      throw new Main.UserError("--format " + f + ": expected tsv, dat or csv", Main.EXIT_CONFIG);
    }
    String u = userCol != null ? userCol : trained.str("data.user_col", "userId");
    String i = itemCol != null ? itemCol : trained.str("data.item_col", "movieId");
    String r = ratingCol != null ? ratingCol : trained.str("data.rating_col", "rating");
    if (parsed == RatingsFormat.CSV && (u.trim().equals(i.trim()) || r.trim().equals(u.trim())
        || r.trim().equals(i.trim()))) {
      throw new Main.UserError("--user-col " + u + ", --item-col " + i + ", --rating-col " + r + ": expected three "
          + "different CSV columns", Main.EXIT_CONFIG);
    }
    return ReaderOptions.defaults(parsed)
        .withColumns(u, i, r)
        .withOnBadRecord(OnBadRecord.FAIL)
        .withDelimiter(delimiter(trained.str("data.delimiter", ",")));
  }

  private static char delimiter(String d) {
    return d.equals("tab") || d.equals("\\t") ? '\t' : d.isEmpty() ? ',' : d.charAt(0);
  }

  /** Ratings read against copies of the model's indices, which also hold the ids the model does not know. */
  record Read(ReadResult result, IdIndex users, IdIndex items) {}

  /**
   * Reads ratings with the model's id indices; an unknown id gets an index past the model's range, which the model
   * scores as cold start, and keeps its raw text for output.
   */
  static Read read(String path, ReaderOptions opts, SavedModel m, Configuration conf) {
    try {
      PathCheck.data("input", path, conf == null ? new Configuration() : conf);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    IdIndex users = copy(m.users());
    IdIndex items = copy(m.items());
    return new Read(RatingsReader.read(path, opts, users, items, true, conf), users, items);
  }

  private static IdIndex copy(IdIndex i) {
    return IdIndex.of(i.rawIds());
  }
}
