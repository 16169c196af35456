package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The header of an IDX file (LeCun's MNIST format): a big-endian magic number {@code 0x0000TTDD} (TT = element type,
 * 0x08 = unsigned byte; DD = number of dimensions), one big-endian int per dimension, then the elements row-major.
 * Images ({@code idx3-ubyte}): magic {@code 0x00000803}, count, rows, columns, 16 header bytes. Labels
 * ({@code idx1-ubyte}): magic {@code 0x00000801}, count, 8 header bytes. A name ending in {@code .gz} is
 * gzip-compressed.
 *
 * @param file      the file as the user named it
 * @param count     number of items (images or labels)
 * @param rows      image rows (1 for labels)
 * @param cols      image columns (1 for labels)
 * @param headerBytes bytes before the first item: 16 for images, 8 for labels
 * @param gzip      gzip-compressed
 * @param fileBytes size of the stored file, in bytes
 */
record IdxHeader(String file, int count, int rows, int cols, int headerBytes, boolean gzip, long fileBytes)
    implements Serializable {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  /** Bytes of one item: rows × cols (1 for a label). */
  int itemBytes() {
    return rows * cols;
  }

  /** Bytes the header announces: header + count × rows × cols. */
  long expectedBytes() {
    return headerBytes + (long) count * rows * cols;
  }

  /**
   * Reads and checks the header of {@code path}; a plain file's size must match it exactly. Throws a one-line
   * {@link BadInputException} naming the file: missing, not gzip, wrong magic, short header, truncated or too long.
   */
  static IdxHeader read(Configuration conf, String path, boolean isImages) {
    String what = isImages ? "IDX images file (idx3-ubyte, magic 0x00000803)"
        : "IDX labels file (idx1-ubyte, magic 0x00000801)";
    int expectMagic = isImages ? IMAGES_MAGIC : LABELS_MAGIC;
    int headerLen = isImages ? 16 : 8;
    if (path.isBlank()) {
      throw new BadInputException("''", 0, "empty path; expected an " + what
          + (isImages ? "" : " named by data.labels"), null);
    }
    Path p = new Path(path);
    boolean gz = path.endsWith(".gz");
    long size;
    byte[] head = new byte[headerLen];
    int got;
    try {
      FileSystem fs = p.getFileSystem(conf);
      FileStatus st = fs.getFileStatus(p);
      if (st.isDirectory()) {
        throw new BadInputException(path, 0, "a directory; expected an " + what, null);
      }
      size = st.getLen();
      try (InputStream in = open(fs, p, gz, path)) {
        got = readUpTo(in, head, path, gz);
      }
    } catch (FileNotFoundException e) {
      throw new BadInputException(path, 0, "no such file; expected an " + what, null, e);
    } catch (IOException e) {
      throw new BadInputException(path, 0, "cannot read the header (" + e.getMessage() + "); expected a readable "
          + what, null, e);
    }
    if (got >= 4) {
      int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
      if (magic != expectMagic) {
        throw new BadInputException(path, 0, String.format("magic number 0x%08X; expected 0x%08X, an %s",
            magic, expectMagic, what) + hint(magic, isImages), null);
      }
    }
    if (got < headerLen) {
      throw new BadInputException(path, 0, "truncated header: " + got + " bytes" + (gz ? " after gunzip" : "")
          + "; expected a " + headerLen + "-byte header of an " + what, null);
    }
    int count = readInt(head, 4);
    int rows = isImages ? readInt(head, 8) : 1;
    int cols = isImages ? readInt(head, 12) : 1;
    if (count < 0 || rows <= 0 || cols <= 0 || (long) rows * cols > Integer.MAX_VALUE / 4) {
      throw new BadInputException(path, 0, "header says count " + count + (isImages ? ", rows " + rows + ", cols "
          + cols : "") + "; expected a non-negative count and positive dimensions", null);
    }
    IdxHeader h = new IdxHeader(path, count, rows, cols, headerLen, gz, size);
    if (!gz && size != h.expectedBytes()) {
      throw new BadInputException(path, 0, (size < h.expectedBytes() ? "truncated: " : "too long: ") + size
          + " bytes; expected " + h.expectedBytes() + " bytes (" + headerLen + "-byte header + " + count
          + (isImages ? " images × " + rows + "×" + cols : " labels") + " bytes)", null);
    }
    return h;
  }

  private static String hint(int magic, boolean isImages) {
    if (magic == (isImages ? LABELS_MAGIC : IMAGES_MAGIC)) {
      return isImages ? " (this is a labels file: pass it as data.labels)" : " (this is an images file)";
    }
    if ((magic >>> 16) == 0x1f8b) return " (the data is gzip-compressed: name the file *.gz)";
    return "";
  }

  static InputStream open(FileSystem fs, Path p, boolean gz, String display) throws IOException {
    InputStream in = fs.open(p);
    if (!gz) return in;
    try {
      return new GZIPInputStream(in, 64 * 1024);
    } catch (IOException e) {
      in.close();
      String why = e instanceof EOFException ? "the file is empty or truncated" : e.getMessage();
      throw new BadInputException(display, 0, "not a valid gzip file (" + why
          + "); expected gzip-compressed IDX data, since the name ends with .gz", null, e);
    }
  }

  /** Reads up to {@code b.length} bytes; returns how many there were. */
  static int readUpTo(InputStream in, byte[] b, String display, boolean gz) throws IOException {
    int n = 0;
    try {
      while (n < b.length) {
        int r = in.read(b, n, b.length - n);
        if (r < 0) break;
        n += r;
      }
    } catch (EOFException e) {
      if (!gz) throw e;
      // a truncated gzip stream: report what was there
    }
    return n;
  }

  static int readInt(byte[] b, int off) {
    try {
      return new DataInputStream(new java.io.ByteArrayInputStream(b, off, 4)).readInt();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
