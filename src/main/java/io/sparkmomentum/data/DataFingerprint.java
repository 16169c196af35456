package io.sparkmomentum.data;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a run was trained on, so that a resume over changed data is refused instead of silently training other
 * users' rows: every input file's path, size and modification time, the number of training examples, the sum of
 * their labels (summed in block order, so the same bits for the same data), and CRC-32C checksums of the indexed
 * user and item ids (in index order). Reordered lines give the same blocks (they depend only on the records), so
 * they may resume; edited labels or ids may not, even with the files' times restored.
 *
 * @param files    {@code path → "size:mtime"}, in path order
 * @param count    training examples
 * @param labelSum the training labels' sum
 * @param idsCrc   {@code "users-crc:items-crc"} in hex, for feature rows built from ratings followed by
 *                 {@code " features[keys]"} (the feature keys and the side tables' checksums)
 */
public record DataFingerprint(Map<String, String> files, long count, double labelSum, String idsCrc)
    implements Serializable {

  /** The files under {@code path} (a file, a directory read recursively, or a glob), skipping {@code _*} and {@code .*}. */
  public static Map<String, String> stamp(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    FileStatus[] matched = fs.globStatus(p);
    List<FileStatus> files = new ArrayList<>();
    if (matched != null) for (FileStatus s : matched) collect(fs, s, files);
    files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
    Map<String, String> out = new LinkedHashMap<>();
    for (FileStatus s : files) out.put(s.getPath().toString(), s.getLen() + ":" + s.getModificationTime());
    return out;
  }

  private static void collect(FileSystem fs, FileStatus s, List<FileStatus> out) throws IOException {
    String name = s.getPath().getName();
    if (name.startsWith("_") || name.startsWith(".")) return;
    if (s.isDirectory()) {
      for (FileStatus c : fs.listStatus(s.getPath())) collect(fs, c, out);
    } else {
      out.add(s);
    }
  }

  public static String idsCrc(IdIndex users, IdIndex items) {
    return crc(users) + ":" + crc(items);
  }

  /** {@code idsCrc} followed by the feature keys of rows built from the ratings ({@link RatingFeatures}). */
  public static String withFeatures(String idsCrc, String features) {
    return idsCrc + " features[" + features + "]";
  }

  private static String featuresOf(String idsCrc) {
    int at = idsCrc.indexOf(" features[");
    return at < 0 ? "none" : idsCrc.substring(at + " features[".length(), idsCrc.length() - 1);
  }

  private static String crc(IdIndex index) {
    CRC32C c = new CRC32C();
    for (String id : index.rawIds()) {
      byte[] b = id.getBytes(StandardCharsets.UTF_8);
      c.update(b.length >>> 8);
      c.update(b.length);
      c.update(b);
    }
    return Long.toHexString(c.getValue());
  }

  /** As metadata for a checkpoint. */
  public Map<String, Object> toMeta() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("files", new LinkedHashMap<>(files));
    m.put("count", count);
    m.put("label_sum_bits", Long.toHexString(Double.doubleToRawLongBits(labelSum)));
    m.put("ids_crc", idsCrc);
    return m;
  }

  @SuppressWarnings("unchecked")
  public static DataFingerprint fromMeta(Object meta) {
    if (!(meta instanceof Map<?, ?> m)) return null;
    Map<String, String> files = new LinkedHashMap<>();
    ((Map<String, Object>) m.get("files")).forEach((k, v) -> files.put(k, String.valueOf(v)));
    double labelSum = Double.longBitsToDouble(Long.parseUnsignedLong(String.valueOf(m.get("label_sum_bits")), 16));
    return new DataFingerprint(files, ((Number) m.get("count")).longValue(), labelSum,
        String.valueOf(m.get("ids_crc")));
  }

  /**
   * Null when {@code now} is the same data as this (the checkpoint's), else a one-line reason naming the first file
   * that differs.
   */
  public String differenceFrom(DataFingerprint now) {
    if (!featuresOf(idsCrc).equals(featuresOf(now.idsCrc))) {
      return "the feature groups or side features differ from the checkpoint's (now " + featuresOf(now.idsCrc)
          + ", was " + featuresOf(idsCrc) + ")";
    }
    for (Map.Entry<String, String> e : files.entrySet()) {
      String cur = now.files.get(e.getKey());
      if (cur == null) return "input file " + e.getKey() + " is gone";
      if (!cur.equals(e.getValue())) {
        return "input file " + e.getKey() + " changed (size:mtime " + e.getValue() + " at the checkpoint, " + cur
            + " now)";
      }
    }
    for (String f : now.files.keySet()) {
      if (!files.containsKey(f)) return "input file " + f + " was added";
    }
    if (count != now.count) return "the training data has " + now.count + " examples, " + count + " at the checkpoint";
    if (!idsCrc.equals(now.idsCrc)) return "the indexed user or item ids differ from the checkpoint's";
    if (Double.doubleToRawLongBits(labelSum) != Double.doubleToRawLongBits(now.labelSum)) {
      return "the training labels differ from the checkpoint's (their sum is " + now.labelSum + ", was " + labelSum
          + ")";
    }
    return null;
  }
}
