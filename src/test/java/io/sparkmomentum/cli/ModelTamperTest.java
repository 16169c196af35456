package io.sparkmomentum.cli;

import static io.sparkmomentum.cli.CliRunner.assertOneLineError;
import static io.sparkmomentum.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.io.Json;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A damaged or wrong model at the user level: the sample is trained once through the CLI; each case damages a copy
 * of the model (or points {@code --model} somewhere wrong), then {@code predict}, {@code evaluate} and
 * {@code recommend} must each fail with exit 3 and one line naming the directory and what is wrong, and
 * {@code predict} must leave no output (nor temporary) file.
 */
class ModelTamperTest {
  @TempDir
  static Path tmp;
  static Path run;
  static Path model;

  @BeforeAll
  static void trainOneEpoch() throws Exception {
    SparkTestSession.get();
    run = tmp.resolve("run");
    CliRunner.Out r = run("train", "--config", "conf/sample.conf", "--set", "trainer.epochs=1", "--set",
        "trainer.checkpoint_every=8", "--output", run.toString());
    assertEquals(0, r.code(), r::show);
    model = run.resolve("model");
  }

  /** Makes a damaged model from the intact one (in {@code dir}) and returns the --model argument. */
  interface Tamper {
    Path apply(Path dir) throws IOException;
  }

  record Case(String name, Tamper tamper, String... fragments) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A damaged copy of the trained model. */
  static Tamper copy(Tamper damage) {
    return dir -> {
      Path m = dir.resolve("model");
      CliRunner.copyTree(model, m);
      damage.apply(m);
      return m;
    };
  }

  static Path flipByte(Path file, int index) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[index] ^= 0x40;
    Files.write(file, b);
    return file;
  }

  static void editManifest(Path m, String regex, String replacement) throws IOException {
    Path f = m.resolve("bundle.json");
    String s = Files.readString(f);
    Matcher x = Pattern.compile(regex).matcher(s);
    assertTrue(x.find(), () -> "bundle.json has no " + regex);
    String edited = x.replaceFirst(replacement);
    assertFalse(edited.equals(s), () -> "the edit " + regex + " -> " + replacement + " changes nothing");
    Files.writeString(f, edited);
  }

  static Stream<Case> cases() {
    String corrupt = " is corrupt: ";
    return Stream.of(
        new Case("flipped byte in params.f64", copy(m -> flipByte(m.resolve("params.f64"), 1000)), corrupt,
            "array params checksum mismatch (file changed or truncated): params.f64 has CRC32C "),
        new Case("flipped byte in user_ids.str", copy(m -> flipByte(m.resolve("user_ids.str"), 5)), corrupt,
            "array user_ids checksum mismatch"),
        new Case("truncated params.f64", copy(m -> {
          byte[] b = Files.readAllBytes(m.resolve("params.f64"));
          Files.write(m.resolve("params.f64"), Arrays.copyOf(b, b.length - 8));
          return m;
        }), corrupt, "array params (file params.f64) has ", " bytes, bundle.json records ", "(file truncated)"),
        new Case("params.f64 emptied", copy(m -> Files.write(m.resolve("params.f64"), new byte[0])), corrupt,
            "array params (file params.f64) has 0 bytes", "(file truncated)"),
        new Case("bytes appended to params.f64", copy(m -> Files.write(m.resolve("params.f64"), new byte[8],
            java.nio.file.StandardOpenOption.APPEND)), corrupt, "(file changed)"),
        new Case("item_ids.str deleted", copy(m -> {
          Files.delete(m.resolve("item_ids.str"));
          return m;
        }), corrupt, "array item_ids (file item_ids.str) is missing"),
        new Case("mu edited in bundle.json", copy(m -> {
          editManifest(m, "\"mu\" : ([0-9.]+)", "\"mu\" : 3.5");
          return m;
        }), corrupt, "bundle.json was modified after it was written", "expected bundle.json as written"),
        new Case("rank edited in bundle.json", copy(m -> {
          editManifest(m, "\"rank\" : 4,", "\"rank\" : 3,");
          return m;
        }), corrupt, "bundle.json was modified after it was written"),
        new Case("clamp range edited in bundle.json", copy(m -> {
          editManifest(m, "\"clamp\" : \\[ ([0-9.]+),", "\"clamp\" : [ 2.0,");
          return m;
        }), corrupt, "bundle.json was modified after it was written"),
        new Case("config inside bundle.json edited", copy(m -> {
          editManifest(m, Pattern.quote("\\\"format\\\" : \\\"tsv\\\""), "\\\\\"format\\\\\" : \\\\\"csv\\\\\"");
          return m;
        }), corrupt, "bundle.json was modified after it was written"),
        new Case("a recorded CRC edited in bundle.json", copy(m -> {
          editManifest(m, "\"crc32c\" : \"[0-9a-f]{8}\"", "\"crc32c\" : \"00000000\"");
          return m;
        }), corrupt, "bundle.json was modified after it was written"),
        new Case("manifestChecksum removed", copy(m -> {
          editManifest(m, ",\\s*\"manifestChecksum\" : \"[^\"]*\"", "");
          return m;
        }), corrupt, "bundle.json has no valid \"manifestChecksum\""),
        new Case("bundle.json replaced with garbage", copy(m -> {
          byte[] g = new byte[512];
          new Random(1).nextBytes(g);
          g[10] = '\n';
          Files.write(m.resolve("bundle.json"), g);
          return m;
        }), corrupt, "bundle.json is not UTF-8 text (binary data?); expected a JSON object"),
        new Case("bundle.json replaced with text", copy(m -> {
          Files.writeString(m.resolve("bundle.json"), "model: mf\nrank: 4\n");
          return m;
        }), corrupt, "bundle.json is not a valid JSON object (not a JSON object: \"model: mf\\u000Arank: 4\")"),
        new Case("bundle.json replaced with other JSON", copy(m -> {
          Files.writeString(m.resolve("bundle.json"), "{\"hello\": \"world\"}\n");
          return m;
        }), " is not an array bundle: bundle.json has format null, expected \"spark-momentum/array-bundle\""),
        new Case("bundle.json cut in half", copy(m -> {
          String s = Files.readString(m.resolve("bundle.json"));
          Files.writeString(m.resolve("bundle.json"), s.substring(0, s.length() / 2));
          return m;
        }), corrupt, "bundle.json is not a valid JSON object ("),
        new Case("bundle.json empty", copy(m -> Files.write(m.resolve("bundle.json"), new byte[0])), corrupt,
            "bundle.json is empty"),
        new Case("bundle.json deleted", copy(m -> {
          Files.delete(m.resolve("bundle.json"));
          return m;
        }), " is incomplete or not a bundle: bundle.json is missing"),
        new Case("version 1 bundle.json", copy(m -> {
          editManifest(m, ",\\s*\"manifestChecksum\" : \"[^\"]*\"", "");
          editManifest(m, "\"formatVersion\" : 2", "\"formatVersion\" : 1");
          return m;
        }), " has format version 1 (written by an early spark-momentum, without a checksum of bundle.json); this "
            + "build reads version 2 only: retrain it"),
        new Case("--model is a checkpoint", dir -> run.resolve("checkpoints/ckpt-0000000016"),
            " holds a 'spark-momentum/checkpoint' bundle, not the expected 'spark-momentum/model' (a training "
            + "checkpoint is not a saved model: use RUN_DIR/model)"),
        new Case("--model is an empty directory", dir -> Files.createDirectories(dir.resolve("empty")),
            " is incomplete or not a bundle: bundle.json is missing"),
        new Case("--model is the run directory", dir -> run,
            " is incomplete or not a bundle: bundle.json is missing (this looks like a run directory: the model "
            + "is in file:"),
        new Case("--model does not exist", dir -> dir.resolve("no-such-model"), " does not exist"),
        new Case("--model is a file", dir -> run.resolve("summary.json"),
            " is not a directory (a bundle is a directory holding bundle.json)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyCommandRefusesTheModelInOneLine(Case c, @TempDir Path dir) throws Exception {
    Path m = c.tamper.apply(dir);
    Path outDir = dir.resolve("out");
    Path pred = outDir.resolve("pred.tsv");
    List<CliRunner.Out> outs = List.of(
        run("predict", "--model", m.toString(), "--input", "data/sample/test.tsv", "--output", pred.toString()),
        run("evaluate", "--model", m.toString(), "--input", "data/sample/test.tsv"),
        run("recommend", "--model", m.toString(), "--user", "17", "--k", "3"));
    for (CliRunner.Out r : outs) {
      String err = assertOneLineError(r, Main.EXIT_DATA, c.fragments);
      assertTrue(err.startsWith("error: model at file:" + m) || err.startsWith("error: file:" + m), err);
    }
    assertEquals("", CliRunner.list(outDir), "predict left files behind");
  }

  @Test
  void theIntactCopyWorksForEveryCommand(@TempDir Path dir) throws Exception {
    Path m = copy(x -> x).apply(dir);
    Path pred = dir.resolve("pred.tsv");
    CliRunner.Out r = run("predict", "--model", m.toString(), "--input", "data/sample/test.tsv", "--output",
        pred.toString());
    assertEquals(0, r.code(), r::show);
    assertEquals(Files.readAllLines(Path.of("data/sample/test.tsv")).size(), Files.readAllLines(pred).size());
    r = run("evaluate", "--model", m.toString(), "--input", "data/sample/test.tsv");
    assertEquals(0, r.code(), r::show);
    Map<String, Object> ev = Json.readMap(CliRunner.lastLine(r.out()));
    assertTrue(((Number) ev.get("rmse")).doubleValue() < 1.2, r.out());
    r = run("recommend", "--model", m.toString(), "--user", "17", "--k", "3");
    assertEquals(0, r.code(), r::show);
    assertFalse(Files.exists(dir.resolve(".pred.tsv.tmp")));
  }

  @Test
  void reformattedManifestStillLoads(@TempDir Path dir) throws Exception {
    Path m = copy(x -> {
      Path f = x.resolve("bundle.json");
      Files.writeString(f, Json.write(Json.readMap(Files.readString(f, StandardCharsets.UTF_8))));
      return x;
    }).apply(dir);
    CliRunner.Out r = run("evaluate", "--model", m.toString(), "--input", "data/sample/test.tsv");
    assertEquals(0, r.code(), r::show);
  }
}
