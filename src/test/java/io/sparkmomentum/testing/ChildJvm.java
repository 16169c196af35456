package io.sparkmomentum.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts the CLI in a separate JVM (so that a test can SIGKILL it), with this JVM's classpath and Spark options. */
public final class ChildJvm {
  private ChildJvm() {}

  public static Process start(Path log, List<String> sysProps, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    String opens = System.getProperty("spark.jvm.opens", "");
    cmd.addAll(Arrays.stream(opens.split("\\s+")).filter(s -> !s.isBlank()).toList());
    cmd.add("-Dspark.master=local[2]");
    cmd.add("-Dspark-momentum.log-level=ERROR");
    for (String p : sysProps) cmd.add("-D" + p);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.sparkmomentum.cli.Main");
    cmd.addAll(List.of(args));
    if (sigintIgnored()) cmd.addAll(0, List.of("/usr/bin/env", "--default-signal=INT")); // env execs the JVM
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.directory(new File(System.getProperty("project.basedir", ".")));
    return pb.start();
  }

  /**
   * Whether this process ignores SIGINT (Linux's {@code /proc/self/status}): so it is when the build was started in
   * the background by a non-interactive shell, or under nohup. A child inherits the disposition and the JVM then
   * installs no SIGINT handler, so a test's SIGINT would be lost; the child is started with SIGINT reset instead.
   */
  static boolean sigintIgnored() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 2L) != 0;
      }
    } catch (IOException | RuntimeException e) {
      return false; // not Linux: nothing to read, nothing to reset
    }
    return false;
  }
}
