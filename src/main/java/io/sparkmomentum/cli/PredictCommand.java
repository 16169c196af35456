package io.sparkmomentum.cli;

import io.sparkmomentum.data.ReadResult;
import io.sparkmomentum.io.FeatureModelFile;
import io.sparkmomentum.io.IOConsumer;
import io.sparkmomentum.io.ModelFile;
import io.sparkmomentum.io.SavedModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code predict --model DIR --input FILE --output FILE}: writes {@code user<TAB>item<TAB>prediction} for every
 * rating line of the input (its rating is ignored), with the shortest decimal that reads back as the same double.
 * For a feature model ({@code libsvm} or {@code idx} input, its labels ignored) one line per row, in input order,
 * scored on the executors: the predicted value (regression), the probability of class 1 (binary), or the predicted
 * class and then every class's probability, tab-separated.
 * The output appears atomically: the input is read and checked in full first, then the predictions are written to a
 * hidden temporary file beside the output ({@code .NAME.tmp-HEX16}), which is renamed into place; on any failure the
 * temporary file is deleted and an existing output (with {@code --overwrite}) is left as it was.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Scores the (user, item) pairs of a ratings file; writes user<TAB>item<TAB>prediction.",
        "For a feature model (libsvm, idx input): one line per row: the value, the probability of class 1, or "
            + "the class and each class's probability."})
public final class PredictCommand implements Callable<Integer> {
  @Mixin
  ModelInput in;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "ratings whose pairs to score")
  String input;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "where to write predictions")
  String output;

  @Option(names = "--overwrite", description = "replace an existing output file")
  boolean overwrite;

  @Option(names = "--master", description = "feature models: the Spark master (default: spark-submit's, "
      + "spark.master, or local[*])")
  String master;

  @Option(names = "--mark-cold", description = "add a 4th column: cold (the user or the item was not in the "
      + "training data, so the prediction falls back to the biases and the mean) or warm")
  boolean markCold;

  @Override
  public Integer call() throws Exception {
    Configuration conf = new Configuration();
    Path out = new Path(output);
    FileSystem fs = out.getFileSystem(conf);
    fs.setWriteChecksum(false);
    if (fs.exists(out)) {
      if (fs.getFileStatus(out).isDirectory()) {
        throw new Main.UserError("output " + output + " is a directory; expected the path of a file to write",
            Main.EXIT_CONFIG);
      }
      if (!overwrite) {
        throw new Main.UserError("output " + output + " already exists; use --overwrite to replace it",
            Main.EXIT_CONFIG);
      }
    }
    ModelFile file = in.loadAny(conf);
    if (file instanceof FeatureModelFile f) return predictFeatures(f, fs, out, conf);
    SavedModel m = (SavedModel) file;
    ModelInput.Read read = PlainPairs.readOr(input, in.options(m), m, conf);
    ReadResult r = read.result();
    // Everything that can fail on bad input has failed by now; the output appears whole or not at all.
    long[] cold = {0};
    writeAtomically(fs, out, w -> {
      int[] us = r.ratings().users;
      int[] is = r.ratings().items;
      int knownUsers = m.users().size();
      int knownItems = m.items().size();
      for (int k = 0; k < r.ratings().size; k++) {
        boolean isCold = us[k] >= knownUsers || is[k] >= knownItems;
        if (isCold) cold[0]++;
        double p = m.clamp(m.model().predict(m.weights(), us[k], is[k]));
        w.write(read.users().raw(us[k]));
        w.write('\t');
        w.write(read.items().raw(is[k]));
        w.write('\t');
        w.write(Double.toString(p));
        if (markCold) w.write(isCold ? "\tcold" : "\twarm");
        w.write('\n');
      }
    });
    System.err.println("wrote " + r.ratings().size + " predictions to " + output + "; " + cold[0]
        + " of them cold-start "
        + "(user or item not in the training data: biases and mean only)" + (markCold ? "" : "; --mark-cold "
        + "flags them in a 4th column"));
    return 0;
  }

  private int predictFeatures(FeatureModelFile m, FileSystem fs, Path out, Configuration conf) throws IOException {
    FeatureInput rows = in.features(m, input);
    PathCheck.data("input", input, conf);
    if (!rows.labels().isEmpty()) PathCheck.data("labels", rows.labels(), conf);
    SparkMasters.check("--master", SparkSessions.resolvedMaster(master, java.util.Map.of()));
    long[] count = {0};
    try (SparkSessions.Started spark = SparkSessions.start("spark-momentum predict", master, java.util.Map.of())) {
      int partitions = EvaluateCommand.trainedPartitions(m, JavaSparkContext.fromSparkContext(
          spark.session().sparkContext()));
      Iterator<String> lines = rows.predict(spark.session(), partitions); // bad input has failed here
      writeAtomically(fs, out, w -> {
        while (lines.hasNext()) {
          w.write(lines.next());
          w.write('\n');
          count[0]++;
        }
      });
    }
    System.err.println("wrote " + count[0] + " predictions to " + output + ": " + rows.describeLines());
    return 0;
  }

  /**
   * Writes {@code out} through a hidden temporary file beside it ({@code .NAME.tmp-HEX16}), renamed into place when
   * complete; on any failure the temporary file is deleted and an existing output is left as it was.
   */
  private void writeAtomically(FileSystem fs, Path out, IOConsumer<BufferedWriter> body) throws IOException {
    Path tmp = new Path(out.getParent() == null ? new Path(".") : out.getParent(), "." + out.getName() + ".tmp-"
        + String.format("%016x", ThreadLocalRandom.current().nextLong()));
    boolean published = false;
    try {
      OutputStream os;
      try {
        os = fs.create(tmp, false);
      } catch (IOException e) {
        throw new Main.UserError("cannot write predictions to " + output + " (" + e.getMessage() + "); expected a "
            + "writable path", Main.EXIT_CONFIG);
      }
      try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
        body.accept(w);
      }
      FileUtil.rename(fs, tmp, out, overwrite ? Options.Rename.OVERWRITE : Options.Rename.NONE);
      published = true;
    } finally {
      if (!published) {
        try {
          fs.delete(tmp, false);
        } catch (IOException | RuntimeException ignored) {
          // already failing
        }
      }
    }
  }
}
