package io.sparkmomentum.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fails fast, in one line, on a Spark master that cannot work, instead of Spark's stack traces (46 lines for
 * {@code --master bogus}) or its 72 s of registration retries for an unreachable standalone master:
 * the URL's form ({@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}, {@code local-cluster[N,C,M]},
 * {@code spark://host:port[,host:port]}, {@code yarn}, {@code k8s://...}), thread counts ≥ 1, the cluster manager's
 * classes on the classpath, and a TCP connection to each standalone master within {@value #CONNECT_TIMEOUT_MS} ms.
 */
final class SparkMasters {
  static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,(\\d+))?])?");
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[(\\d+),\\s*(\\d+),\\s*(\\d+)]");
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[^:/,\\s]+):(\\d{1,5})");

  private SparkMasters() {}

  static void check(String key, String master) {
    String expected = "; expected local, local[N], local[*], local-cluster[N,C,M], spark://HOST:PORT, yarn or "
        + "k8s://URL";
    Matcher m = LOCAL.matcher(master);
    if (m.matches()) {
      if (m.group(2) != null && !m.group(2).equals("*") && parse(m.group(2)) < 1) {
        throw bad(key, master, "needs at least 1 thread");
      }
      if (m.group(4) != null && parse(m.group(4)) < 1) throw bad(key, master, "needs at least 1 task attempt");
      return;
    }
    m = LOCAL_CLUSTER.matcher(master);
    if (m.matches()) {
      if (parse(m.group(1)) < 1 || parse(m.group(2)) < 1 || parse(m.group(3)) < 1) {
        throw bad(key, master, "needs N, C and M >= 1");
      }
      return;
    }
    if (master.startsWith("spark://")) {
      for (String hp : master.substring("spark://".length()).split(",")) {
        Matcher h = HOST_PORT.matcher(hp.trim());
        if (!h.matches() || parse(h.group(2)) < 1 || parse(h.group(2)) > 65535) {
          throw bad(key, master, "'" + hp + "' is not HOST:PORT");
        }
        reachable(key, master, h.group(1).replaceAll("^\\[|]$", ""), parse(h.group(2)));
      }
      return;
    }
    if (master.equals("yarn")) {
      needClass(key, master, "org.apache.spark.deploy.yarn.YarnClusterManager", "spark-yarn");
      return;
    }
    if (master.startsWith("k8s://")) {
      needClass(key, master, "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager", "spark-kubernetes");
      return;
    }
    throw new Main.UserError(key + " = \"" + master + "\" is not a Spark master URL" + expected, Main.EXIT_CONFIG);
  }

  private static int parse(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static Main.UserError bad(String key, String master, String why) {
    return new Main.UserError(key + " = \"" + master + "\": " + why, Main.EXIT_CONFIG);
  }

  private static void needClass(String key, String master, String cls, String module) {
    try {
      Class.forName(cls, false, SparkMasters.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw bad(key, master, "this classpath has no " + module + " (" + cls + " is missing); run through spark-submit"
          + " of a Spark distribution built with it (see jobs/CLUSTER.md)");
    }
  }

  private static void reachable(String key, String master, String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      throw bad(key, master, "cannot reach the master at " + host + ":" + port + " within " + CONNECT_TIMEOUT_MS
          + " ms (" + RunDirectory.oneLine(e.getMessage()) + "); is it running?");
    }
  }

  /** A Spark start that failed anyway (a bad {@code spark.*} setting, say): one line with the root cause. */
  static Main.UserError startFailed(String master, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String msg = root.getMessage() != null ? root.getMessage() : root.toString();
    return new Main.UserError("cannot start Spark (master " + master + "): " + RunDirectory.oneLine(msg)
        + "; check --master and the spark.* settings", Main.EXIT_CONFIG);
  }
}
