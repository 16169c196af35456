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
    assertEquals(1L, manifest.get("formatVersion"));
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

    Files.writeString(manifest, original);
    editArraySpec(manifest, "idx", "count", 6L); // idx has 5 ints
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("array idx has inconsistent count 6 and bytes 20"), e.getMessage());

    Files.writeString(manifest, original);
    editArraySpec(manifest, "idx", "type", "u8");
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("array idx has unknown type \"u8\""), e.getMessage());

    Files.writeString(manifest, original);
    editArraySpec(manifest, "ts", "crc32c", "00000000");
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("array ts checksum mismatch"), e.getMessage());

    Files.writeString(manifest, original);
    editArraySpec(manifest, "ts", "file", "../ts.i64");
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("array ts has file \"../ts.i64\", expected \"ts.i64\""), e.getMessage());

    Files.writeString(manifest, original);
    Files.delete(manifest);
    e = assertThrows(InvalidBundleException.class, () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("bundle.json is missing"), e.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static void editArraySpec(Path manifest, String array, String field, Object value) throws Exception {
    Map<String, Object> m = Json.readMap(Files.readString(manifest));
    ((Map<String, Object>) ((Map<String, Object>) m.get("arrays")).get(array)).put(field, value);
    Files.writeString(manifest, Json.writePretty(m));
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
    TestFiles.replaceInFile(dir.resolve("bundle.json"), "\"formatVersion\" : 1", "\"formatVersion\" : 7");
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> ArrayBundle.read(dir.toString(), conf, MODEL));
    assertTrue(e.getMessage().contains("unsupported format version 7, this build reads 1"), e.getMessage());
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
}
