package io.sparkmomentum.io;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads and writes the data files of {@link ArrayBundle} (formats in {@link ArrayType}), computing CRC32C. */
final class ArrayCodec {
  /** Largest Java array length that is safe on all JVMs. */
  static final int MAX_LENGTH = Integer.MAX_VALUE - 8;
  private static final int CHUNK = 1 << 16;

  private ArrayCodec() {}

  /** What was written: element count, file length and CRC32C of the file as 8 lowercase hex digits. */
  record Written(long count, long bytes, String crc32c) {}

  static String hex(CRC32C crc) {
    return String.format("%08x", crc.getValue());
  }

  static Written write(FileSystem fs, Path file, Object values) throws IOException {
    ArrayType type = ArrayType.of(values);
    int count = ArrayType.length(values);
    CRC32C crc = new CRC32C();
    long bytes = 0;
    try (FSDataOutputStream out = fs.create(file, false)) {
      if (type == ArrayType.STR) {
        byte[] len = new byte[4];
        for (Object o : (List<?>) values) {
          byte[] b = ((String) o).getBytes(UTF_8);
          ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length);
          out.write(len);
          out.write(b);
          crc.update(len);
          crc.update(b);
          bytes += 4L + b.length;
        }
      } else {
        byte[] chunk = new byte[CHUNK];
        ByteBuffer bb = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        int per = CHUNK / type.size;
        for (int off = 0; off < count; off += per) {
          int n = Math.min(per, count - off);
          bb.clear();
          switch (type) {
            case F64: bb.asDoubleBuffer().put((double[]) values, off, n); break;
            case F32: bb.asFloatBuffer().put((float[]) values, off, n); break;
            case I32: bb.asIntBuffer().put((int[]) values, off, n); break;
            default: bb.asLongBuffer().put((long[]) values, off, n); break;
          }
          out.write(chunk, 0, n * type.size);
          crc.update(chunk, 0, n * type.size);
        }
        bytes = (long) count * type.size;
      }
    }
    return new Written(count, bytes, hex(crc));
  }

  /**
   * Reads and verifies one data file.
   *
   * @param what the bundle, for messages ("model at hdfs://...")
   * @param name the array's name, for messages
   */
  static Object read(FileSystem fs, Path file, ArrayType type, int count, long bytes, String crc32c, String what,
      String name) throws IOException {
    String where = "array " + name + " (file " + file.getName() + ")";
    FileStatus st;
    try {
      st = fs.getFileStatus(file);
    } catch (FileNotFoundException e) {
      throw InvalidBundleException.corrupt(what, where + " is missing");
    }
    if (!st.isFile()) {
      throw InvalidBundleException.corrupt(what, where + " is not a file");
    }
    if (st.getLen() != bytes) {
      throw InvalidBundleException.corrupt(what, where + " has " + st.getLen() + " bytes, bundle.json records "
          + bytes + " (file " + (st.getLen() < bytes ? "truncated" : "changed") + ")");
    }
    CRC32C crc = new CRC32C();
    Object values;
    try (FSDataInputStream in = fs.open(file)) {
      values = type == ArrayType.STR ? readAll(in, bytes, what, where, crc) : readFixed(in, type, count, crc);
      if (in.read() != -1) {
        throw InvalidBundleException.corrupt(what, where + " is longer than bundle.json records (file changed)");
      }
    } catch (EOFException | ChecksumException e) {
      throw InvalidBundleException.corrupt(what, "array " + name + " checksum mismatch (file changed or truncated: "
          + e.getMessage() + ")", e);
    } catch (InvalidBundleException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException(what + ": cannot read " + where + ": " + e.getMessage(), e);
    }
    String actual = hex(crc);
    if (!actual.equals(crc32c)) {
      throw InvalidBundleException.corrupt(what, "array " + name + " checksum mismatch (file changed or truncated): "
          + file.getName() + " has CRC32C " + actual + ", bundle.json records " + crc32c);
    }
    // Strings are parsed only after the checksum matched, so that damage is reported as such.
    return type == ArrayType.STR ? parseStrings((byte[]) values, count, what, where) : values;
  }

  private static Object readFixed(FSDataInputStream in, ArrayType type, int count, CRC32C crc) throws IOException {
    Object values;
    switch (type) {
      case F64: values = new double[count]; break;
      case F32: values = new float[count]; break;
      case I32: values = new int[count]; break;
      default: values = new long[count]; break;
    }
    byte[] chunk = new byte[CHUNK];
    ByteBuffer bb = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    int per = CHUNK / type.size;
    for (int off = 0; off < count; off += per) {
      int n = Math.min(per, count - off);
      in.readFully(chunk, 0, n * type.size);
      crc.update(chunk, 0, n * type.size);
      bb.clear();
      switch (type) {
        case F64: bb.asDoubleBuffer().get((double[]) values, off, n); break;
        case F32: bb.asFloatBuffer().get((float[]) values, off, n); break;
        case I32: bb.asIntBuffer().get((int[]) values, off, n); break;
        default: bb.asLongBuffer().get((long[]) values, off, n); break;
      }
    }
    return values;
  }

  private static byte[] readAll(FSDataInputStream in, long bytes, String what, String where, CRC32C crc)
      throws IOException {
    if (bytes > MAX_LENGTH) {
      throw new InvalidBundleException(what + ": " + where + " has " + bytes
          + " bytes, more than one Java array holds");
    }
    byte[] all = new byte[(int) bytes];
    in.readFully(all);
    crc.update(all);
    return all;
  }

  private static List<String> parseStrings(byte[] all, int count, String what, String where)
      throws InvalidBundleException {
    ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    CharsetDecoder utf8 = UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long len = bb.remaining() >= 4 ? Integer.toUnsignedLong(bb.getInt()) : -1;
      if (len < 0 || len > bb.remaining()) {
        throw InvalidBundleException.corrupt(what, where + ": string " + i + " of " + count + " runs past the end");
      }
      ByteBuffer s = bb.slice().limit((int) len);
      bb.position(bb.position() + (int) len);
      try {
        CharBuffer chars = utf8.decode(s);
        out.add(chars.toString());
      } catch (CharacterCodingException e) {
        throw InvalidBundleException.corrupt(what, where + ": string " + i + " is not valid UTF-8");
      }
    }
    if (bb.hasRemaining()) {
      throw InvalidBundleException.corrupt(what, where + " has " + bb.remaining() + " bytes after its " + count
          + " strings");
    }
    return Collections.unmodifiableList(out);
  }
}
