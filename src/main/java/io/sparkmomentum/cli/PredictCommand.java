package io.sparkmomentum.cli;

import io.sparkmomentum.data.ReadResult;
import io.sparkmomentum.io.SavedModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code predict --model DIR --input FILE --output FILE}: writes {@code user<TAB>item<TAB>prediction} for every
 * rating line of the input (its rating is ignored), with the shortest decimal that reads back as the same double.
 * The output appears atomically: the input is read and checked in full first, then the predictions are written to a
 * hidden temporary file beside the output ({@code .NAME.tmp-HEX16}), which is renamed into place; on any failure the
 * temporary file is deleted and an existing output (with {@code --overwrite}) is left as it was.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Scores the (user, item) pairs of a ratings file; writes user<TAB>item<TAB>prediction.")
public final class PredictCommand implements Callable<Integer> {
  @Mixin
  ModelInput in;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "ratings whose pairs to score")
  String input;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "where to write predictions")
  String output;

  @Option(names = "--overwrite", description = "replace an existing output file")
  boolean overwrite;

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
    SavedModel m = in.load(conf);
    ModelInput.Read read = PlainPairs.readOr(input, in.options(m), m, conf);
    ReadResult r = read.result();
    // Everything that can fail on bad input has failed by now; the output appears whole or not at all.
    Path tmp = new Path(out.getParent() == null ? new Path(".") : out.getParent(), "." + out.getName() + ".tmp-"
        + String.format("%016x", ThreadLocalRandom.current().nextLong()));
    boolean published = false;
    long cold = 0;
    try {
      OutputStream os;
      try {
        os = fs.create(tmp, false);
      } catch (IOException e) {
        throw new Main.UserError("cannot write predictions to " + output + " (" + e.getMessage() + "); expected a "
            + "writable path", Main.EXIT_CONFIG);
      }
      try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
        int[] us = r.ratings().users;
        int[] is = r.ratings().items;
        int knownUsers = m.users().size();
        int knownItems = m.items().size();
        for (int k = 0; k < r.ratings().size; k++) {
          boolean isCold = us[k] >= knownUsers || is[k] >= knownItems;
          if (isCold) cold++;
          double p = m.clamp(m.model().predict(m.weights(), us[k], is[k]));
          w.write(read.users().raw(us[k]));
          w.write('\t');
          w.write(read.items().raw(is[k]));
          w.write('\t');
          w.write(Double.toString(p));
          if (markCold) w.write(isCold ? "\tcold" : "\twarm");
          w.write('\n');
        }
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
    System.err.println("wrote " + r.ratings().size + " predictions to " + output + "; " + cold + " of them cold-start "
        + "(user or item not in the training data: biases and mean only)" + (markCold ? "" : "; --mark-cold "
        + "flags them in a 4th column"));
    return 0;
  }
}
