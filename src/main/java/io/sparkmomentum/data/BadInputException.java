package io.sparkmomentum.data;

/**
 * Bad input data: names the file, the 1-based line (0 when the problem is not tied to one line),
 * what is wrong and what was expected, and a short escaped snippet of the offending text.
 *
 * <p>The message reads {@code FILE:LINE: REASON; text: "SNIPPET"}. In the snippet a tab shows as {@code \t},
 * NUL as {@code \0}, CR/LF as {@code \r}/{@code \n}, a backslash as {@code \\}, other control characters and
 * undecodable bytes as {@code \xNN}, invisible Unicode characters as {@code \}{@code uNNNN}; it is cut after
 * {@value #SNIPPET_CHARS} characters with {@code ...}.
 */
public final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Longest snippet, in escaped characters, before it is cut with {@code ...}. */
  public static final int SNIPPET_CHARS = 80;

  private final String file;
  private final long line;
  private final String reason;
  private final String snippet;

  /**
   * @param file   the file (or directory) as the user named it
   * @param line   1-based line number, or 0 if the problem concerns the whole file
   * @param reason what is wrong and what was expected
   * @param text   the offending text (escaped and cut here), or null
   */
  public BadInputException(String file, long line, String reason, CharSequence text) {
    this(file, line, reason, text == null ? null : escape(text, SNIPPET_CHARS), null);
  }

  /** As {@link #BadInputException(String, long, String, CharSequence)}, with a cause. */
  public BadInputException(String file, long line, String reason, CharSequence text, Throwable cause) {
    this(file, line, reason, text == null ? null : escape(text, SNIPPET_CHARS), cause);
  }

  private BadInputException(String file, long line, String reason, String snippet, Throwable cause) {
    super(format(file, line, reason, snippet), cause);
    this.file = file;
    this.line = line;
    this.reason = reason;
    this.snippet = snippet;
  }

  /** For text that may not be valid UTF-8: the snippet shows the raw bytes. */
  static BadInputException ofBytes(String file, long line, String reason, byte[] b, int off, int len) {
    return new BadInputException(file, line, reason, escapeBytes(b, off, len, SNIPPET_CHARS), null);
  }

  private static String format(String file, long line, String reason, String snippet) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ").append(reason);
    if (snippet != null) {
      sb.append("; text: \"").append(snippet).append('"');
    }
    return sb.toString();
  }

  /** The file (or directory) as named by the user or listed from the named directory. */
  public String file() {
    return file;
  }

  /** The 1-based line number, or 0 when the problem concerns the whole file. */
  public long line() {
    return line;
  }

  /** What is wrong and what was expected, without the location and the snippet. */
  public String reason() {
    return reason;
  }

  /** The escaped, cut offending text, or null. */
  public String snippet() {
    return snippet;
  }

  /** Escapes {@code s} as described in the class comment, cutting it after {@code maxChars} output characters. */
  public static String escape(CharSequence s, int maxChars) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), maxChars) + 8);
    for (int i = 0; i < s.length(); ) {
      if (sb.length() >= maxChars) {
        sb.append("...");
        break;
      }
      int cp = Character.codePointAt(s, i);
      i += Character.charCount(cp);
      switch (cp) {
        case '\t': sb.append("\\t"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case 0: sb.append("\\0"); break;
        case '\\': sb.append("\\\\"); break;
        default:
          if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            hexByte(sb, cp);
          } else if (cp > 0x7e && invisible(cp)) {
            sb.append(String.format("\\u%04X", cp));
          } else {
            sb.appendCodePoint(cp);
          }
      }
    }
    return sb.toString();
  }

  private static boolean invisible(int cp) {
    switch (Character.getType(cp)) {
      case Character.FORMAT: case Character.SURROGATE: case Character.UNASSIGNED: case Character.PRIVATE_USE:
      case Character.LINE_SEPARATOR: case Character.PARAGRAPH_SEPARATOR: case Character.SPACE_SEPARATOR:
      case Character.CONTROL:
        return true;
      default:
        return false;
    }
  }

  /** Escapes raw bytes: printable ASCII as is, {@code \t \r \n \0 \\}, everything else as {@code \xNN}. */
  static String escapeBytes(byte[] b, int off, int len, int maxChars) {
    StringBuilder sb = new StringBuilder(Math.min(len, maxChars) + 8);
    for (int i = off; i < off + len; i++) {
      if (sb.length() >= maxChars) {
        sb.append("...");
        break;
      }
      int c = b[i] & 0xff;
      switch (c) {
        case '\t': sb.append("\\t"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case 0: sb.append("\\0"); break;
        case '\\': sb.append("\\\\"); break;
        default:
          if (c < 0x20 || c > 0x7e) {
            hexByte(sb, c);
          } else {
            sb.append((char) c);
          }
      }
    }
    return sb.toString();
  }

  private static void hexByte(StringBuilder sb, int c) {
    final String hex = "0123456789ABCDEF";
    sb.append("\\x").append(hex.charAt((c >> 4) & 0xf)).append(hex.charAt(c & 0xf));
  }
}
