package io.sparkmomentum.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines ({@code \n} or {@code \r\n}) without decoding, never buffering more than
 * about {@code maxLineLength} bytes: a longer line is reported as {@link #TOO_LONG} with only its first
 * bytes available, and the rest of it is discarded unread-into-memory on the next call.
 */
final class LineSource implements Closeable {
  static final int EOF = 0;
  static final int LINE = 1;
  static final int TOO_LONG = 2;

  private static final int INITIAL = 64 * 1024;
  /** How many bytes of an over-long line stay available for the error message. */
  private static final int PREFIX = 256;

  private final InputStream in;
  private final int maxLen;
  private final int cap;
  private byte[] buf;
  private int pos;
  private int lim;
  private boolean eof;
  private boolean skipPending;
  private int start;
  private int len;
  private long lineNo;
  /** Stream position of {@code buf[0]}, counted from the stream's origin. */
  private long base;
  /** Stream position of the current line's first byte. */
  private long lineStart;

  LineSource(InputStream in, int maxLineLength) {
    this(in, maxLineLength, 0);
  }

  /**
   * @param origin the position of the stream's first byte in its file (so that {@link #lineStart()} is a file
   *               offset when the stream was opened at {@code origin})
   */
  LineSource(InputStream in, int maxLineLength, long origin) {
    this.in = in;
    this.base = origin;
    this.maxLen = maxLineLength;
    this.cap = (int) Math.max(INITIAL, Math.min(Integer.MAX_VALUE - 16L, maxLineLength + 2L));
    this.buf = new byte[Math.min(INITIAL, cap)];
  }

  /** Buffers the first {@code n} bytes (fewer at EOF) so that {@link #peek} can look at them. */
  void fillHead(int n) throws IOException {
    while (lim - pos < n && !eof) {
      int r = in.read(buf, lim, buf.length - lim);
      if (r < 0) {
        eof = true;
      } else {
        lim += r;
      }
    }
  }

  /** The unread byte at offset {@code i} (0..255), or -1 if not buffered. */
  int peek(int i) {
    return pos + i < lim ? buf[pos + i] & 0xff : -1;
  }

  /** Skips a UTF-8 byte-order mark at the current position (call at the start of the file). */
  boolean skipBom() throws IOException {
    fillHead(3);
    if (peek(0) == 0xEF && peek(1) == 0xBB && peek(2) == 0xBF) {
      pos += 3;
      return true;
    }
    return false;
  }

  /**
   * Advances to the next line. After {@link #LINE}, {@link #buf()}[{@link #start()} ..+{@link #length()}) holds
   * the line without its terminator; after {@link #TOO_LONG}, it holds only the line's first bytes.
   */
  int next() throws IOException {
    if (skipPending) {
      skipRest();
    }
    int scan = pos;
    while (true) {
      byte[] b = buf;
      int nl = -1;
      for (int k = scan; k < lim; k++) {
        if (b[k] == '\n') {
          nl = k;
          break;
        }
      }
      if (nl >= 0) {
        return take(nl, nl + 1);
      }
      if (lim - pos > maxLen + 1) { // even without a trailing \r, the line is already too long
        lineNo++;
        start = pos;
        lineStart = base + pos;
        len = Math.min(lim - pos, PREFIX);
        skipPending = true;
        return TOO_LONG;
      }
      if (eof) {
        return pos == lim ? EOF : take(lim, lim);
      }
      if (pos > 0) { // compact: move the partial line to the front
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        base += pos;
        lim -= pos;
        pos = 0;
      }
      scan = lim;
      if (lim == buf.length) {
        byte[] bigger = new byte[(int) Math.min(cap, 2L * buf.length)];
        System.arraycopy(buf, 0, bigger, 0, lim);
        buf = bigger;
      }
      int r = in.read(buf, lim, buf.length - lim);
      if (r < 0) {
        eof = true;
      } else {
        lim += r;
      }
    }
  }

  private int take(int end, int nextPos) {
    lineNo++;
    start = pos;
    lineStart = base + pos;
    if (end > start && buf[end - 1] == '\r') {
      end--;
    }
    len = end - start;
    pos = nextPos;
    if (len > maxLen) {
      len = Math.min(len, PREFIX);
      return TOO_LONG;
    }
    return LINE;
  }

  /** Discards the rest of an over-long line, reusing the buffer. */
  private void skipRest() throws IOException {
    skipPending = false;
    while (true) {
      for (int k = pos; k < lim; k++) {
        if (buf[k] == '\n') {
          pos = k + 1;
          return;
        }
      }
      base += lim;
      pos = 0;
      lim = 0;
      if (eof) {
        return;
      }
      int r = in.read(buf, 0, buf.length);
      if (r < 0) {
        eof = true;
      } else {
        lim = r;
      }
    }
  }

  byte[] buf() {
    return buf;
  }

  int start() {
    return start;
  }

  int length() {
    return len;
  }

  /** The 1-based number of the current line (0 before the first). */
  long lineNo() {
    return lineNo;
  }

  /** The position of the current line's first byte: the origin given to the constructor plus bytes before it. */
  long lineStart() {
    return lineStart;
  }

  /** True if the current line is empty or only spaces and tabs. */
  boolean isBlank() {
    for (int k = start, end = start + len; k < end; k++) {
      if (buf[k] != ' ' && buf[k] != '\t') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
