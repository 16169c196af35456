package io.sparkmomentum.cli;

import io.sparkmomentum.report.ReportPage;
import io.sparkmomentum.report.RunReader;
import io.sparkmomentum.report.RunRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code report RUN_DIR [RUN_DIR ...] --output report.html}: the training report of one or several runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes one self-contained HTML page (inline SVG charts, no network access needed) on one or "
        + "several run directories: loss, gradient norm and learning rate per round, every test_* and validation_* "
        + "metric, the time per round by phase, rollbacks and divergence, the config and the summary. Several runs, "
        + "and the tuning candidates in a run's tuning/ directory, are overlaid."})
public final class ReportCommand implements Callable<Integer> {
  /** The file name {@code train --report} gives the report in the run directory. */
  static final String FILE = "report.html";

  @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run directories written by train")
  List<String> runDirs = new ArrayList<>();

  @Option(names = "--output", paramLabel = "FILE", required = true, description = "the HTML file to write")
  String output;

  @Override
  public Integer call() throws IOException {
    Configuration hadoop = new Configuration();
    Path out = PathCheck.path("--output", output, Main.EXIT_CONFIG);
    FileSystem fs = PathCheck.fileSystem("--output", out, hadoop, Main.EXIT_CONFIG);
    List<String> labels = labels(runDirs);
    List<RunRecord> runs = new ArrayList<>();
    for (int i = 0; i < runDirs.size(); i++) {
      runs.add(RunReader.read(HadoopRunFiles.of("RUN_DIR", runDirs.get(i), hadoop), labels.get(i)));
    }
    write(fs, fs.makeQualified(out), ReportPage.html(runs));
    System.err.println("wrote " + output);
    return 0;
  }

  /**
   * Writes the report of the run in {@code runDir} to {@code runDir/report.html} (temp file, then rename).
   *
   * @return the report's path as the user named the run directory
   */
  static String writeFor(String runDir, Configuration hadoop) throws IOException {
    HadoopRunFiles files = HadoopRunFiles.of("--output", runDir, hadoop);
    RunRecord run = RunReader.read(files, labels(List.of(runDir)).get(0));
    Path out = new Path(PathCheck.path("--output", runDir, Main.EXIT_CONFIG), FILE);
    FileSystem fs = out.getFileSystem(hadoop);
    write(fs, fs.makeQualified(out), ReportPage.html(List.of(run)));
    return files.describe(FILE);
  }

  private static void write(FileSystem fs, Path out, String html) throws IOException {
    fs.setWriteChecksum(false);
    TrainingRun.writeText(fs, out, html);
  }

  /** Each run's last path segment, or its whole path when two runs share that name. */
  static List<String> labels(List<String> dirs) {
    List<String> names = dirs.stream().map(ReportCommand::lastSegment).toList();
    Set<String> seen = new HashSet<>();
    Set<String> repeated = new HashSet<>();
    for (String n : names) if (!seen.add(n)) repeated.add(n);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < dirs.size(); i++) labels.add(repeated.contains(names.get(i)) ? dirs.get(i) : names.get(i));
    return labels;
  }

  private static String lastSegment(String dir) {
    String d = dir;
    while (d.length() > 1 && d.endsWith("/")) d = d.substring(0, d.length() - 1);
    int slash = d.lastIndexOf('/');
    return slash >= 0 && slash < d.length() - 1 ? d.substring(slash + 1) : d;
  }
}
