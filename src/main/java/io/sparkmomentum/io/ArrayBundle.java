package io.sparkmomentum.io;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A directory holding JSON metadata plus named binary arrays, with a format version, per-array checksums and a
 * checksum of the manifest itself.
 *
 * <h2>On-disk format (version 2)</h2>
 * A bundle is a directory with one manifest, {@code bundle.json} (UTF-8 JSON), and one data file per array:
 * <pre>{@code
 * {
 *   "format" : "spark-momentum/array-bundle",
 *   "formatVersion" : 2,
 *   "kind" : "spark-momentum/model",
 *   "meta" : { "rank" : 8, "lr" : 0.05 },
 *   "arrays" : {
 *     "P" : { "type" : "f64", "file" : "P.f64", "count" : 3, "bytes" : 24, "crc32c" : "b10afd0a" },
 *     "ids" : { "type" : "str", "file" : "ids.str", "count" : 2, "bytes" : 11, "crc32c" : "1c8c3c8b" }
 *   },
 *   "manifestChecksum" : "sha256:bf999c0eaaf367047e08eb0a458eb369bd39f47112771909b34eea93c361f700"
 * }
 * }</pre>
 * (here P = [1.0, 2.0, 3.0] and ids = ["a", "bc"]; "meta" is any JSON object).
 * Data files are named {@code NAME.TYPE}, hold no header, and are raw little-endian:
 * {@code f64} IEEE-754 binary64 (8 bytes each), {@code f32} binary32 (4), {@code i32} signed 32-bit (4),
 * {@code i64} signed 64-bit (8), and {@code str} a sequence of {@code count} strings, each an unsigned 32-bit
 * little-endian byte length followed by that many bytes of UTF-8. {@code count} is the number of elements,
 * {@code bytes} the file's length ({@code count * size} for fixed-size types) and {@code crc32c} the CRC-32C
 * (Castagnoli, as {@link java.util.zip.CRC32C}; that of ASCII "123456789" is e3069283) of the whole file as 8
 * lowercase hex digits. Array names match {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,199}}; "arrays" is sorted by name.
 * A reader must reject a {@code formatVersion} it does not know; unknown extra fields and files are ignored (but
 * extra fields of the manifest are covered by its checksum).
 * Metadata numbers: integers are read back as {@code Long}, all others as {@code Double} (floats are widened to
 * double when written; non-finite numbers are rejected).
 *
 * <h2>Manifest checksum</h2>
 * {@code manifestChecksum} is {@code "sha256:"} followed by the 64 lowercase hex digits of the SHA-256 of the
 * manifest's <em>canonical form</em>: the manifest object without the {@code manifestChecksum} field, parsed and
 * written again as compact JSON (no whitespace) in UTF-8, with the keys of every object sorted (by UTF-16 code
 * units, as {@link String#compareTo}); strings escaped only where JSON requires it ({@code \"}, {@code \\}, and
 * control characters below U+0020 as {@code \b \t \n \f \r} or else {@code \}{@code u00XX} with uppercase hex;
 * everything else, including non-ASCII, as is); integers (numbers written without fraction or exponent) in plain
 * decimal; every other number as {@link Double#toString} of JDK 19 and later writes it (the shortest decimal of at
 * least two significant digits that reads back as the same double, the nearest one if several, trailing zeros
 * dropped: {@code 0.05}, {@code 100.0}, {@code 1.0E-5}, {@code 1.0E23}, {@code 4.9E-324}). Because the form is
 * canonical, re-indenting or reordering {@code bundle.json} keeps it valid, while any change of a value (a digit of
 * "meta", a recorded CRC, the kind) is detected. The example's canonical form is (one line; Python's
 * {@code json.dumps(m, sort_keys=True, separators=(",", ":"), ensure_ascii=False)} gives the same here):
 * <pre>{@code
 * {"arrays":{"P":{"bytes":24,"count":3,"crc32c":"b10afd0a","file":"P.f64","type":"f64"},"ids":{"bytes":11,"count":2,
 * "crc32c":"1c8c3c8b","file":"ids.str","type":"str"}},"format":"spark-momentum/array-bundle","formatVersion":2,
 * "kind":"spark-momentum/model","meta":{"lr":0.05,"rank":8}}
 * }</pre>
 * The checksum guards against accidental and hand edits of the metadata, which would otherwise load a different
 * model silently; it is not a signature (anyone can recompute it).
 *
 * <p>Version 1 (the same without {@code manifestChecksum}) is refused with a message saying so: its metadata cannot
 * be verified, and a model or checkpoint written by such an early build is retrained rather than trusted.
 *
 * <p>Bundles are written atomically by {@link AtomicDirectory} ({@code bundle.json} last). {@link #read} verifies
 * everything (format, version, the manifest checksum, kind, each file's length and checksum) before returning; it
 * never returns a partially valid bundle. Arrays are neither copied on write nor on access: do not change an array
 * handed to the builder before it is written, nor one obtained from a bundle unless you own it.
 */
public final class ArrayBundle {
  public static final int FORMAT_VERSION = 2;
  /** The manifest field holding {@code "sha256:" + hex} of the manifest's canonical form (see the class comment). */
  public static final String CHECKSUM_FIELD = "manifestChecksum";
  private static final String SHA256 = "sha256:";
  private static final Pattern CHECKSUM = Pattern.compile("sha256:[0-9a-f]{64}");
  /** The value of bundle.json's "format" field. */
  public static final String FORMAT = "spark-momentum/array-bundle";
  /** The manifest's file name. */
  public static final String MANIFEST = "bundle.json";
  private static final int MAX_MANIFEST_BYTES = 64 << 20;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}");

  private final String kind;
  private final String location; // where it was read from, or null
  private final Map<String, Object> meta;
  private final Map<String, Object> arrays; // name -> double[] | float[] | int[] | long[] | List<String>

  private ArrayBundle(String kind, String location, Map<String, Object> meta, Map<String, Object> arrays) {
    this.kind = kind;
    this.location = location;
    this.meta = meta;
    this.arrays = Collections.unmodifiableMap(arrays);
  }

  /** A builder for a bundle of the given kind, e.g. {@code "spark-momentum/model"}. */
  public static Builder builder(String kind) {
    return new Builder(kind);
  }

  public String kind() {
    return kind;
  }

  /** The metadata: an unmodifiable JSON tree (String, Long, Double, BigInteger, Boolean, null, Map, List). */
  public Map<String, Object> meta() {
    return meta;
  }

  /** The array names, sorted. */
  public Set<String> names() {
    return arrays.keySet();
  }

  public boolean has(String name) {
    return arrays.containsKey(name);
  }

  /** Where the bundle was read from (qualified), or null if it was built in memory. */
  public String location() {
    return location;
  }

  public double[] doubles(String name) {
    return get(name, ArrayType.F64, double[].class);
  }

  public float[] floats(String name) {
    return get(name, ArrayType.F32, float[].class);
  }

  public int[] ints(String name) {
    return get(name, ArrayType.I32, int[].class);
  }

  public long[] longs(String name) {
    return get(name, ArrayType.I64, long[].class);
  }

  /** An unmodifiable list. */
  @SuppressWarnings("unchecked")
  public List<String> strings(String name) {
    return get(name, ArrayType.STR, List.class);
  }

  private <T> T get(String name, ArrayType type, Class<T> cls) {
    Object v = arrays.get(name);
    if (v == null) {
      throw new IllegalArgumentException(describe(kind, location) + " has no array '" + name + "' (it has "
          + arrays.keySet() + ")");
    }
    if (!cls.isInstance(v)) {
      throw new IllegalArgumentException(describe(kind, location) + ": array '" + name + "' is "
          + ArrayType.of(v).code + ", not " + type.code);
    }
    return cls.cast(v);
  }

  @Override
  public String toString() {
    return describe(kind, location) + " (kind " + kind + ", arrays " + arrays.keySet() + ")";
  }

  /** "model at PATH" for kind "spark-momentum/model": the last segment of the kind, then the location. */
  static String describe(String kind, Object location) {
    String label = kind == null ? "" : kind.substring(kind.lastIndexOf('/') + 1);
    return (label.isEmpty() ? "bundle" : label) + (location == null ? "" : " at " + location);
  }

  /**
   * Reads and fully verifies the bundle directory at {@code path}.
   *
   * @param expectedKind the required kind, or null to accept any
   * @throws FileNotFoundException if nothing is at {@code path}
   * @throws InvalidBundleException if it is not a complete, intact bundle of a supported version and that kind
   */
  public static ArrayBundle read(String path, Configuration conf, String expectedKind) throws IOException {
    Path raw = new Path(path);
    FileSystem fs = Fs.of(raw, conf);
    Path dir = fs.makeQualified(raw);
    String what = describe(expectedKind, dir);
    FileStatus st;
    try {
      st = fs.getFileStatus(dir);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(what + " does not exist");
    }
    if (!st.isDirectory()) {
      throw new InvalidBundleException(what + " is not a directory (a bundle is a directory holding " + MANIFEST + ")");
    }
    Map<String, Object> m = readManifest(fs, new Path(dir, MANIFEST), what);
    Object format = m.get("format");
    if (!FORMAT.equals(format)) {
      throw new InvalidBundleException(what + " is not an array bundle: " + MANIFEST + " has format "
          + Json.write(format) + ", expected \"" + FORMAT + "\"");
    }
    long version = longField(m, "formatVersion", what);
    if (version == 1) {
      throw new InvalidBundleException(what + " has format version 1 (written by an early spark-momentum, without a"
          + " checksum of " + MANIFEST + "); this build reads version " + FORMAT_VERSION + " only: retrain it");
    }
    if (version != FORMAT_VERSION) {
      throw new InvalidBundleException(what + ": unsupported format version " + version + ", this build reads "
          + FORMAT_VERSION + (version > FORMAT_VERSION ? " (written by a newer spark-momentum)" : ""));
    }
    verifyChecksum(m, what);
    Object kind = m.get("kind");
    if (!(kind instanceof String)) {
      throw InvalidBundleException.corrupt(what, MANIFEST + " has no string field \"kind\"");
    }
    if (expectedKind != null && !expectedKind.equals(kind)) {
      throw new InvalidBundleException(dir + " holds a '" + kind + "' bundle, not the expected '" + expectedKind
          + "'");
    }
    what = describe((String) kind, dir);
    Map<String, Object> meta;
    try {
      meta = JsonValues.copyObject("meta", mapField(m, "meta", what));
    } catch (IllegalArgumentException e) {
      throw InvalidBundleException.corrupt(what, MANIFEST + ": " + e.getMessage());
    }
    Map<String, Object> arrays = new TreeMap<>();
    for (Map.Entry<String, Object> e : mapField(m, "arrays", what).entrySet()) {
      arrays.put(e.getKey(), readArray(fs, dir, e.getKey(), e.getValue(), what));
    }
    return new ArrayBundle((String) kind, dir.toString(), meta, arrays);
  }

  /** Checks {@link #CHECKSUM_FIELD} against the canonical form of the rest of the manifest. */
  private static void verifyChecksum(Map<String, Object> manifest, String what) throws InvalidBundleException {
    Object recorded = manifest.get(CHECKSUM_FIELD);
    if (!(recorded instanceof String) || !CHECKSUM.matcher((String) recorded).matches()) {
      throw InvalidBundleException.corrupt(what, MANIFEST + " has no valid \"" + CHECKSUM_FIELD + "\" (expected "
          + "\"sha256:\" and 64 lowercase hex digits, found " + oneLine(Json.write(recorded)) + ")");
    }
    Map<String, Object> rest = new LinkedHashMap<>(manifest);
    rest.remove(CHECKSUM_FIELD);
    String actual = manifestChecksum(rest);
    if (!actual.equals(recorded)) {
      throw InvalidBundleException.corrupt(what, MANIFEST + " was modified after it was written (its "
          + CHECKSUM_FIELD + " does not match its contents: recorded " + ((String) recorded).substring(0, 23)
          + "..., computed " + actual.substring(0, 23) + "...); expected " + MANIFEST + " as written: restore it or"
          + " retrain");
    }
  }

  /**
   * {@code "sha256:" + hex} of the canonical form of {@code manifest} (which must not hold {@link #CHECKSUM_FIELD}):
   * see the class comment.
   */
  static String manifestChecksum(Map<String, Object> manifest) {
    byte[] canonical = canonicalForm(manifest).getBytes(UTF_8);
    try {
      return SHA256 + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e); // every Java platform must provide it
    }
  }

  /** The canonical JSON text of a parsed JSON tree: compact, every object's keys sorted. */
  static String canonicalForm(Object json) {
    return Json.write(sortKeys(json));
  }

  private static Object sortKeys(Object v) {
    if (v instanceof Map) {
      Map<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        sorted.put((String) e.getKey(), sortKeys(e.getValue()));
      }
      return sorted;
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        out.add(sortKeys(o));
      }
      return out;
    }
    return v;
  }

  /** {@code s} on one short line: control characters escaped, cut after 200 characters. */
  private static String oneLine(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 200; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.length() < s.length() ? sb + "..." : sb.toString();
  }

  private static Map<String, Object> readManifest(FileSystem fs, Path file, String what) throws IOException {
    byte[] bytes;
    try (InputStream in = fs.open(file)) {
      bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    } catch (FileNotFoundException e) {
      throw new InvalidBundleException(what + " is incomplete or not a bundle: " + MANIFEST + " is missing");
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw InvalidBundleException.corrupt(what, MANIFEST + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
    }
    if (bytes.length == 0) {
      throw InvalidBundleException.corrupt(what, MANIFEST + " is empty; expected a JSON object");
    }
    String text;
    try {
      text = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw InvalidBundleException.corrupt(what, MANIFEST + " is not UTF-8 text (binary data?); expected a JSON "
          + "object");
    }
    try {
      return Json.readMap(text);
    } catch (IllegalArgumentException e) {
      throw InvalidBundleException.corrupt(what, MANIFEST + " is not a valid JSON object (" + oneLine(e.getMessage())
          + ")");
    }
  }

  private static Object readArray(FileSystem fs, Path dir, String name, Object specValue, String what)
      throws IOException {
    String bad = MANIFEST + ": array " + name;
    if (!NAME.matcher(name).matches()) {
      throw InvalidBundleException.corrupt(what, bad + " has an invalid name");
    }
    if (!(specValue instanceof Map)) {
      throw InvalidBundleException.corrupt(what, bad + " is not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) specValue;
    String w = what + ", " + bad;
    Object code = spec.get("type");
    ArrayType type = code instanceof String ? ArrayType.byCode((String) code) : null;
    if (type == null) {
      throw InvalidBundleException.corrupt(what, bad + " has unknown type " + Json.write(code));
    }
    String file = name + "." + type.code;
    if (!file.equals(spec.get("file"))) {
      throw InvalidBundleException.corrupt(what, bad + " has file " + Json.write(spec.get("file")) + ", expected \""
          + file + "\"");
    }
    long count = longField(spec, "count", w);
    long bytes = longField(spec, "bytes", w);
    Object crc = spec.get("crc32c");
    if (count < 0 || count > ArrayCodec.MAX_LENGTH || bytes < 0
        || (type.size > 0 ? bytes != count * type.size : bytes < 4 * count)) {
      throw InvalidBundleException.corrupt(what, bad + " has inconsistent count " + count + " and bytes " + bytes);
    }
    if (!(crc instanceof String) || !((String) crc).matches("[0-9a-f]{8}")) {
      throw InvalidBundleException.corrupt(what, bad + " has no valid \"crc32c\" (8 lowercase hex digits)");
    }
    return ArrayCodec.read(fs, new Path(dir, file), type, (int) count, bytes, (String) crc, what, name);
  }

  private static long longField(Map<String, Object> m, String field, String what) throws InvalidBundleException {
    Object v = m.get(field);
    if (!(v instanceof Long)) {
      throw InvalidBundleException.corrupt(what, MANIFEST + " has no integer field \"" + field + "\" (found "
          + Json.write(v) + ")");
    }
    return (Long) v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapField(Map<String, Object> m, String field, String what)
      throws InvalidBundleException {
    Object v = m.get(field);
    if (!(v instanceof Map)) {
      throw InvalidBundleException.corrupt(what, MANIFEST + " has no object field \"" + field + "\"");
    }
    return (Map<String, Object>) v;
  }

  /** Collects metadata and arrays, then writes them as a bundle (or builds one in memory). Not thread-safe. */
  public static final class Builder {
    private final String kind;
    private final Map<String, Object> meta = new LinkedHashMap<>();
    private final Map<String, Object> arrays = new TreeMap<>();

    private Builder(String kind) {
      if (kind == null || kind.isBlank()) {
        throw new IllegalArgumentException("a bundle needs a kind, e.g. \"spark-momentum/model\"");
      }
      this.kind = kind;
    }

    public String kind() {
      return kind;
    }

    /**
     * Sets a metadata entry (replacing any previous value of {@code key}).
     *
     * @param value a JSON value: String, Number (Integer, Long, Short, Byte, BigInteger, finite Float or Double),
     *     Boolean, null, Map with String keys, or List, nested freely; it is copied
     */
    public Builder meta(String key, Object value) {
      if (key == null) {
        throw new IllegalArgumentException("meta key is null");
      }
      meta.put(key, JsonValues.copy("meta '" + key + "'", value));
      return this;
    }

    public Builder doubles(String name, double[] values) {
      return put(name, values);
    }

    public Builder floats(String name, float[] values) {
      return put(name, values);
    }

    public Builder ints(String name, int[] values) {
      return put(name, values);
    }

    public Builder longs(String name, long[] values) {
      return put(name, values);
    }

    /** Strings (not null); the list is copied. */
    public Builder strings(String name, List<String> values) {
      if (values == null) {
        throw new IllegalArgumentException("array '" + name + "' is null");
      }
      List<String> copy = new ArrayList<>(values);
      int nul = copy.indexOf(null);
      if (nul >= 0) {
        throw new IllegalArgumentException("array '" + name + "': string " + nul + " is null");
      }
      return put(name, Collections.unmodifiableList(copy));
    }

    private Builder put(String name, Object values) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("invalid array name '" + name + "': use letters, digits, '_', '-' and '.'"
            + " (not first), at most 200 characters");
      }
      if (values == null) {
        throw new IllegalArgumentException("array '" + name + "' is null");
      }
      if (arrays.containsKey(name)) {
        throw new IllegalArgumentException("array '" + name + "' was already added");
      }
      arrays.put(name, values);
      return this;
    }

    /** The bundle in memory, as {@link #read} would return it after writing. */
    public ArrayBundle build() {
      return new ArrayBundle(kind, null, JsonValues.copyObject("meta", meta), new TreeMap<>(arrays));
    }

    /** Writes the bundle atomically at {@code path}, refusing an existing path. @return the qualified path */
    public Path writeTo(String path, Configuration conf) throws IOException {
      return writeTo(path, conf, false);
    }

    /** Writes the bundle atomically at {@code path}; an existing one is replaced only if {@code overwrite}. */
    public Path writeTo(String path, Configuration conf, boolean overwrite) throws IOException {
      Path raw = new Path(path);
      FileSystem fs = Fs.of(raw, conf);
      return AtomicDirectory.publish(fs, fs.makeQualified(raw), overwrite, dir -> writeFiles(fs, dir));
    }

    private void writeFiles(FileSystem fs, Path dir) throws IOException {
      Map<String, Object> specs = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : arrays.entrySet()) {
        ArrayType type = ArrayType.of(e.getValue());
        String file = e.getKey() + "." + type.code;
        ArrayCodec.Written w = ArrayCodec.write(fs, new Path(dir, file), e.getValue());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", type.code);
        spec.put("file", file);
        spec.put("count", w.count());
        spec.put("bytes", w.bytes());
        spec.put("crc32c", w.crc32c());
        specs.put(e.getKey(), spec);
      }
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("format", FORMAT);
      manifest.put("formatVersion", FORMAT_VERSION);
      manifest.put("kind", kind);
      manifest.put("meta", meta);
      manifest.put("arrays", specs);
      // Hashed as a reader will see it: parsed back from the text written (so the two can never disagree).
      manifest.put(CHECKSUM_FIELD, manifestChecksum(Json.readMap(Json.write(manifest))));
      try (OutputStream out = fs.create(new Path(dir, MANIFEST), false)) {
        out.write((Json.writePretty(manifest) + "\n").getBytes(UTF_8));
      }
    }
  }
}
