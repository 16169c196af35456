package io.sparkmomentum.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin jar as {@code spark-shell --jars target/spark-momentum-*.jar} uses it: a Scala 2.13 REPL (the compiler's
 * own, {@code scala.tools.nsc.MainGenericRunner}: Spark 4's {@code spark-repl} is not published) in a separate JVM
 * whose classpath is Spark's jars and the thin jar, without our classes directory and without unshaded picocli or
 * Typesafe Config, runs what a user types: a SparkSession as spark-shell makes it ({@code spark.jars} = the jar), a
 * tiny DataFrame, and a {@code MomentumMF} fit, recommendations and a {@code MomentumClassifier} fit. Also checks
 * that the jar holds only our classes, our third-party dependencies relocated under {@code io.sparkmomentum.shaded},
 * and no Spark (it is {@code provided}). A failsafe test: it needs {@code package}.
 */
class SparkShellIT {
  @TempDir
  Path tmp;

  static Path jar() {
    Path jar = Path.of(System.getProperty("app.jar", "target/spark-momentum-0.1.0-SNAPSHOT.jar"));
    assertTrue(Files.isRegularFile(jar), "the thin jar " + jar + " is missing: this is a failsafe integration test, "
        + "run it with `mvn -B verify` (after package), not `mvn test`");
    return jar;
  }

  @Test
  void thinJarHoldsOurClassesAndRelocatedDependenciesOnly() throws Exception {
    List<String> foreign = new ArrayList<>();
    boolean picocli = false;
    boolean config = false;
    try (JarFile j = new JarFile(jar().toFile())) {
      for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        picocli |= name.startsWith("io/sparkmomentum/shaded/picocli/");
        config |= name.startsWith("io/sparkmomentum/shaded/config/");
        boolean ours = name.startsWith("io/sparkmomentum/") || name.equals("io/") || name.startsWith("META-INF/")
            || name.endsWith(".conf") || name.endsWith(".properties");
        if (!ours && !name.endsWith("/")) foreign.add(name);
      }
    }
    assertTrue(picocli && config, "picocli and Typesafe Config relocated under io/sparkmomentum/shaded/");
    assertEquals(List.of(), foreign.subList(0, Math.min(20, foreign.size())), "classes outside our package");
  }

  @Test
  void replWithTheThinJarFitsMomentumMfAsSparkShellWould() throws Exception {
    Path jar = jar().toAbsolutePath();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cp = new ArrayList<>();
    for (String e : classpath.split(File.pathSeparator)) {
      String n = Path.of(e).getFileName().toString();
      boolean projectClasses = e.endsWith("classes") || e.endsWith("classes" + File.separator);
      if (projectClasses || n.startsWith("picocli-") || n.startsWith("config-")) continue;
      cp.add(e);
    }
    cp.add(jar.toString());
    String script = String.join("\n",
        "val spark = org.apache.spark.sql.SparkSession.builder().master(\"local[2]\").appName(\"spark-shell\")"
            + ".config(\"spark.ui.enabled\", \"false\").config(\"spark.jars\", \"" + jar + "\").getOrCreate()",
        "import spark.implicits._",
        "val ratings = (for (u <- 1 to 20; i <- 1 to 15 if (u + i) % 3 != 0) yield (u, i, ((u * i) % 5 + 1)"
            + ".toDouble)).toDF(\"user\", \"item\", \"rating\")",
        "val model = new io.sparkmomentum.ml.MomentumMF().setRank(3).setMaxIter(4).setStepSize(5.0)"
            + ".setNumPartitions(2).fit(ratings)",
        "println(\"SHELL-CHECK mf rounds=\" + model.summary.totalIterations + \" users=\" + model.userFactors.count()"
            + " + \" recs=\" + model.recommendForAllUsers(2).count())",
        "import org.apache.spark.ml.linalg.Vectors",
        "val rows = (0 until 40).map(k => (if (k % 2 == 0) 1.0 else 0.0, Vectors.dense(k % 2, k / 40.0)))"
            + ".toDF(\"label\", \"features\")",
        "val clf = new io.sparkmomentum.ml.MomentumClassifier().setStepSize(1.0).setMaxIter(5).fit(rows)",
        "println(\"SHELL-CHECK classifier accuracy=\" + clf.transform(rows).where(\"prediction = label\").count() "
            + "/ 40.0)",
        "spark.stop()",
        ":quit", "");
    Path input = Files.writeString(tmp.resolve("input.scala"), script, StandardCharsets.UTF_8);
    Path log = tmp.resolve("repl.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    String opens = System.getProperty("spark.jvm.opens", "");
    cmd.addAll(Arrays.stream(opens.split("\\s+")).filter(s -> !s.isBlank()).toList());
    cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp), "scala.tools.nsc.MainGenericRunner",
        "-usejavacp"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(input.toFile()).directory(tmp.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    boolean ended = p.waitFor(300, TimeUnit.SECONDS);
    if (!ended) p.destroyForcibly();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(ended, "the REPL ended within 300 s; its output:\n" + out);
    assertTrue(out.contains("SHELL-CHECK mf rounds=4 users=20 recs=20"), "the REPL's output:\n" + out);
    assertTrue(out.contains("SHELL-CHECK classifier accuracy=1.0"), "the REPL's output:\n" + out);
    assertEquals(0, p.exitValue(), "the REPL's exit code; its output:\n" + out);
  }
}
