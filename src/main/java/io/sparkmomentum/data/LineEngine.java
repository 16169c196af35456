package io.sparkmomentum.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The per-line engine shared by the driver reader ({@link RatingsReader}) and the executors' split readers: splits
 * bytes into lines, refuses compressed or UTF-16 data, skips a UTF-8 byte-order mark, enforces the line-length
 * limit, allows blank lines only at the end of a file, decodes strict UTF-8, reads a header line when the format
 * has one, and hands every other line to the {@link Format}. A bad line is thrown (FAIL, or a file-level problem)
 * or counted with its first {@value ReadResult#MAX_EXAMPLES} messages (SKIP).
 *
 * <p>A read covers a <em>stretch</em> of one file: the whole file (driver), or the lines that start in a byte
 * range {@code [offset, end)} (a split). Messages always name the line in the file: a stretch that starts after
 * byte 0 learns how many lines precede it only when a message is built ({@code lineBase}).
 *
 * <p>One engine reads any number of stretches; its counters add up over them. Not thread-safe.
 */
public final class LineEngine {

  /** What the lines of a format hold. */
  public interface Format {
    /** The format's name in messages, e.g. {@code TSV}. */
    String name();

    /** What a data line is, in messages: "rating line". */
    String recordNoun();

    /** True if the first line of every file is a header. */
    boolean hasHeader();

    /** Reads the header line (file-level: a problem here always fails). */
    void header(String line) throws LineProblem;

    /**
     * Parses a data line and keeps its record, or throws what was expected.
     *
     * @return false if the line holds no record but is fine (a LIBSVM comment line)
     */
    boolean record(String line) throws LineProblem;
  }

  private final Format format;
  private final int maxLineLength;
  private final boolean skip;
  private final LineDecoder decoder = new LineDecoder();
  private final List<String> examples = new ArrayList<>();
  private long lines;
  private long blankLines;
  private long kept;
  private long skipped;
  private boolean headerPending;

  public LineEngine(Format format, int maxLineLength, OnBadRecord onBadRecord) {
    this.format = format;
    this.maxLineLength = maxLineLength;
    this.skip = onBadRecord == OnBadRecord.SKIP;
  }

  /** Physical lines read (header and blank lines included). */
  public long lines() {
    return lines;
  }

  /** Blank lines read (allowed at the end of a file, bad elsewhere). */
  public long blankLines() {
    return blankLines;
  }

  /** Records the format accepted. */
  public long kept() {
    return kept;
  }

  /** Bad records counted and skipped (SKIP only). */
  public long skipped() {
    return skipped;
  }

  /** The first skipped records' messages. */
  public List<String> examples() {
    return examples;
  }

  /**
   * Reads a whole file from its first byte.
   *
   * @param in the file's bytes (decompressed if {@code gzip})
   */
  public void readFile(String display, InputStream in, boolean gzip) throws IOException {
    read(display, in, gzip, 0, Long.MAX_VALUE, () -> 0, false);
  }

  /**
   * Reads the head of a file as a split after the first must: refuses compressed or UTF-16 data, and reads the
   * header when the format has one. Use an engine of its own (its counters are not the split's).
   */
  public void readHead(String display, InputStream in, boolean gzip) throws IOException {
    read(display, in, gzip, 0, Long.MAX_VALUE, () -> 0, true);
  }

  /**
   * Reads the lines of a file that start in {@code [offset, end)} (a line that starts with the file's byte-order
   * mark starts at 0).
   *
   * @param in       the file's bytes from position 0 when {@code offset} is 0, else from {@code offset - 1} (the
   *                 line in progress there belongs to the split before, and is skipped)
   * @param end      the first position that belongs to the next split; the last line is read to its end, and
   *                 past it blank lines are looked through to see whether data follows in the file
   * @param lineBase the number of line ends in the file before {@code offset - 1} (called only when a message is
   *                 built, and at most once)
   */
  public void readSplit(String display, InputStream in, boolean gzip, long offset, long end, LongSupplier lineBase)
      throws IOException {
    read(display, in, gzip, offset, end, lineBase, false);
  }

  private void read(String display, InputStream in, boolean gzip, long offset, long end, LongSupplier lineBase,
                    boolean headOnly) throws IOException {
    Lines at = new Lines(lineBase);
    long reading = 1;
    try (LineSource src = new LineSource(in, maxLineLength, offset == 0 ? 0 : offset - 1)) {
      headerPending = format.hasHeader();
      if (offset == 0) {
        if (!gzip) {
          sniff(display, src);
        }
        if (headOnly && !headerPending) {
          return;
        }
        src.skipBom();
      } else {
        headerPending = false; // read by readHead
        src.next(); // the tail of the line that started in the split before
      }
      long blankFrom = 0;
      long blanks = 0;
      int status;
      while ((status = src.next()) != LineSource.EOF) {
        long ln = src.lineNo();
        boolean blank = status == LineSource.LINE && src.isBlank();
        if ((offset == 0 && ln == 1 ? 0 : src.lineStart()) >= end) { // the next split's line: only says whether data follows our blank lines
          if (blank) {
            continue;
          }
          if (blanks > 0) {
            blanksBeforeData(display, at, blankFrom, blanks);
          }
          return;
        }
        lines++;
        reading = ln + 1;
        if (blank) {
          blankLines++;
          if (blanks++ == 0) {
            blankFrom = ln;
          }
          continue;
        }
        if (blanks > 0) {
          blanksBeforeData(display, at, blankFrom, blanks);
          blanks = 0;
        }
        boolean header = headerPending;
        if (status == LineSource.TOO_LONG) {
          String reason = "line is longer than maxLineLength=" + maxLineLength + " bytes; expected a "
              + format.recordNoun() + " (is this a binary file, or is the delimiter or line ending wrong?)";
          bad(header, () -> BadInputException.ofBytes(display, at.of(ln), headerReason(header, reason), src.buf(),
              src.start(), src.length()));
          continue;
        }
        String line;
        try {
          line = decoder.decode(src.buf(), src.start(), src.length());
        } catch (LineProblem p) {
          String reason = headerReason(header, p.getMessage());
          bad(header, () -> p.text != null // decoded fine, but holds a forbidden character: show the text
              ? new BadInputException(display, at.of(ln), reason, p.text)
              : BadInputException.ofBytes(display, at.of(ln), reason, src.buf(), src.start(), src.length()));
          continue;
        }
        try {
          if (header) {
            format.header(line);
            headerPending = false;
            if (headOnly) {
              return;
            }
            continue;
          }
          if (!format.record(line)) {
            continue;
          }
        } catch (LineProblem p) {
          bad(header, () -> new BadInputException(display, at.of(ln), p.getMessage(), line));
          continue;
        }
        kept++;
      }
    } catch (IOException e) {
      throw InputFiles.readError(display, gzip, at.of(reading), e);
    }
  }

  /** Line numbers in the file: local numbers plus the lines before the stretch, counted once, when needed. */
  private static final class Lines {
    private final LongSupplier base;
    private long value = -1;

    Lines(LongSupplier base) {
      this.base = base;
    }

    long of(long local) {
      if (value < 0) {
        value = base.getAsLong();
      }
      return value + local;
    }
  }

  private void blanksBeforeData(String display, Lines at, long blankFrom, long blanks) {
    if (headerPending) {
      throw new BadInputException(display, at.of(blankFrom), "blank line before the CSV header; expected the"
          + " header on line 1", "");
    }
    badBlanks(display, at, blankFrom, blanks);
  }

  /** Refuses compressed or UTF-16 data whose name does not say so (before any line is read). */
  private void sniff(String display, LineSource src) throws IOException {
    src.fillHead(6);
    int b0 = src.peek(0);
    int b1 = src.peek(1);
    String what = null;
    if (b0 == 0x1f && b1 == 0x8b) {
      what = "gzip-compressed data, but its name does not end in .gz";
    } else if (b0 == 'P' && b1 == 'K' && src.peek(2) == 3 && src.peek(3) == 4) {
      what = "a ZIP archive (unzip it first)";
    } else if (b0 == 'B' && b1 == 'Z' && src.peek(2) == 'h' && src.peek(4) == 0x31 && src.peek(5) == 0x41) {
      what = "bzip2-compressed data (decompress it, or recompress it as .gz)";
    } else if (b0 == 0xfd && b1 == '7' && src.peek(2) == 'z' && src.peek(3) == 'X' && src.peek(4) == 'Z') {
      what = "xz-compressed data (decompress it, or recompress it as .gz)";
    } else if (b0 == 0x28 && b1 == 0xb5 && src.peek(2) == 0x2f && src.peek(3) == 0xfd) {
      what = "zstd-compressed data (decompress it, or recompress it as .gz)";
    } else if ((b0 == 0xff && b1 == 0xfe) || (b0 == 0xfe && b1 == 0xff)) {
      what = "UTF-16 text (byte-order mark " + (b0 == 0xff ? "FF FE" : "FE FF") + "); re-encode it as UTF-8";
    }
    if (what != null) {
      byte[] head = new byte[6];
      int n = 0;
      while (n < head.length && src.peek(n) >= 0) {
        head[n] = (byte) src.peek(n);
        n++;
      }
      throw BadInputException.ofBytes(display, 0, "the file looks like " + what + "; expected plain UTF-8 "
          + format.name().toUpperCase(Locale.ROOT) + " text", head, 0, n);
    }
  }

  /**
   * A bad line: thrown if {@code fileLevel} (e.g. the CSV header) or in FAIL mode; else counted, and kept as
   * an example while there are fewer than {@value ReadResult#MAX_EXAMPLES} (the exception is only built
   * then, so skipping millions of lines stays cheap).
   */
  private void bad(boolean fileLevel, Supplier<BadInputException> problem) {
    if (fileLevel || !skip) {
      throw problem.get();
    }
    skipped++;
    if (examples.size() < ReadResult.MAX_EXAMPLES) {
      examples.add(problem.get().getMessage());
    }
  }

  private static String headerReason(boolean fileLevel, String reason) {
    return fileLevel ? "cannot read the CSV header: " + reason : reason;
  }

  /** Blank lines followed by more data are bad records, one per line. */
  private void badBlanks(String display, Lines at, long from, long count) {
    for (long k = 0; k < count; k++) {
      if (skip && examples.size() >= ReadResult.MAX_EXAMPLES) {
        skipped += count - k;
        return;
      }
      long ln = from + k;
      bad(false, () -> new BadInputException(display, at.of(ln), "blank line in the middle of the file; expected a"
          + " " + format.recordNoun() + " (blank lines are allowed only at the end of a file)", ""));
    }
  }
}
