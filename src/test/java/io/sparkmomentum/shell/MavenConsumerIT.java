package io.sparkmomentum.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The thin jar as a dependency of a user's own Maven project, with Spark {@code provided}. The project
 * ({@code src/test/resources/maven-consumer}: a pom and one class that fits {@code MomentumMF} on a tiny DataFrame
 * and calls {@code recommendForAllUsers}) is copied under {@code target/maven-consumer-it/consumer} and built by a
 * child {@code mvn -B -q package} (the outer build's Maven, settings and offline mode). It finds our artifact in a
 * temporary {@code file://} repository that its pom declares, holding the built jar and the shade plugin's
 * dependency-reduced pom under {@code groupId/artifactId/version/} (offline, where Maven reads no repository but the
 * local one, they stand in the local repository as {@code mvn install} leaves them). Then its class runs with
 * {@code java -cp} = its classes + its resolved compile and provided classpath, with Spark's JVM options.
 *
 * <p>The child's local repository is a fresh directory whose entries link to the outer build's ({@code ~/.m2}: Spark
 * and the plugins are resolved from there, nothing is downloaded twice), except {@code io/sparkmomentum}: so a stale
 * copy of our snapshot that {@code mvn install} left in {@code ~/.m2} cannot stand in for the jar under test, and the
 * test leaves none there. A failsafe test: it needs {@code package}.
 */
class MavenConsumerIT {
  static final Path ROOT = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().normalize();
  static final Path TEMPLATE = ROOT.resolve("src/test/resources/maven-consumer");
  static final Path WORK = ROOT.resolve("target/maven-consumer-it");
  static final String CHECK = "CONSUMER-CHECK rounds=4 users=20 recommendations=40 valid=true";
  static final long BUILD_TIMEOUT_S = 240;
  static final long RUN_TIMEOUT_S = 180;

  @Test
  void userProjectBuildsAgainstTheJarAndFitsMomentumMf() throws Exception {
    Path jar = SparkShellIT.jar().toAbsolutePath();
    Path pom = Path.of(System.getProperty("app.pom", "target/dependency-reduced-pom.xml")).toAbsolutePath();
    assertTrue(Files.isRegularFile(pom), "the dependency-reduced pom " + pom + " is missing: the shade plugin "
        + "writes it at package (createDependencyReducedPom)");
    String mvn = mavenExecutable();
    assumeTrue(mvn != null, "skipped: `mvn` is not on PATH (and no maven.home), so the user's project cannot be "
        + "built; `mvn -B verify` runs this test");
    Path outerRepo = Path.of(property("it.maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));

    deleteTree(WORK);
    boolean offline = property("it.maven.offline", "offline=false").equals("offline=true");
    Path remote = WORK.resolve("repo");
    Path localRepo = linkedLocalRepository(outerRepo, WORK.resolve("local-repo"), property("app.groupId", null));
    String base = property("app.artifactId", null) + "-" + property("app.version", null);
    // Offline, Maven reads no repository but the local one, not even file://: there the jar stands as `mvn install`
    // leaves it.
    Path artifactDir = (offline ? localRepo : remote).resolve(property("app.groupId", null).replace('.', '/'))
        .resolve(property("app.artifactId", null)).resolve(property("app.version", null));
    Files.createDirectories(artifactDir);
    Files.copy(jar, artifactDir.resolve(base + ".jar"));
    Files.copy(pom, artifactDir.resolve(base + ".pom"));
    Path consumer = WORK.resolve("consumer");
    copyTemplate(remote.toUri().toString(), consumer);

    Path classpathFile = consumer.resolve("classpath.txt");
    Path treeFile = consumer.resolve("dependency-tree.txt");
    String dependencyPlugin = "org.apache.maven.plugins:maven-dependency-plugin:"
        + property("dependency.plugin.version", null);
    List<String> cmd = new ArrayList<>(List.of(mvn, "-B", "-q", "-Dstyle.color=never",
        "-Dmaven.repo.local=" + localRepo));
    if (offline) cmd.add("-o");
    settingsFile("it.maven.settings").ifPresent(s -> cmd.addAll(List.of("-s", s)));
    settingsFile("it.maven.global.settings").ifPresent(s -> cmd.addAll(List.of("-gs", s)));
    cmd.addAll(List.of("package",
        dependencyPlugin + ":build-classpath", "-Dmdep.includeScope=compile", "-Dmdep.outputFile=" + classpathFile,
        dependencyPlugin + ":tree", "-DoutputFile=" + treeFile));
    long t0 = System.nanoTime();
    Path buildLog = WORK.resolve("mvn.log");
    Process build = start(cmd, consumer, buildLog);
    assertTrue(build.waitFor(BUILD_TIMEOUT_S, TimeUnit.SECONDS) || kill(build),
        "the child mvn ended within " + BUILD_TIMEOUT_S + " s" + tail(buildLog));
    assertEquals(0, build.exitValue(), "the child `" + String.join(" ", cmd) + "` in " + consumer + tail(buildLog));
    log("%s: %.1f s", String.join(" ", cmd), (System.nanoTime() - t0) / 1e9);

    // The classpath holds the jar under test, resolved from the temporary repository, and no unshaded picocli or
    // Typesafe Config (nor anything else from our pom: the tree shows our artifact without children).
    List<String> classpath = List.of(Files.readString(classpathFile, StandardCharsets.UTF_8).strip()
        .split(File.pathSeparator));
    List<Path> ours = classpath.stream().map(Path::of).filter(p -> p.getFileName().toString().startsWith(base))
        .toList();
    assertEquals(1, ours.size(), "one " + base + " jar on the user's classpath: " + classpath);
    assertTrue(ours.get(0).startsWith(localRepo), "resolved into the child's own local repository: " + ours);
    assertEquals(-1L, Files.mismatch(ours.get(0), jar), "the user's project got the jar under test: " + ours);
    List<String> unshaded = classpath.stream().filter(MavenConsumerIT::unshadedDependency).toList();
    assertEquals(List.of(), unshaded, "unshaded picocli / Typesafe Config on the user's classpath");
    String tree = Files.readString(treeFile, StandardCharsets.UTF_8);
    String node = property("app.groupId", null) + ":" + property("app.artifactId", null) + ":jar:"
        + property("app.version", null) + ":compile";
    assertEquals(List.of(), children(tree, node), "dependencies our artifact brings to a user's project; the tree:\n"
        + tree);
    assertTrue(!tree.contains("info.picocli:picocli") && !tree.contains("com.typesafe:config"),
        "no picocli / Typesafe Config in the user's dependency tree:\n" + tree);

    // The user's class runs with its classes, the jar and the provided Spark classpath.
    List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g"));
    java.addAll(Arrays.stream(System.getProperty("spark.jvm.opens", "").split("\\s+")).filter(s -> !s.isBlank())
        .toList());
    java.addAll(List.of("-cp", consumer.resolve("target/classes") + File.pathSeparator
        + String.join(File.pathSeparator, classpath), "com.example.recs.RecommendApp"));
    t0 = System.nanoTime();
    Path runLog = WORK.resolve("run.log");
    Process run = start(java, consumer, runLog);
    assertTrue(run.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS) || kill(run),
        "the user's class ended within " + RUN_TIMEOUT_S + " s" + tail(runLog));
    String out = Files.readString(runLog, StandardCharsets.UTF_8);
    assertEquals(0, run.exitValue(), "the user's class's exit code" + tail(runLog));
    assertTrue(out.lines().anyMatch(CHECK::equals), "the user's class prints `" + CHECK + "`" + tail(runLog));
    log("user's class: %.1f s", (System.nanoTime() - t0) / 1e9);
  }

  @Test
  void readmeQuotesTheDependencies() throws Exception {
    String pom = Files.readString(TEMPLATE.resolve("pom.xml"), StandardCharsets.UTF_8);
    int begin = pom.indexOf("<!-- README snippet: begin -->");
    int end = pom.indexOf("<!-- README snippet: end -->");
    assertTrue(begin >= 0 && end > begin, "snippet markers in " + TEMPLATE.resolve("pom.xml"));
    String snippet = stripLines(substitute(pom.substring(pom.indexOf('\n', begin) + 1, end), Map.of()));
    String readme = stripLines(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
    assertTrue(readme.contains(snippet), "README.md lacks the dependencies of a user's pom:\n" + snippet);
  }

  // -------------------------------------------------------------------------------------------------------------

  /** {@code dir}'s template with every {@code @key@} replaced (system properties, and {@code repo.url}). */
  static void copyTemplate(String repoUrl, Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(TEMPLATE)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = dir.resolve(TEMPLATE.relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.writeString(to, substitute(Files.readString(f, StandardCharsets.UTF_8), Map.of("repo.url", repoUrl)),
            StandardCharsets.UTF_8);
      }
    }
  }

  static String substitute(String text, Map<String, String> extra) {
    Matcher m = Pattern.compile("@([A-Za-z.]+)@").matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String value = extra.containsKey(key) ? extra.get(key) : property(key, null);
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    return m.appendTail(sb).toString();
  }

  /** A system property the failsafe configuration sets; without a default, its absence fails the test. */
  static String property(String key, String fallback) {
    String v = System.getProperty(key);
    if (v != null && !v.isBlank() && !v.contains("${")) return v;
    assertTrue(fallback != null, "system property " + key + " is not set: run with `mvn -B verify` (pom.xml's "
        + "failsafe systemPropertyVariables)");
    return fallback;
  }

  /** A settings file of the outer build, if it has one. */
  static Optional<String> settingsFile(String key) {
    String v = System.getProperty(key, "");
    return v.isBlank() || v.contains("${") || !Files.isRegularFile(Path.of(v)) ? Optional.empty() : Optional.of(v);
  }

  /** The outer build's Maven ({@code maven.home}), else {@code mvn} on PATH, else null. */
  static String mavenExecutable() {
    String home = System.getProperty("it.maven.home", "");
    if (!home.isBlank() && !home.contains("${") && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mvn"))) return Path.of(dir, "mvn").toString();
    }
    return null;
  }

  /**
   * A local repository at {@code dir} whose entries are symbolic links to {@code outer}'s, except the directory of
   * {@code groupId}, which stays empty: everything but our artifact resolves from (and downloads into) the outer one.
   */
  static Path linkedLocalRepository(Path outer, Path dir, String groupId) throws IOException {
    String[] parts = groupId.split("\\.");
    Path from = outer;
    Path to = dir;
    Files.createDirectories(to);
    for (String part : parts) {
      if (Files.isDirectory(from)) {
        try (Stream<Path> entries = Files.list(from)) {
          for (Path e : entries.filter(e -> !e.getFileName().toString().equals(part)).toList()) {
            Files.createSymbolicLink(to.resolve(e.getFileName().toString()), e.toAbsolutePath());
          }
        }
      }
      from = from.resolve(part);
      to = to.resolve(part);
      Files.createDirectories(to);
    }
    return dir;
  }

  static boolean unshadedDependency(String entry) {
    String name = Path.of(entry).getFileName().toString();
    return name.startsWith("picocli-") || entry.contains("/com/typesafe/config/");
  }

  /** The lines below {@code node} in a {@code dependency:tree} text output that are its descendants. */
  static List<String> children(String tree, String node) {
    List<String> lines = tree.lines().toList();
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith(node)) at = i;
    }
    assertTrue(at >= 0, node + " in the user's dependency tree:\n" + tree);
    int depth = indent(lines.get(at));
    List<String> below = new ArrayList<>();
    for (int i = at + 1; i < lines.size() && indent(lines.get(i)) > depth; i++) below.add(lines.get(i).strip());
    return below;
  }

  /** Where a tree line's coordinates start, after the branches {@code "|  +- \- "}. */
  static int indent(String line) {
    int i = 0;
    while (i < line.length() && "| +-\\".indexOf(line.charAt(i)) >= 0) i++;
    return i;
  }

  static String stripLines(String text) {
    return String.join("\n", text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
  }

  static Process start(List<String> cmd, Path dir, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return pb.start();
  }

  static boolean kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    return false;
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
      return "; the last lines of " + log + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    // Links are deleted, never followed: the outer local repository stays untouched.
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  static void log(String format, Object... args) {
    System.out.printf("[MavenConsumerIT] " + format + "%n", args);
  }
}
