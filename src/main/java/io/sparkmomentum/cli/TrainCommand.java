package io.sparkmomentum.cli;

import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train --config FILE [--set key=value ...] --output RUN_DIR}. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a biased matrix factorization model with momentum SGD on Spark.",
        "Writes RUN_DIR/model, RUN_DIR/metrics.jsonl, RUN_DIR/config.conf and RUN_DIR/summary.json "
            + "(and RUN_DIR/report.html with --report); "
            + "the last line on stdout is a JSON summary."})
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "HOCON config file (see conf/)")
  File config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key (repeatable)")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--output", paramLabel = "RUN_DIR", required = true,
      description = "run directory (any Hadoop path)")
  String output;

  @Option(names = "--master", description = "Spark master (default: spark-submit's, spark.master, or local[*])")
  String master;

  @Option(names = "--overwrite", description = "replace an existing run directory (one with our "
      + ".spark-momentum-run marker, or an empty one; anything else is refused and left untouched)")
  boolean overwrite;

  @Option(names = "--resume", description = {"the one command for the first attempt and every retry: start from "
      + "scratch if RUN_DIR has no complete checkpoint yet, continue from the newest one, or print the summary of a "
      + "run that has ended (exit 0, nothing retrained)"})
  boolean resume;

  @Option(names = "--report", description = "at the end (ok, diverged or interrupted) also write RUN_DIR/report.html, "
      + "the training report (see the report command); a report that cannot be written is a warning")
  boolean report;

  @Override
  public Integer call() throws Exception {
    if (overwrite && resume) throw new Main.UserError("--overwrite and --resume exclude each other", Main.EXIT_CONFIG);
    RunConfig cfg = ConfigLoader.load(config, overrides);
    return new TrainingRun(cfg, output, master, overwrite, resume).withReport(report).run();
  }
}
