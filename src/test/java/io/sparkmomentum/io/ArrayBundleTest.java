package io.sparkmomentum.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrayBundleTest {
  static final String MODEL = "spark-momentum/model";
  final Configuration conf = new Configuration();
  @TempDir Path tmp;

  static final double[] DOUBLES = {1.5, -0.0, 0.0, Double.NaN, Double.longBitsToDouble(0x7ff8000000000abcL),
      Double.longBitsToDouble(0xfff0000000000001L | 0x0008000000000000L), Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, Math.PI};
  static final float[] FLOATS = {1.5f, -0.0f, Float.NaN, Float.intBitsToFloat(0x7fc00123), Float.MIN_VALUE,
      Float.NEGATIVE_INFINITY, 3.3f};
  static final int[] INTS = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 42};
  static final long[] LONGS = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40};
  static final List<String> STRINGS = List.of("", "a", "caf\u00e9", "\ud83d\ude00 emoji", "with\nnewline\u0000nul");

  static ArrayBundle.Builder sample() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("lr", 0.05);
    nested.put("dims", List.of(3, 4));
    return ArrayBundle.builder(MODEL)
        .meta("rank", 8)
        .meta("seed", 1L << 40)
        .meta("name", "m\u00e9")
        .meta("ok", true)
        .meta("none", null)
        .meta("opt", nested)
        .meta("tiny", Double.MIN_VALUE)
        .doubles("P", DOUBLES).floats("Q", FLOATS).ints("idx", INTS).longs("ts", LONGS).strings("ids", STRINGS)
        .doubles("empty.d", new double[0]).floats("empty.f", new float[0]).ints("empty.i", new int[0])
        .longs("empty.l", new long[0]).strings("empty.s", List.of());
  }

  private Path write() throws Exception {
    Path dir = tmp.resolve("model");
    sample().writeTo(dir.toString(), conf);
    return dir;
  }

  @Test
  void roundTripsEveryTypeBitExactly() throws Exception {
    Path dir = write();
    ArrayBundle b = ArrayBundle.read(dir.toString(), conf, MODEL);
    assertEquals(MODEL, b.kind());
    assertBits(DOUBLES, b.doubles("P"));
    float[] q = b.floats("Q");
    assertEquals(FLOATS.length, q.length);
    for (int i = 0; i < q.length; i++) {
      assertEquals(Float.floatToRawIntBits(FLOATS[i]), Float.floatToRawIntBits(q[i]), "float " + i);
    }
    assertArrayEquals(INTS, b.ints("idx"));
    assertArrayEquals(LONGS, b.longs("ts"));
    assertEquals(STRINGS, b.strings("ids"));
    assertEquals(0, b.doubles("empty.d").length);
    assertEquals(0, b.floats("empty.f").length);
    assertEquals(0, b.ints("empty.i").length);
    assertEquals(0, b.longs("empty.l").length);
    assertEquals(List.of(), b.strings("empty.s"));
    assertEquals(8L, b.meta().get("rank"));
    assertEquals(1L << 40, b.meta().get("seed"));
    assertEquals("m\u00e9", b.meta().get("name"));
    assertEquals(true, b.meta().get("ok"));
    assertTrue(b.meta().containsKey("none"));
    assertEquals(Map.of("lr", 0.05, "dims", List.of(3L, 4L)), b.meta().get("opt"));
    assertEquals(Double.MIN_VALUE, b.meta().get("tiny"));
    assertEquals(sample().build().meta(), b.meta(), "in-memory build matches what is read");
    assertTrue(b.location().startsWith("file:/") && b.location().endsWith(dir.toString()), b.location());
    // the same bundle through a file: URI
    assertArrayEquals(INTS, ArrayBundle.read(dir.toUri().toString(), conf, null).ints("idx"));
  }

  private static void assertBits(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "double " + i);
    }
  }

  @Test
  void onDiskLayoutIsAsDocumented() throws Exception {
    Path dir = write();
    assertEquals(List.of("P.f64", "Q.f32", "bundle.json", "empty.d.f64", "empty.f.f32", "empty.i.i32", "empty.l.i64",
        "empty.s.str", "ids.str", "idx.i32", "ts.i64"), TestFiles.list(dir), "no .crc side files, no temp dirs");
    assertEquals(List.of("model"), TestFiles.list(tmp));
    byte[] p = Files.readAllBytes(dir.resolve("P.f64"));
    ByteBuffer bb = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(Double.doubleToRawLongBits(DOUBLES[4]), bb.getLong(4 * 8));
    Map<String, Object> manifest = Json.readMap(Files.readString(dir.resolve("bundle.json")));
    assertEquals("spark-momentum/array-bundle", manifest.get("format"));
    assertEquals(2L, manifest.get("formatVersion"));
    assertEquals(List.of("format", "formatVersion", "kind", "meta", "arrays", "manifestChecksum"),
        List.copyOf(manifest.keySet()));
    assertEquals(MODEL, manifest.get("kind"));
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) manifest.get("arrays")).get("P");
    CRC32C crc = new CRC32C();
    crc.update(p);
    assertEquals(Map.of("type", "f64", "file", "P.f64", "count", (long) DOUBLES.length, "bytes", (long) p.length,
        "crc32c", String.format("%08x", crc.getValue())), spec);
    byte[] s = Files.readAllBytes(dir.resolve("ids.str"));
    ByteBuffer sb = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0, sb.getInt()); // ""
    assertEquals(1, sb.getInt()); // "a"
  }

  @Test
  void flippedByteIsAChecksumErrorNamingTheArray() throws Exception {
    Path dir = write();
    TestFiles.flipByte(dir.resolve("ts.i64"), 5);
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().startsWith("model at file:"), e.getMessage());
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("is corrupt: array ts checksum mismatch (file changed or truncated)"),
        e.getMessage());
  }

  @Test
  void flippedByteInStringsIsAChecksumError() throws Exception {
    Path dir = write();
    TestFiles.flipByte(dir.resolve("ids.str"), 0); // would also break the length prefix
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("array ids checksum mismatch"), e.getMessage());
  }

  @Test
  void truncatedFileIsReported() throws Exception {
    Path dir = write();
    TestFiles.truncate(dir.resolve("P.f64"), 3);
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("array P (file P.f64) has 85 bytes, bundle.json records 88 (file truncated)"),
        e.getMessage());
  }

  @Test
  void missingArrayFileIsReported() throws Exception {
    Path dir = write();
    Files.delete(dir.resolve("Q.f32"));
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("is corrupt: array Q (file Q.f32) is missing"), e.getMessage());
  }

  @Test
  void editedManifestIsReported() throws Exception {
    Path dir = write();
    Path manifest = dir.resolve("bundle.json");
    String original = Files.readString(manifest);

    Files.writeString(manifest, original.substring(0, original.length() / 2));
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("is corrupt: bundle.json is not a valid JSON object"), e.getMessage());

    // Every edit of an array's record is caught by the manifest checksum first ...
    Files.writeString(manifest, original);
    editArraySpec(manifest, "idx", "count", 6L, false);
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("is corrupt: bundle.json was modified after it was written"), e.getMessage());

    // ... and, should someone recompute the checksum after editing, by the checks behind it.
    Files.writeString(manifest, original);
    editArraySpec(manifest, "idx", "count", 6L, true); // idx has 5 ints
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("array idx has inconsistent count 6 and bytes 20"), e.getMessage());

    Files.writeString(manifest, original);
    editArraySpec(manifest, "idx", "type", "u8", true);
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("array idx has unknown type \"u8\""), e.getMessage());

    Files.writeString(manifest, original);
    editArraySpec(manifest, "ts", "crc32c", "00000000", true);
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("array ts checksum mismatch"), e.getMessage());

    Files.writeString(manifest, original);
    editArraySpec(manifest, "ts", "file", "../ts.i64", true);
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("array ts has file \"../ts.i64\", expected \"ts.i64\""), e.getMessage());

    Files.writeString(manifest, original);
    Files.delete(manifest);
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("bundle.json is missing"), e.getMessage());
  }

  /** Sets one field of an array's record; with {@code reseal}, recomputes the manifest checksum as a writer would. */
  @SuppressWarnings("unchecked")
  private static void editArraySpec(Path manifest, String array, String field, Object value, boolean reseal)
      throws Exception {
    Map<String, Object> m = Json.readMap(Files.readString(manifest));
    ((Map<String, Object>) ((Map<String, Object>) m.get("arrays")).get(array)).put(field, value);
    Files.writeString(manifest, Json.writePretty(reseal ? reseal(m) : m));
  }

  /** The manifest with its checksum recomputed (what a deliberate editor with this code would do). */
  static Map<String, Object> reseal(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>(m);
    out.remove(ArrayBundle.CHECKSUM_FIELD);
    out.put(ArrayBundle.CHECKSUM_FIELD, ArrayBundle.manifestChecksum(out));
    return out;
  }

  @Test
  void wrongKindIsRejected() throws Exception {
    Path dir = write();
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> ArrayBundle.read(dir.toString(), conf, CheckpointStore.KIND));
    assertTrue(e.getMessage().contains("holds a 'spark-momentum/model' bundle, not the expected "
        + "'spark-momentum/checkpoint'"), e.getMessage());
  }

  @Test
  void futureVersionIsRejected() throws Exception {
    Path dir = write();
    TestFiles.replaceInFile(dir.resolve("bundle.json"), "\"formatVersion\" : 2", "\"formatVersion\" : 7");
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("unsupported format version 7, this build reads 2 (written by a newer"),
        e.getMessage());
  }

  @Test
  void missingPathAndNotADirectory() throws Exception {
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> ArrayBundle.read(tmp.resolve("nope").toString(), conf, MODEL));
    assertTrue(e.getMessage().startsWith("model at ") && e.getMessage().endsWith("nope does not exist"),
        e.getMessage());
    Files.writeString(tmp.resolve("file"), "x");
    assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(tmp.resolve("file").toString(), conf, MODEL));
  }

  @Test
  void accessorsNameMissingAndMistypedArrays() throws Exception {
    ArrayBundle b = ArrayBundle.read(write().toString(), conf, MODEL);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.doubles("X"));
    assertTrue(e.getMessage().contains("has no array 'X'") && e.getMessage().contains("P, Q,"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b.doubles("Q"));
    assertTrue(e.getMessage().contains("array 'Q' is f32, not f64"), e.getMessage());
    assertThrows(UnsupportedOperationException.class, () -> b.meta().put("x", 1));
  }

  @Test
  void builderValidatesInput() throws Exception {
    ArrayBundle.Builder b = ArrayBundle.builder(MODEL);
    assertThrows(IllegalArgumentException.class, () -> b.doubles("../evil", new double[0]));
    assertThrows(IllegalArgumentException.class, () -> b.doubles(".hidden", new double[0]));
    assertThrows(IllegalArgumentException.class, () -> b.meta("x", Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> b.meta("x", new Object()));
    List<String> withNull = new ArrayList<>(List.of("a"));
    withNull.add(null);
    assertThrows(IllegalArgumentException.class, () -> b.strings("s", withNull));
    b.ints("a", new int[1]);
    assertThrows(IllegalArgumentException.class, () -> b.longs("a", new long[1]));
  }

  @Test
  void refusesExistingPathUnlessOverwrite() throws Exception {
    Path dir = write();
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> ArrayBundle.builder(MODEL).ints("x", new int[] {1}).writeTo(dir.toString(), conf));
    assertTrue(e.getMessage().contains("use --overwrite"), e.getMessage());
    ArrayBundle.builder(MODEL).ints("x", new int[] {1}).writeTo(dir.toString(), conf, true);
    ArrayBundle b = ArrayBundle.read(dir.toString(), conf, MODEL);
    assertEquals(List.of("x"), List.copyOf(b.names()));
    assertFalse(b.has("P"));
    assertNull(b.meta().get("rank"));
    assertEquals(List.of("model"), TestFiles.list(tmp));
  }

  // ---- the manifest checksum

  @Test
  void documentedExampleHasTheDocumentedChecksum() throws Exception {
    Path dir = tmp.resolve("example");
    ArrayBundle.builder(MODEL).meta("rank", 8).meta("lr", 0.05).doubles("P", new double[] {1, 2, 3})
        .strings("ids", List.of("a", "bc")).writeTo(dir.toString(), conf);
    Map<String, Object> m = Json.readMap(Files.readString(dir.resolve("bundle.json")));
    assertEquals("sha256:bf999c0eaaf367047e08eb0a458eb369bd39f47112771909b34eea93c361f700",
        m.get("manifestChecksum"));
    m.remove("manifestChecksum");
    assertEquals("{\"arrays\":{\"P\":{\"bytes\":24,\"count\":3,\"crc32c\":\"b10afd0a\",\"file\":\"P.f64\",\"type\":"
        + "\"f64\"},\"ids\":{\"bytes\":11,\"count\":2,\"crc32c\":\"1c8c3c8b\",\"file\":\"ids.str\",\"type\":\"str\"}},"
        + "\"format\":\"spark-momentum/array-bundle\",\"formatVersion\":2,\"kind\":\"spark-momentum/model\","
        + "\"meta\":{\"lr\":0.05,\"rank\":8}}", ArrayBundle.canonicalForm(m));
  }

  /** The checksum is reproducible from the class comment's rules alone (an independent canonical writer). */
  @Test
  void checksumFollowsTheDocumentedCanonicalForm() throws Exception {
    Path dir = tmp.resolve("canon");
    sample().meta("text", "tab\tnl\nq\"b\\s\u0001\u001f\u007f\u00e9\u2028\ud83d\ude00/")
        .meta("numbers", List.of(0.05, 100.0, 1e-5, 1e23, 1234567.0, 1e7, 0.001, 9.5e-4, -0.0, 4.9e-324, -2.5,
            Long.MIN_VALUE, new java.math.BigInteger("123456789012345678901234567890")))
        .meta("Zeta", 1).meta("alpha", Map.of("b", 1, "a", List.of(Map.of("y", 1, "x", 2))))
        .writeTo(dir.toString(), conf);
    Map<String, Object> m = Json.readMap(Files.readString(dir.resolve("bundle.json")));
    String recorded = (String) m.remove("manifestChecksum");
    StringBuilder canonical = new StringBuilder();
    Canonical.write(m, canonical);
    assertEquals(canonical.toString(), ArrayBundle.canonicalForm(m));
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest(canonical.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("sha256:" + java.util.HexFormat.of().formatHex(digest), recorded);
    assertTrue(ArrayBundle.read(dir.toString(), conf, MODEL).meta().containsKey("text"));
  }

  /** The canonical form as the class comment specifies it, written without Jackson. */
  static final class Canonical {
    static void write(Object v, StringBuilder out) {
      if (v == null || v instanceof Boolean || v instanceof Long || v instanceof java.math.BigInteger) {
        out.append(v);
      } else if (v instanceof Double d) {
        out.append(shortest(d));
      } else if (v instanceof String s) {
        string(s, out);
      } else if (v instanceof List<?> l) {
        out.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) out.append(',');
          write(l.get(i), out);
        }
        out.append(']');
      } else {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : new java.util.TreeMap<>((Map<?, ?>) v).entrySet()) {
          if (!first) out.append(',');
          first = false;
          string((String) e.getKey(), out);
          out.append(':');
          write(e.getValue(), out);
        }
        out.append('}');
      }
    }

    static void string(String s, StringBuilder out) {
      out.append('"');
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"': out.append("\\\""); break;
          case '\\': out.append("\\\\"); break;
          case '\b': out.append("\\b"); break;
          case '\t': out.append("\\t"); break;
          case '\n': out.append("\\n"); break;
          case '\f': out.append("\\f"); break;
          case '\r': out.append("\\r"); break;
          default:
            if (c < 0x20) {
              out.append(String.format("\\u%04X", (int) c));
            } else {
              out.append(c);
            }
        }
      }
      out.append('"');
    }

    /**
     * The decimal nearest to {@code d} among the shortest ones (of at least 2 significant digits) that read back
     * as {@code d}, in Double.toString's notation.
     */
    static String shortest(double d) {
      if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
      double a = Math.abs(d);
      java.math.BigDecimal exact = new java.math.BigDecimal(a);
      java.math.BigDecimal best = null;
      for (int p = 2; best == null; p++) {
        java.math.BigDecimal r = exact.round(new java.math.MathContext(p, java.math.RoundingMode.HALF_EVEN));
        if (r.doubleValue() == a) best = r.stripTrailingZeros();
      }
      String sign = d < 0 ? "-" : "";
      if (a >= 1e-3 && a < 1e7) {
        String plain = best.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
      }
      String digits = best.unscaledValue().toString();
      int exponent = digits.length() - 1 - best.scale();
      return sign + digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0") + "E" + exponent;
    }
  }

  @Test
  void editedMetadataIsDetected() throws Exception {
    Path dir = write();
    Path manifest = dir.resolve("bundle.json");
    String original = Files.readString(manifest);
    for (String[] edit : new String[][] {{"\"rank\" : 8", "\"rank\" : 9"}, {"\"lr\" : 0.05", "\"lr\" : 0.06"},
        {"\"ok\" : true", "\"ok\" : false"}, {"\"name\" : \"m\u00e9\"", "\"name\" : \"me\""},
        {"\"rank\" : 8", "\"rank\" : 8.0"}, {"\"none\" : null,", ""},
        {"\"meta\" : {", "\"meta\" : { \"extra\" : 1,"}, {"\"kind\" : ", "\"comment\" : \"x\", \"kind\" : "}}) {
      Files.writeString(manifest, original);
      TestFiles.replaceInFile(manifest, edit[0], edit[1]);
      InvalidBundleException e = assertThrows(InvalidBundleException.class,
          () -> ArrayBundle.read(dir.toString(), conf, MODEL), edit[1]);
      assertTrue(e.getMessage().startsWith("model at file:") && e.getMessage().contains(dir.toString())
          && e.getMessage().contains(" is corrupt: bundle.json was modified after it was written (its "
          + "manifestChecksum does not match its contents: recorded sha256:") && e.getMessage().contains("expected"),
          e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void reformattedButUnchangedManifestStillReads() throws Exception {
    Path dir = write();
    Path manifest = dir.resolve("bundle.json");
    Map<String, Object> m = Json.readMap(Files.readString(manifest));
    Map<String, Object> reordered = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(m.keySet());
    java.util.Collections.reverse(keys);
    for (String k : keys) reordered.put(k, m.get(k));
    Files.writeString(manifest, Json.write(reordered)); // one line, keys in another order
    assertArrayEquals(INTS, ArrayBundle.read(dir.toString(), conf, MODEL).ints("idx"));
  }

  @Test
  void missingOrMalformedChecksumIsCorrupt() throws Exception {
    Path dir = write();
    Path manifest = dir.resolve("bundle.json");
    String original = Files.readString(manifest);
    Map<String, Object> m = Json.readMap(original);
    for (Object bad : new Object[] {null, "", "sha256:XYZ", 42L, "md5:0123456789abcdef0123456789abcdef",
        ((String) m.get("manifestChecksum")).toUpperCase(java.util.Locale.ROOT)}) {
      Map<String, Object> edited = new LinkedHashMap<>(m);
      if (bad == null) {
        edited.remove("manifestChecksum");
      } else {
        edited.put("manifestChecksum", bad);
      }
      Files.writeString(manifest, Json.writePretty(edited));
      InvalidBundleException e = assertThrows(InvalidBundleException.class,
          () -> ArrayBundle.read(dir.toString(), conf, MODEL), String.valueOf(bad));
      assertTrue(e.getMessage().contains("is corrupt: bundle.json has no valid \"manifestChecksum\" (expected "
          + "\"sha256:\" and 64 lowercase hex digits, found "), e.getMessage());
    }
  }

  @Test
  void versionOneIsRefusedClearly() throws Exception {
    Path dir = write();
    Path manifest = dir.resolve("bundle.json");
    Map<String, Object> m = Json.readMap(Files.readString(manifest));
    m.remove("manifestChecksum");
    m.put("formatVersion", 1);
    Files.writeString(manifest, Json.writePretty(m)); // exactly what version 1 wrote
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().startsWith("model at file:") && e.getMessage().endsWith(" has format version 1 "
        + "(written by an early spark-momentum, without a checksum of bundle.json); this build reads version 2 only:"
        + " retrain it"), e.getMessage());
  }

  @Test
  void garbageOrEmptyManifestIsCorruptOnOneLine() throws Exception {
    Path dir = write();
    Path manifest = dir.resolve("bundle.json");
    byte[] garbage = new byte[300];
    new java.util.Random(7).nextBytes(garbage);
    garbage[3] = '\n';
    Files.write(manifest, garbage);
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("is corrupt: bundle.json is not UTF-8 text (binary data?); expected a JSON "
        + "object"), e.getMessage());

    Files.writeString(manifest, "x\u0001\n".repeat(200));
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("is corrupt: bundle.json is not a valid JSON object (not a JSON object: "
        + "\"x\\u0001\\u000Ax"), e.getMessage());
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
    assertTrue(e.getMessage().length() < 400, e.getMessage());

    Files.writeString(manifest, "\n\n{\"format\":\n");
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("bundle.json is not a valid JSON object ("), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());

    Files.write(manifest, new byte[0]);
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("is corrupt: bundle.json is empty; expected a JSON object"), e.getMessage());
  }
}
