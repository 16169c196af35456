package io.sparkmomentum.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/**
 * Thin Jackson helpers for the JSON this package writes (bundle.json, metrics.jsonl).
 *
 * <p>Values map to JSON as: {@code String}, {@code Boolean}, {@code null}, {@code Number}, {@code Map<String,?>}
 * (object, insertion order kept) and {@code List}/arrays (array). When read back, objects become
 * {@code LinkedHashMap<String,Object>}, arrays {@code ArrayList}, integers {@code Long} (or {@code BigInteger} beyond
 * 64 bits) and all other numbers {@code Double}.
 *
 * <p>Doubles round-trip exactly, including {@code -0.0} and subnormals: each is written as the shortest decimal that
 * parses back to the same bits (Jackson's Schubfach writer; JDK 17's {@code Double.toString} also round-trips but is
 * sometimes longer, e.g. {@code 9.999999999999999E22} for 1e23). JSON has no NaN or infinities: non-finite doubles
 * are written as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (so they read back as
 * strings); the reader also accepts the bare tokens {@code NaN}/{@code Infinity} that e.g. Python writes.
 */
public final class Json {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER) // Schubfach: shortest repr that round-trips
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<Object>> LIST = new TypeReference<>() {};

  private Json() {}

  /** Compact JSON on one line (strings with newlines are escaped, so the result never contains a line break). */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Indented, human-readable JSON. */
  public static String writePretty(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses one JSON object. @throws IllegalArgumentException if the text is not exactly one JSON object */
  public static Map<String, Object> readMap(String json) {
    if (!json.stripLeading().startsWith("{")) {
      throw new IllegalArgumentException("not a JSON object: " + abbreviate(json));
    }
    return read(json, MAP);
  }

  /** Parses one JSON array. @throws IllegalArgumentException if the text is not exactly one JSON array */
  public static List<Object> readList(String json) {
    if (!json.stripLeading().startsWith("[")) {
      throw new IllegalArgumentException("not a JSON array: " + abbreviate(json));
    }
    return read(json, LIST);
  }

  /** Parses any JSON value (object, array, string, number, boolean or null). */
  public static Object readValue(String json) {
    return read(json, new TypeReference<Object>() {});
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return longInts(MAPPER.readValue(json, type));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
              + " column " + e.getLocation().getColumnNr()), e);
    }
  }

  /** Replaces Integer by Long throughout a freshly parsed (mutable) tree. */
  @SuppressWarnings("unchecked")
  private static <T> T longInts(T value) {
    if (value instanceof Integer) {
      return (T) Long.valueOf((Integer) value);
    } else if (value instanceof Map) {
      ((Map<String, Object>) value).replaceAll((k, v) -> longInts(v));
    } else if (value instanceof List) {
      ((List<Object>) value).replaceAll(Json::longInts);
    }
    return value;
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() <= 60 ? '"' + t + '"' : '"' + t.substring(0, 60) + "...\"";
  }
}
