package io.sparkmomentum.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns line bytes into a String, strictly: UTF-8 only, and no control characters except tab.
 * Pure-ASCII lines (the common case) take a fast path without the charset decoder.
 */
final class LineDecoder {
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private CharBuffer chars = CharBuffer.allocate(256);

  String decode(byte[] b, int off, int len) throws LineProblem {
    boolean ascii = true;
    for (int k = off, end = off + len; k < end; k++) {
      int c = b[k];
      if (c < 0) {
        ascii = false;
      } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw control(c, k - off + 1);
      }
    }
    if (ascii) {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    if (chars.capacity() < len) {
      chars = CharBuffer.allocate(Math.max(len, 2 * chars.capacity()));
    }
    chars.clear();
    utf8.reset();
    ByteBuffer bytes = ByteBuffer.wrap(b, off, len);
    CoderResult r = utf8.decode(bytes, chars, true);
    if (!r.isError()) {
      r = utf8.flush(chars);
    }
    if (r.isError()) {
      int at = bytes.position();
      throw new LineProblem("invalid UTF-8: byte 0x" + hex(b[at] & 0xff) + " at byte " + (at - off + 1)
          + " is not part of a valid UTF-8 sequence; expected UTF-8 text"
          + " (is the file Latin-1/Windows-1252 encoded, or binary?)");
    }
    chars.flip();
    for (int k = 0; k < chars.limit(); k++) {
      char c = chars.get(k);
      if (c == '\uFEFF') {
        throw new LineProblem("byte-order mark (U+FEFF) at character " + (k + 1)
            + "; expected it only at the start of a file (were files concatenated?)", chars.toString());
      }
      if (c >= 0x80 && c <= 0x9f) {
        throw new LineProblem("control character U+00" + hex(c) + " at character " + (k + 1)
            + "; expected printable UTF-8 text (tab is the only control character allowed)", chars.toString());
      }
    }
    return chars.toString();
  }

  private static LineProblem control(int c, int column) {
    if (c == 0) {
      return new LineProblem("NUL byte (\\0) at byte " + column
          + "; expected UTF-8 text (is this a binary file, or UTF-16 text?)");
    }
    if (c == '\r') {
      return new LineProblem("carriage return (\\r) inside the line at byte " + column
          + "; expected \\n or \\r\\n line endings (CR-only line endings are not supported)");
    }
    return new LineProblem("control character \\x" + hex(c) + " at byte " + column
        + "; expected printable UTF-8 text (tab is the only control character allowed)");
  }

  private static String hex(int c) {
    String h = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
    return h.length() == 1 ? "0" + h : h;
  }
}
