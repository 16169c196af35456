package io.sparkmomentum.cli;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.IdIndex;
import io.sparkmomentum.data.RatingsFormat;
import io.sparkmomentum.data.ReadResult;
import io.sparkmomentum.data.ReaderOptions;
import io.sparkmomentum.data.Ratings;
import io.sparkmomentum.io.SavedModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code predict} on a plain {@code user<TAB>item} file: the pairs to score need no rating column. A single
 * uncompressed TSV file whose first non-blank line has exactly two tab-separated fields is read here, with the
 * strictness of the rating readers (every line two non-empty fields, no blank line in the middle, UTF-8); anything
 * else goes to the rating reader as before.
 */
final class PlainPairs {
  private PlainPairs() {}

  static ModelInput.Read readOr(String path, ReaderOptions opts, SavedModel m, Configuration conf) {
    try {
      if (opts.format() == RatingsFormat.TSV && isPlainPairs(path, conf)) return read(path, m, conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ModelInput.read(path, opts, m, conf);
  }

  private static boolean isPlainPairs(String path, Configuration conf) throws IOException {
    if (path.matches(".*\\.(gz|bz2|deflate|zst|lz4|snappy)$")) return false;
    PathCheck.data("input", path, conf);
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) return false;
    FileStatus st = fs.getFileStatus(p);
    if (!st.isFile() || st.getLen() == 0) return false;
    try (BufferedReader r = reader(fs, p)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) continue;
        return stripCr(line).split("\t", -1).length == 2;
      }
    } catch (CharacterCodingException e) {
      return false; // the rating reader reports it with the byte offset
    }
    return false;
  }

  private static BufferedReader reader(FileSystem fs, Path p) throws IOException {
    return new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static ModelInput.Read read(String path, SavedModel m, Configuration conf) throws IOException {
    IdIndex users = IdIndex.of(m.users().rawIds());
    IdIndex items = IdIndex.of(m.items().rawIds());
    int[] us = new int[1024];
    int[] is = new int[1024];
    int n = 0;
    long lineNo = 0;
    long blankAt = 0;
    long unknownUsers = 0;
    long unknownItems = 0;
    Path p = new Path(path);
    try (BufferedReader r = reader(p.getFileSystem(conf), p)) {
      String raw;
      while ((raw = r.readLine()) != null) {
        lineNo++;
        String line = stripCr(raw);
        if (line.isBlank()) {
          if (blankAt == 0) blankAt = lineNo;
          continue;
        }
        if (blankAt > 0) {
          throw new BadInputException(path, blankAt, "blank line in the middle of the file; expected a "
              + "user<TAB>item line", "");
        }
        if (line.indexOf('\0') >= 0) {
          throw new BadInputException(path, lineNo, "NUL byte (\\0); expected UTF-8 text", line);
        }
        String[] f = line.split("\t", -1);
        if (f.length != 2) {
          throw new BadInputException(path, lineNo, "expected 2 tab-separated fields (user, item) as in the first "
              + "line, found " + f.length, line);
        }
        String u = f[0].strip();
        String i = f[1].strip();
        if (u.isEmpty() || i.isEmpty()) {
          throw new BadInputException(path, lineNo, "empty " + (u.isEmpty() ? "user id in field 1" : "item id in "
              + "field 2") + "; expected a non-empty id", line);
        }
        if (n == us.length) {
          us = java.util.Arrays.copyOf(us, n * 2);
          is = java.util.Arrays.copyOf(is, n * 2);
        }
        if (m.users().lookup(u) < 0) unknownUsers++;
        if (m.items().lookup(i) < 0) unknownItems++;
        us[n] = users.getOrAdd(u);
        is[n] = items.getOrAdd(i);
        n++;
      }
    } catch (CharacterCodingException e) {
      throw new BadInputException(path, lineNo + 1, "invalid UTF-8; expected UTF-8 text", null);
    }
    Ratings ratings = new Ratings(java.util.Arrays.copyOf(us, n), java.util.Arrays.copyOf(is, n), new float[n]);
    return new ModelInput.Read(new ReadResult(ratings, lineNo, 0, List.of(), unknownUsers, unknownItems), users,
        items);
  }
}
