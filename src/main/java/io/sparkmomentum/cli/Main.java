package io.sparkmomentum.cli;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.data.BadInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spark-momentum} command line: train, evaluate, predict, recommend, generate, report. */
@Command(name = "spark-momentum", mixinStandardHelpOptions = true, version = "spark-momentum 0.1.0",
    description = "PyTorch-exact momentum SGD for recommender factorization models on Apache Spark.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, RecommendCommand.class,
        GenerateCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  /** Exit codes: usage or config error. */
  public static final int EXIT_CONFIG = 2;
  /** Bad input data. */
  public static final int EXIT_DATA = 3;
  /** The run diverged. */
  public static final int EXIT_DIVERGED = 4;
  /** The run was stopped by SIGINT/SIGTERM at a round boundary (128 + SIGINT, as shells report it). */
  public static final int EXIT_INTERRUPTED = 130;

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0 || !"false".equals(System.getProperty("spark-momentum.exit", "true"))) System.exit(code);
  }

  /** Runs the command line and returns the exit code (used by tests, which must not exit the JVM). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      Throwable t = e;
      while (t.getCause() != null && !(t instanceof ConfigException) && !(t instanceof BadInputException)
          && !(t instanceof UserError)) {
        t = t.getCause();
      }
      err.println("error: " + (t.getMessage() != null ? t.getMessage() : t.toString()));
      if (!(t instanceof ConfigException || t instanceof BadInputException || t instanceof UserError)) {
        e.printStackTrace(err);
      }
      err.flush();
      if (t instanceof ConfigException) return EXIT_CONFIG;
      if (t instanceof BadInputException) return EXIT_DATA;
      if (t instanceof UserError u) return u.exitCode();
      return 1;
    });
    return cl.execute(args);
  }

  /** A failure explained to the user in one line, without a stack trace. */
  public static final class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }
}
