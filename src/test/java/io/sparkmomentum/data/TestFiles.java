package io.sparkmomentum.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;

/** Helpers for writing test input files. */
final class TestFiles {
  /** One Hadoop configuration for all tests (creating one is slow). */
  static final Configuration CONF = new Configuration();

  private TestFiles() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int k = 0; k < values.length; k++) {
      b[k] = (byte) values[k];
    }
    return b;
  }

  static byte[] gzip(byte[] content) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(content);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path dir, String name, byte[] content) {
    try {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.write(p, content);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path dir, String name, String content) {
    return write(dir, name, utf8(content));
  }

  static ReadResult read(Path p, ReaderOptions o) {
    return RatingsReader.read(p.toString(), o, new IdIndex(), new IdIndex(), true, CONF);
  }

  static ReadResult read(Path p, RatingsFormat f) {
    return read(p, ReaderOptions.defaults(f));
  }
}
