package io.sparkmomentum.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.OnBadRecord;
import io.sparkmomentum.data.RatingsFormat;
import io.sparkmomentum.data.ReaderOptions;
import io.sparkmomentum.testing.SharedData;
import io.sparkmomentum.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** LIBSVM read on the executors: a9a, labels, splits, and the bad-input corpus. */
class LibsvmSourcesTest {
  @TempDir
  Path dir;

  static SourceSpec spec(Path p, int numFeatures, LabelKind labels, int numClasses, OnBadRecord policy, int minParts) {
    ReaderOptions o = ReaderOptions.defaults(RatingsFormat.CSV).withOnBadRecord(policy);
    return new SourceSpec(SourceFormat.LIBSVM, p.toString(), o, numFeatures, labels, numClasses, "", minParts);
  }

  /** The chunks in split order (collected in Java serialization form: see {@link TextReads#chunks}). */
  static List<FeatureChunk> chunks(SourceSpec spec, long maxSplitBytes) {
    List<byte[]> bytes;
    try {
      bytes = TextSources.features(SparkTestSession.get(), spec, maxSplitBytes).map(TextReads::javaBytes).collect();
    } catch (Exception e) {
      BadInputException bad = SourceErrors.find(e);
      if (bad != null) throw bad;
      throw e;
    }
    List<FeatureChunk> cs = new ArrayList<>();
    for (byte[] b : bytes) cs.add((FeatureChunk) TextReads.fromJavaBytes(b));
    cs.sort(Comparator.comparingInt(c -> c.report().split()));
    return cs;
  }

  /** Rows as text "label|i:v i:v" (0-based indices), in input order. */
  static List<String> rows(List<FeatureChunk> cs) {
    List<String> out = new ArrayList<>();
    for (FeatureChunk c : cs) {
      for (int r = 0; r < c.size(); r++) {
        StringBuilder sb = new StringBuilder().append(c.labels()[r]).append('|');
        for (int k = c.rowPtr()[r]; k < c.rowPtr()[r + 1]; k++) {
          sb.append(c.indices()[k]).append(':').append(c.values()[k]).append(' ');
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void a9aHas32561RowsOf123BinaryFeatures() throws IOException {
    Path a9a = SharedData.file("a9a/a9a");
    String text = Files.readString(a9a, StandardCharsets.US_ASCII);
    long colons = text.chars().filter(c -> c == ':').count();
    List<FeatureChunk> cs = chunks(spec(a9a, 123, LabelKind.BINARY, 0, OnBadRecord.FAIL, 4), 1L << 30);
    assertTrue(cs.size() >= 4, "at least 4 splits: " + cs.size());
    long rows = 0;
    long positives = 0;
    long nnz = 0;
    for (FeatureChunk c : cs) {
      assertEquals(123, c.dim());
      assertTrue(c.sparse());
      rows += c.size();
      nnz += c.indices().length;
      for (float l : c.labels()) if (l == 1f) positives++; else assertEquals(0f, l);
      for (float v : c.values()) assertEquals(1f, v);
      for (int i : c.indices()) assertTrue(i >= 0 && i < 123, "0-based index " + i);
      assertEquals(c.report().kept(), c.size());
    }
    assertEquals(32_561, rows);
    assertEquals(7_841, positives);
    assertEquals(colons, nnz, "every idx:value of the file, once");
    assertEquals(rows(chunks(spec(a9a, 123, LabelKind.BINARY, 0, OnBadRecord.FAIL, 1), 1L << 30)), rows(cs),
        "one split or several: the same rows");
    // a9a.t never uses feature 123: inferred, the dimension is the largest index seen
    Path test = SharedData.file("a9a/a9a.t");
    List<FeatureChunk> inferred = chunks(spec(test, 0, LabelKind.REAL, 0, OnBadRecord.FAIL, 1), 1L << 30);
    assertEquals(1, inferred.size());
    assertEquals(122, inferred.get(0).dim());
    assertEquals(16_281, inferred.get(0).size());
    assertEquals(-1f, inferred.get(0).labels()[0], "REAL labels as written");
  }

  @Test
  void parsesLabelsIndicesCommentsAndSplitsAlike() throws IOException {
    String text = "\uFEFF# a comment line\r\n+1 1:0.5 3:-2 10:1e-3 # trailing comment\r\n"
        + "-1\t2:4\n0 \n1 7:1\n\n";
    Path p = write("s.libsvm", text);
    List<String> want = List.of("1.0|0:0.5 2:-2.0 9:0.001 ", "0.0|1:4.0 ", "0.0|", "1.0|6:1.0 ");
    for (long split : new long[] {1L << 30, 16, 3, 1}) {
      List<FeatureChunk> cs = chunks(spec(p, 10, LabelKind.BINARY, 0, OnBadRecord.FAIL, 2), split);
      assertEquals(want, rows(cs), "split size " + split);
      for (FeatureChunk c : cs) assertEquals(10, c.dim());
    }
    Path classes = write("c.libsvm", "2 1:1\n0 2:1\n1 3:1\n");
    List<FeatureChunk> cs = chunks(spec(classes, 0, LabelKind.CLASS, 3, OnBadRecord.FAIL, 1), 1L << 30);
    assertArrayEquals(new float[] {2, 0, 1}, cs.get(0).labels());
    assertArrayEquals(new int[] {0, 1, 2, 3}, cs.get(0).rowPtr());
    assertEquals(3, cs.get(0).dim());
  }

  /** One bad LIBSVM input: its line, and fragments of its message. */
  record Case(String name, String content, int numFeatures, LabelKind labels, int numClasses, long line,
              String... fragments) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String GOOD = "+1 1:1 5:0.5\n-1 2:1\n";

  static Stream<Case> corpus() {
    LabelKind bin = LabelKind.BINARY;
    LabelKind real = LabelKind.REAL;
    LabelKind cls = LabelKind.CLASS;
    return Stream.of(
        new Case("index 0", GOOD + "+1 0:1 3:1\n", 0, bin, 0, 3,
            "feature index 0; expected 1-based indices (the first feature is 1)", "text: \"+1 0:1 3:1\""),
        new Case("indices not increasing", GOOD + GOOD + "-1 4:1 2:1\n", 0, bin, 0, 5,
            "feature index 2 after index 4; expected strictly increasing feature indices"),
        new Case("repeated index", GOOD + "-1 4:1 4:1\n", 0, bin, 0, 3, "feature index 4 after index 4"),
        new Case("index above num_features", GOOD + "+1 3:1 124:1\n", 123, bin, 0, 3,
            "feature index 124 is above data.num_features=123; expected indices in [1, 123]"),
        new Case("missing label", GOOD + "1:1 2:1\n", 0, bin, 0, 3,
            "missing label: the line starts with the feature '1:1'; expected a label first"),
        new Case("bad value", GOOD + "+1 3:abc\n", 0, bin, 0, 3,
            "feature value 'abc' of index 3 is not a number; expected a finite decimal number"),
        new Case("empty value", GOOD + "+1 3:\n", 0, bin, 0, 3, "feature value '' of index 3 is not a number"),
        new Case("nan value", GOOD + "+1 3:NaN\n", 0, real, 0, 3, "feature value 'NaN' of index 3 is not a number"),
        new Case("infinite value", GOOD + "+1 3:1e400\n", 0, real, 0, 3, "is not finite (as a float)"),
        new Case("index not a number", GOOD + "+1 x:1\n", 0, bin, 0, 3,
            "feature index 'x' is not a positive integer; expected a 1-based index"),
        new Case("negative index", GOOD + "+1 -3:1\n", 0, bin, 0, 3, "feature index '-3' is not a positive integer"),
        new Case("feature without colon", GOOD + "+1 3\n", 0, bin, 0, 3,
            "feature '3' has no ':'; expected idx:value features after the label"),
        new Case("qid", GOOD + "+1 qid:3 1:1\n", 0, bin, 0, 3,
            "query id 'qid:3' (qid:, for ranking) is not supported"),
        new Case("label not binary", GOOD + "2 1:1\n", 0, bin, 0, 3,
            "label '2' is not a binary class; expected -1 or +1, or 0 or 1 (binary labels)"),
        new Case("label not a class", "0 1:1\n2 1:1\n3 1:1\n", 0, cls, 3, 3,
            "label '3' is not a class; expected an integer class id in [0, 3) (data.num_classes=3)"),
        new Case("fractional class", "0 1:1\n1.5 1:1\n", 0, cls, 3, 2, "label '1.5' is not a class"),
        new Case("negative class", "0 1:1\n-1 1:1\n", 0, cls, 3, 2, "label '-1' is not a class"),
        new Case("label not a number", GOOD + "yes 1:1\n", 0, real, 0, 3,
            "label 'yes' is not a number; expected a finite decimal number"),
        // the generic text problems, with the LIBSVM wording
        new Case("blank line in the middle", GOOD + "\n" + GOOD, 0, bin, 0, 3,
            "blank line in the middle of the file; expected a LIBSVM line (label idx:value ...)"),
        new Case("control character", GOOD + "+1 1:1\u0001\n", 0, bin, 0, 3, "control character \\x01 at byte 7"),
        new Case("huge line", GOOD + "+1" + " 1:1".repeat(400) + "\n", 0, bin, 0, 3,
            "line is longer than maxLineLength=1000 bytes; expected a LIBSVM line"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badLibsvmFailsWithAClearMessageInEverySplitLayout(Case c) throws IOException {
    Path p = write("bad.libsvm", c.content);
    SourceSpec fail = spec(p, c.numFeatures, c.labels, c.numClasses, OnBadRecord.FAIL, 1);
    fail = new SourceSpec(fail.format(), fail.path(), fail.options().withMaxLineLength(1000), fail.numFeatures(),
        fail.labels(), fail.numClasses(), "", 1);
    SourceSpec failSpec = fail;
    BadInputException e = assertThrows(BadInputException.class, () -> chunks(failSpec, 1L << 30));
    String msg = e.getMessage();
    assertEquals(p.toString(), e.file(), msg);
    assertEquals(c.line, e.line(), msg);
    assertTrue(msg.startsWith(p + ":" + c.line + ": "), msg);
    for (String f : c.fragments) assertTrue(msg.contains(f), () -> "message lacks [" + f + "]:\n" + msg);
    assertEquals(msg, assertThrows(BadInputException.class, () -> chunks(failSpec, 7)).getMessage(),
        "small splits: the same message, the line in the file");

    SourceSpec skip = new SourceSpec(fail.format(), fail.path(), fail.options().withOnBadRecord(OnBadRecord.SKIP),
        fail.numFeatures(), fail.labels(), fail.numClasses(), "", 1);
    for (long split : new long[] {1L << 30, 7}) {
      List<FeatureChunk> cs = chunks(skip, split);
      ReadReport all = ReadReport.mergeAll(cs.stream().map(FeatureChunk::report).toList());
      assertTrue(all.skipped() >= 1, all::toString);
      assertEquals(msg, all.examples().get(0), "the first skip example is the FAIL message");
      assertEquals(c.content.split("\n").length - all.skipped(), all.kept(), all::toString);
    }
  }

  @Test
  void compressedDataAndEmptyInputAreFileLevelErrors() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(GOOD.repeat(100).getBytes(StandardCharsets.US_ASCII));
    }
    Path hidden = dir.resolve("hidden.libsvm");
    Files.write(hidden, out.toByteArray());
    BadInputException e = assertThrows(BadInputException.class,
        () -> chunks(spec(hidden, 0, LabelKind.BINARY, 0, OnBadRecord.SKIP, 1), 16));
    assertEquals(hidden + ": the file looks like gzip-compressed data, but its name does not end in .gz; expected"
        + " plain UTF-8 LIBSVM text; text: \"\\x1F\\x8B\\x08\\0\\0\\0\"", e.getMessage());
    Path gz = dir.resolve("ok.libsvm.gz");
    Files.write(gz, out.toByteArray());
    assertEquals(200, rows(chunks(spec(gz, 0, LabelKind.BINARY, 0, OnBadRecord.FAIL, 4), 16)).size());
    Path empty = write("empty.libsvm", "");
    assertTrue(assertThrows(BadInputException.class,
        () -> chunks(spec(empty, 0, LabelKind.BINARY, 0, OnBadRecord.FAIL, 1), 16)).getMessage()
        .contains("no rows in " + empty + " (the file is empty); expected at least one LIBSVM line"));
  }
}
