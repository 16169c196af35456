package io.sparkmomentum.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkmomentum.cli.Main;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The trainer on a real Spark standalone cluster: {@code jobs/local-cluster.sh} starts a Master and 2 Workers × 1 core
 * (separate JVMs, random free ports, state in {@code target/cluster-it/local-cluster}), {@code jobs/submit.sh}
 * submits the thin jar in client mode. Both runs of {@code conf/sample.conf} on the cluster, one undisturbed and one
 * whose executor is SIGKILLed mid-run, must give the same summary and byte-identical model files as the same config
 * in {@code local[2]} (run in this JVM while the cluster starts).
 *
 * <p>A failsafe integration test: it needs the thin jar that {@code package} builds, so {@code mvn -B verify} runs it
 * after {@code package}. Every step has a time limit; a failure carries the submit output and the tails of the
 * Master, Worker and executor logs. The cluster is stopped in {@link #stopCluster()} (and by a shutdown hook if the
 * JVM goes down first), which then checks that none of its processes is left. Settings (system properties):
 * {@code cluster.it.start-timeout} (s, default 120), {@code cluster.it.submit-timeout} (s, default 420),
 * {@code cluster.it.kill-at-round} (default 40 of the 320 rounds).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  static final Path ROOT = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().normalize();
  static final Path WORK = ROOT.resolve("target/cluster-it");
  static final Path STATE = WORK.resolve("local-cluster");
  static final Path CONF = ROOT.resolve("conf/sample.conf");
  static final long START_TIMEOUT_S = Long.getLong("cluster.it.start-timeout", 120);
  static final long SUBMIT_TIMEOUT_S = Long.getLong("cluster.it.submit-timeout", 420);
  static final long KILL_AT_ROUND = Long.getLong("cluster.it.kill-at-round", 40);
  static final long ROUNDS = 320; // conf/sample.conf: 20 epochs x 16 rounds
  static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

  static Path jar;
  static int port;
  static int webuiPort;
  static String masterUrl;
  static Path localRun;
  /** Every pid of the cluster seen: Master, Workers, executors. None may run after stop. */
  static final Set<Long> clusterPids = new TreeSet<>();
  static final List<Process> launched = new ArrayList<>();
  static Thread stopHook;
  static boolean stopped;

  // -------------------------------------------------------------------------------------------------------------

  @BeforeAll
  static void startClusterAndRunLocal() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")) && Files.isExecutable(Path.of("/bin/bash")),
        "needs Linux (/proc) and bash");
    jar = Path.of(System.getProperty("app.jar", ROOT.resolve("target/spark-momentum-0.1.0-SNAPSHOT.jar").toString()));
    assertTrue(Files.isRegularFile(jar), "the thin jar " + jar + " is missing: this is a failsafe integration test, "
        + "run it with `mvn -B verify` (after package), not `mvn test`");
    if (Files.exists(STATE)) run(WORK.resolve("stop-leftover.log"), 120, "jobs/local-cluster.sh", "stop", "--dir",
        STATE.toString());
    deleteTree(WORK);
    Files.createDirectories(WORK);
    stopHook = new Thread(StandaloneClusterIT::stopQuietly, "stop local cluster");
    Runtime.getRuntime().addShutdownHook(stopHook);

    // The cluster starts in the background while this JVM trains the local[2] reference.
    long t0 = System.nanoTime();
    Process start = startCluster(1);
    localRun = WORK.resolve("runs/local2");
    SparkTestSession.get();
    int code = Main.run("train", "--config", CONF.toString(), "--output", localRun.toString());
    assertEquals(0, code, "local[2] reference run");
    log("local[2] reference done after %.1f s", seconds(t0));
    // START_TIMEOUT_S is the wait for the daemons; the first start may also build the minimal SPARK_HOME.
    int attempt = 1;
    int rc = await(start, START_TIMEOUT_S + 300, "local-cluster.sh start");
    if (rc != 0 && read(WORK.resolve("cluster-start-1.err")).contains("is in use")) {
      log("a random port was taken meanwhile; starting again on others");
      rc = await(startCluster(++attempt), START_TIMEOUT_S + 300, "local-cluster.sh start");
    }
    if (rc != 0) fail("jobs/local-cluster.sh start failed with exit code " + rc + diagnostics(null));
    masterUrl = lastLine(read(WORK.resolve("cluster-start-" + attempt + ".out")));
    assertEquals("spark://127.0.0.1:" + port, masterUrl, "start prints the master URL" + diagnostics(null));
    log("cluster %s up (%s) after %.1f s", masterUrl, read(WORK.resolve("cluster-start-" + attempt + ".err")).lines()
        .filter(l -> l.startsWith("cluster up in ")).map(l -> l.substring(0, l.indexOf(':'))).findFirst().orElse("?"),
        seconds(t0));
    clusterPids.add(pidFile("master.pid"));
    clusterPids.add(pidFile("worker-1.pid"));
    clusterPids.add(pidFile("worker-2.pid"));
  }

  static Process startCluster(int attempt) throws IOException {
    port = freePort();
    do {
      webuiPort = freePort();
    } while (webuiPort == port);
    return launch(WORK.resolve("cluster-start-" + attempt + ".out"), WORK.resolve("cluster-start-" + attempt + ".err"),
        "jobs/local-cluster.sh", "start", "--workers", "2", "--cores", "1", "--memory", "1g", "--port",
        String.valueOf(port), "--webui-port", String.valueOf(webuiPort), "--timeout", String.valueOf(START_TIMEOUT_S),
        "--dir", STATE.toString());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (stopHook == null) return;
    long t0 = System.nanoTime();
    int rc = stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(stopHook);
    } catch (IllegalStateException e) {
      // shutting down already
    }
    log("local-cluster.sh stop: exit %d after %.1f s", rc, seconds(t0));
    assertEquals(0, rc, "jobs/local-cluster.sh stop" + tail(WORK.resolve("cluster-stop.log"), 40));
    List<String> left = List.of();
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15); System.nanoTime() < deadline; ) {
      left = leftovers();
      if (left.isEmpty()) break;
      Thread.sleep(200);
    }
    assertTrue(left.isEmpty(), "cluster processes left after stop:\n" + String.join("\n", left));
    assertTrue(!listening(port), "the master port " + port + " still accepts connections after stop");
  }

  static synchronized int stopQuietly() {
    if (stopped) return 0;
    stopped = true;
    // First what this class started and is still running: a start that is still going on (it would start Workers
    // after the stop), drivers (submit.sh) of a failed test.
    for (Process p : List.copyOf(launched)) {
      if (p.isAlive()) killTree(p);
    }
    try {
      return run(WORK.resolve("cluster-stop.log"), 120, "jobs/local-cluster.sh", "stop", "--dir", STATE.toString());
    } catch (Exception | AssertionError e) {
      System.err.println("stopping the local cluster failed: " + e);
      return -1;
    }
  }

  // -------------------------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void sampleOnTheClusterEqualsLocal2() throws Exception {
    Set<Path> before = appDirs();
    Path run = WORK.resolve("runs/cluster");
    long t0 = System.nanoTime();
    Submit s = submit("cluster", run);
    s.awaitSuccess();
    log("cluster run: %.1f s", seconds(t0));

    Map<String, Object> printed = Json.readMap(lastLine(read(s.out)));
    assertEquals(Json.readMap(read(run.resolve("summary.json"))), printed, "stdout's summary = summary.json");
    assertSameResult(run);

    // It really ran on the cluster: one new application with one executor on each Worker.
    Set<Path> apps = new LinkedHashSet<>(appDirs());
    apps.removeAll(before);
    Set<String> ids = apps.stream().map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(1, ids.size(), "one application: " + apps + s.diagnostics());
    for (int w = 1; w <= 2; w++) {
      Path app = STATE.resolve("work/worker-" + w).resolve(ids.iterator().next());
      assertTrue(Files.isDirectory(app) && list(app).size() == 1, "one executor on worker " + w + ": " + app
          + s.diagnostics());
    }
    log("executors that ran tasks: %s", executorsThatRanTasks(ids.iterator().next()));
  }

  @Test
  @Order(2)
  void executorSigkilledMidRunGivesTheSameModel() throws Exception {
    Path run = WORK.resolve("runs/cluster-executor-killed");
    Set<Path> before = appDirs();
    long t0 = System.nanoTime();
    // No delay scheduling: without it the surviving executor, which holds every cached block after the recovery,
    // keeps all tasks and the replacement executor stays idle; with it the replacement takes tasks too.
    Submit s = submit("cluster-executor-killed", run, "--conf", "spark.locality.wait=0");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SUBMIT_TIMEOUT_S);
    while (roundsLogged(run) < KILL_AT_ROUND) {
      if (!s.process.isAlive()) fail("the run ended before round " + KILL_AT_ROUND + s.diagnostics());
      if (System.nanoTime() > deadline) s.timedOut();
      Thread.sleep(10);
    }
    // An executor of this application; preferably one that is running a task right now.
    Set<Path> apps = new TreeSet<>(appDirs());
    apps.removeAll(before);
    assertEquals(1, apps.size(), "one new application: " + apps + s.diagnostics());
    String app = apps.iterator().next().toString();
    List<Executor> executors = List.of();
    Executor victim = null;
    for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3); victim == null; ) {
      executors = executors().stream().filter(e -> e.appId().equals(app)).toList();
      victim = executors.stream().filter(Executor::busy).findFirst().orElse(null);
      if (System.nanoTime() > until) {
        victim = executors.stream().findFirst().orElse(null);
        if (victim == null) fail("no executor process found under " + STATE.resolve("work") + s.diagnostics());
      }
      Thread.sleep(5);
    }
    String appId = victim.appId();
    clusterPids.addAll(executors.stream().map(Executor::pid).toList());
    Set<String> dirsBefore = executorDirs(appId);
    long round = roundsLogged(run);
    boolean busy = victim.busy();
    ProcessHandle h = ProcessHandle.of(victim.pid()).orElseThrow();
    h.destroyForcibly(); // SIGKILL
    h.onExit().get(60, TimeUnit.SECONDS);
    log("SIGKILLed executor %s (pid %d, %s) of %s after round %d of %d, %.1f s into the run", victim.id(),
        victim.pid(), busy ? "running a task" : "between tasks", appId, round, ROUNDS, seconds(t0));
    assertTrue(round < ROUNDS && s.process.isAlive(), "the kill came before the end of the run" + s.diagnostics());

    s.awaitSuccess();
    log("run with an executor killed: %.1f s", seconds(t0));
    assertSameResult(run);

    String driverLog = read(s.err);
    assertTrue(driverLog.contains("Lost executor " + victim.id() + " "), "the driver saw the executor go"
        + s.diagnostics());
    Set<String> replacements = new TreeSet<>(executorDirs(appId));
    replacements.removeAll(dirsBefore);
    assertTrue(!replacements.isEmpty(), "the Worker started a replacement executor (executor dirs before the kill "
        + dirsBefore + ", after " + executorDirs(appId) + ")" + s.diagnostics());
    List<String> lostTasks = driverLog.lines().filter(l -> l.contains("Lost task")).toList();
    log("replacement executor(s) %s; executors that ran tasks: %s; lost tasks retried: %d%s", replacements,
        executorsThatRanTasks(appId), lostTasks.size(),
        lostTasks.isEmpty() ? "" : "\n  " + String.join("\n  ", lostTasks));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Result comparison

  /** Same test_rmse, test_mae, final_loss, rounds as the local[2] run, and byte-identical model files. */
  static void assertSameResult(Path run) throws IOException {
    Map<String, Object> want = Json.readMap(read(localRun.resolve("summary.json")));
    Map<String, Object> got = Json.readMap(read(run.resolve("summary.json")));
    assertEquals(ROUNDS, ((Number) want.get("rounds")).longValue());
    for (String k : List.of("test_rmse", "test_mae", "final_loss")) {
      assertEquals(((Number) want.get(k)).doubleValue(), ((Number) got.get(k)).doubleValue(), 0.0, k);
    }
    assertEquals(((Number) want.get("rounds")).longValue(), ((Number) got.get("rounds")).longValue(), "rounds");
    List<String> names = list(localRun.resolve("model")).stream().map(p -> p.getFileName().toString()).toList();
    assertEquals(names, list(run.resolve("model")).stream().map(p -> p.getFileName().toString()).toList());
    assertTrue(names.contains("params.f64") && names.contains("bundle.json"), names.toString());
    for (String f : names) {
      assertArrayEquals(Files.readAllBytes(localRun.resolve("model").resolve(f)),
          Files.readAllBytes(run.resolve("model").resolve(f)), "model/" + f + " differs from local[2]'s");
    }
  }

  static long roundsLogged(Path run) {
    Path m = run.resolve("metrics.jsonl");
    if (!Files.exists(m)) return 0;
    try (Stream<String> lines = Files.lines(m)) {
      return lines.filter(l -> l.startsWith("{\"round\"") && l.endsWith("}")).count();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Submitting

  /** One {@code jobs/submit.sh} run: the driver's stdout and stderr go to files. */
  record Submit(Process process, Path out, Path err) {
    void awaitSuccess() throws Exception {
      if (!process.waitFor(SUBMIT_TIMEOUT_S, TimeUnit.SECONDS)) timedOut();
      assertEquals(0, process.exitValue(), "jobs/submit.sh exit code" + diagnostics());
    }

    void timedOut() {
      killTree(process);
      fail("jobs/submit.sh did not finish within " + SUBMIT_TIMEOUT_S + " s (killed)" + diagnostics());
    }

    String diagnostics() {
      return StandaloneClusterIT.diagnostics(this);
    }
  }

  /** {@code jobs/submit.sh --master URL [sparkOptions] conf/sample.conf --output RUN} (driver UI off: no port). */
  static Submit submit(String name, Path run, String... sparkOptions) throws IOException {
    Files.createDirectories(run.getParent());
    Path out = WORK.resolve("submit-" + name + ".out");
    Path err = WORK.resolve("submit-" + name + ".err");
    List<String> cmd = new ArrayList<>(List.of("jobs/submit.sh", "--master", masterUrl, "--conf",
        "spark.ui.enabled=false"));
    cmd.addAll(List.of(sparkOptions));
    cmd.addAll(List.of(CONF.toString(), "--output", run.toString()));
    Process p = launch(out, err, cmd.toArray(String[]::new));
    return new Submit(p, out, err);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Processes

  /** A script of the project, run from the project root with this JVM's java; output to files. */
  static synchronized Process launch(Path out, Path err, String... cmd) throws IOException {
    List<String> c = new ArrayList<>(List.of(cmd));
    c.set(0, ROOT.resolve(cmd[0]).toString());
    ProcessBuilder pb = new ProcessBuilder(c).directory(ROOT.toFile()).redirectInput(ProcessBuilder.Redirect.from(
        Path.of("/dev/null").toFile())).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("SPARK_MOMENTUM_JAR", jar.toString());
    env.put("LOCAL_CLUSTER_DIR", STATE.toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    // The driver must use the same Spark as the cluster (the minimal SPARK_HOME), and nothing of the caller's.
    for (String k : List.of("SPARK_HOME", "SPARK_CONF_DIR", "SPARK_AUTHENTICATE_SECRET", "MASTER")) env.remove(k);
    Process p = pb.start();
    launched.add(p);
    return p;
  }

  static int run(Path log, long timeoutS, String... cmd) throws Exception {
    Process p = launch(log, log.resolveSibling(log.getFileName() + ".err"), cmd);
    return await(p, timeoutS, String.join(" ", cmd));
  }

  static int await(Process p, long timeoutS, String what) throws InterruptedException {
    if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
      killTree(p);
      fail(what + " did not finish within " + timeoutS + " s (killed)" + diagnostics(null));
    }
    return p.exitValue();
  }

  static void killTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** An executor JVM of the cluster (working directory STATE/work/worker-N/APP/ID). */
  record Executor(long pid, String appId, String id, Path dir) {
    /** Its log's last task line is "Running task" (no "Finished task" after it). */
    boolean busy() {
      String log = read(dir.resolve("stderr"));
      return log.lastIndexOf("Running task") > log.lastIndexOf("Finished task");
    }
  }

  static List<Executor> executors() {
    List<Executor> out = new ArrayList<>();
    for (long pid : pidsUnder(STATE.resolve("work"))) {
      List<String> args = cmdline(pid);
      if (!args.contains(EXECUTOR_CLASS)) continue;
      int a = args.indexOf("--app-id");
      int e = args.indexOf("--executor-id");
      if (a < 0 || e < 0 || a + 1 >= args.size() || e + 1 >= args.size()) continue;
      cwd(pid).ifPresent(dir -> out.add(new Executor(pid, args.get(a + 1), args.get(e + 1), dir)));
    }
    return out;
  }

  /** Pids whose working directory is under {@code dir} (executors and drivers that Workers start). */
  static List<Long> pidsUnder(Path dir) {
    List<Long> out = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(h -> cwd(h.pid()).filter(c -> c.startsWith(dir)).ifPresent(c ->
        out.add(h.pid())));
    return out;
  }

  static Optional<Path> cwd(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")));
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  static List<String> cmdline(long pid) {
    try {
      byte[] b = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
      return Arrays.asList(new String(b, StandardCharsets.UTF_8).split("\0"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Running (not zombie) according to /proc. */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  /** Processes of the cluster still running: a recorded pid, or anything that names the state folder or runs in it. */
  static List<String> leftovers() {
    Set<Long> pids = new TreeSet<>(clusterPids);
    pids.addAll(pidsUnder(STATE));
    ProcessHandle.allProcesses().forEach(h -> {
      String line = String.join(" ", cmdline(h.pid()));
      if (line.contains(STATE.toString()) || line.contains("org.apache.spark.deploy.master.Master") && line.contains("--port " + port + " ")) {
        pids.add(h.pid());
      }
    });
    pids.remove(ProcessHandle.current().pid());
    return pids.stream().filter(StandaloneClusterIT::running)
        .map(p -> p + " " + String.join(" ", cmdline(p)).replaceAll("-cp \\S+", "-cp ...")).toList();
  }

  static long pidFile(String name) throws IOException {
    return Long.parseLong(read(STATE.resolve(name)).strip());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  static boolean listening(int p) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", p), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Files and logs

  static Set<Path> appDirs() throws IOException {
    Set<Path> out = new TreeSet<>();
    for (int w = 1; w <= 2; w++) {
      Path d = STATE.resolve("work/worker-" + w);
      if (Files.isDirectory(d)) out.addAll(list(d).stream().map(p -> p.getFileName()).toList());
    }
    return out;
  }

  /** "worker-N/ID" for every executor folder of the application. */
  static Set<String> executorDirs(String appId) throws IOException {
    Set<String> out = new TreeSet<>();
    for (int w = 1; w <= 2; w++) {
      Path d = STATE.resolve("work/worker-" + w).resolve(appId);
      if (Files.isDirectory(d)) for (Path e : list(d)) out.add("worker-" + w + "/" + e.getFileName());
    }
    return out;
  }

  static Map<String, Long> executorsThatRanTasks(String appId) throws IOException {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (String e : executorDirs(appId)) {
      Path log = STATE.resolve("work").resolve(e.substring(0, e.indexOf('/'))).resolve(appId)
          .resolve(e.substring(e.indexOf('/') + 1)).resolve("stderr");
      out.put(e, read(log).lines().filter(l -> l.contains("Running task")).count());
    }
    return out;
  }

  /** The submit output and the tails of the cluster's logs, for a failure message. */
  static String diagnostics(Submit s) {
    StringBuilder b = new StringBuilder("\n\n==== diagnostics (all files in ").append(WORK).append(") ====");
    try {
      if (s != null) {
        b.append(tail(s.out(), 20)).append(tail(s.err(), 150));
      }
      for (Path p : list(WORK)) {
        if (p.getFileName().toString().startsWith("cluster-")) b.append(tail(p, 30));
      }
      if (Files.isDirectory(STATE)) {
        b.append(tail(STATE.resolve("master.log"), 60));
        for (int w = 1; w <= 2; w++) b.append(tail(STATE.resolve("worker-" + w + ".log"), 60));
        try (Stream<Path> files = Files.isDirectory(STATE.resolve("work")) ? Files.walk(STATE.resolve("work"), 4)
            : Stream.empty()) {
          for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).sorted().toList()) {
            b.append(tail(f, 40));
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      b.append("\n(could not collect all logs: ").append(e).append(')');
    }
    return b.toString();
  }

  static String tail(Path f, int n) {
    if (!Files.isRegularFile(f)) return "";
    List<String> lines = read(f).lines().toList();
    return "\n---- " + f + (lines.size() > n ? " (last " + n + " of " + lines.size() + " lines)" : "") + " ----\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  static String read(Path f) {
    try {
      return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      try {
        return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      } catch (IOException e2) {
        return "";
      }
    }
  }

  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
    }
  }

  static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  static void log(String fmt, Object... args) {
    System.out.printf("[StandaloneClusterIT] " + fmt + "%n", args);
  }
}
