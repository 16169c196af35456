package io.sparkmomentum.cli;

import io.sparkmomentum.data.ReadResult;
import io.sparkmomentum.io.SavedModel;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code predict --model DIR --input FILE --output FILE}: writes {@code user<TAB>item<TAB>prediction} for every
 * rating line of the input (its rating is ignored), with the shortest decimal that reads back as the same double.
 * The output appears atomically (temporary file, then rename).
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

  @Override
  public Integer call() throws Exception {
    Configuration conf = new Configuration();
    Path out = new Path(output);
    FileSystem fs = out.getFileSystem(conf);
    fs.setWriteChecksum(false);
    if (fs.exists(out) && !overwrite) {
      throw new Main.UserError("output " + output + " already exists; use --overwrite to replace it",
          Main.EXIT_CONFIG);
    }
    SavedModel m = in.load(conf);
    ModelInput.Read read = ModelInput.read(input, in.options(m), m, conf);
    ReadResult r = read.result();
    Path tmp = new Path(out.getParent() == null ? new Path(".") : out.getParent(), "." + out.getName() + ".tmp");
    try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(fs.create(tmp, true), StandardCharsets.UTF_8))) {
      int[] us = r.ratings().users;
      int[] is = r.ratings().items;
      for (int k = 0; k < r.ratings().size; k++) {
        double p = m.clamp(m.model().predict(m.weights(), us[k], is[k]));
        w.write(read.users().raw(us[k]));
        w.write('\t');
        w.write(read.items().raw(is[k]));
        w.write('\t');
        w.write(Double.toString(p));
        w.write('\n');
      }
    } catch (RuntimeException | java.io.IOException e) {
      fs.delete(tmp, false);
      throw e;
    }
    if (fs.exists(out)) fs.delete(out, false);
    if (!fs.rename(tmp, out)) throw new java.io.IOException("could not rename " + tmp + " to " + out);
    System.err.println("wrote " + r.ratings().size + " predictions to " + output);
    return 0;
  }
}
