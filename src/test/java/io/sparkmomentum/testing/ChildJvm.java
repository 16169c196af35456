package io.sparkmomentum.testing;

import java.io.File;
import java.io.IOException;
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
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.directory(new File(System.getProperty("project.basedir", ".")));
    return pb.start();
  }
}
