package io.sparkmomentum.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link JavaExample}, and checks that the README quotes it as it is. */
class JavaExampleTest {
  @TempDir
  Path tmp;

  @Test
  void exampleRunsAndTheLoadedModelScoresAsTheFittedOne() throws Exception {
    double difference = JavaExample.run(SparkTestSession.get(), SampleRatings.tsv("train"),
        tmp.resolve("model").toString());
    assertEquals(0.0, difference, "the loaded model's test RMSE minus the fitted one's");
  }

  @Test
  void readmeQuotesTheExample() throws Exception {
    List<String> source = Files.readAllLines(Path.of("src/test/java/io/sparkmomentum/ml/JavaExample.java"),
        StandardCharsets.UTF_8);
    int begin = source.indexOf("    // README example: begin");
    int end = source.indexOf("    // README example: end");
    assertTrue(begin >= 0 && end > begin, "markers in JavaExample.java");
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    for (String line : source.subList(begin + 1, end)) {
      String code = line.length() >= 4 ? line.substring(4) : line.strip();
      assertTrue(readme.contains(code), "README.md lacks the example line: " + code);
    }
  }
}
