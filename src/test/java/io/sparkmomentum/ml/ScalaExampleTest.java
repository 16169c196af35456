package io.sparkmomentum.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.testing.SparkTestSession;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles {@code src/test/scala/.../ScalaExample.scala} with the Scala compiler of Spark's Scala version
 * ({@code scala.tools.nsc}, warnings as errors), runs it on the shared session, and checks that the README quotes
 * it as it is.
 */
class ScalaExampleTest {
  static final Path SOURCE = Path.of("src/test/scala/io/sparkmomentum/ml/ScalaExample.scala");

  @TempDir
  Path tmp;

  @Test
  void exampleCompilesRunsAndTheLoadedModelScoresAsTheFittedOne() throws Exception {
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    boolean compiled = scala.tools.nsc.Main.process(new String[] {"-classpath", classpath, "-d", classes.toString(),
        "-deprecation", "-Werror", SOURCE.toString()});
    assertTrue(compiled, "scalac compiled " + SOURCE + " (its messages are above)");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        getClass().getClassLoader())) {
      Class<?> example = loader.loadClass("io.sparkmomentum.ml.ScalaExample");
      double difference = (Double) example.getMethod("run", SparkSession.class, Dataset.class, String.class)
          .invoke(null, SparkTestSession.get(), SampleRatings.tsv("train"), tmp.resolve("model").toString());
      assertEquals(0.0, difference, "the loaded model's test RMSE minus the fitted one's");
    }
  }

  @Test
  void readmeQuotesTheExample() throws Exception {
    List<String> source = Files.readAllLines(SOURCE, StandardCharsets.UTF_8);
    int begin = source.indexOf("    // README example: begin");
    int end = source.indexOf("    // README example: end");
    assertTrue(begin >= 0 && end > begin, "markers in ScalaExample.scala");
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains("```scala"), "a Scala block in README.md");
    for (String line : source.subList(begin + 1, end)) {
      String code = line.length() >= 4 ? line.substring(4) : line.strip();
      assertTrue(readme.contains(code), "README.md lacks the example line: " + code);
    }
  }
}
