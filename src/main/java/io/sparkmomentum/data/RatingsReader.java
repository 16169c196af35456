package io.sparkmomentum.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a ratings file, or a directory of part files, on the driver, line by line, into {@link Ratings}.
 *
 * <p>Accepts CRLF or LF line ends, a UTF-8 byte-order mark, blank lines at the very end of a file, and
 * {@code .gz} files (by name). A directory is read file by file in name order, skipping names that start with
 * {@code _} or {@code .}; each CSV part file has its own header, and empty part files are fine as long as the
 * directory holds at least one rating. Everything else that is not a valid rating
 * line is a {@link BadInputException} naming the file, the 1-based line, what was expected and an escaped
 * snippet of the text, or, with {@link OnBadRecord#SKIP}, a counted skip. File-level problems (missing,
 * unreadable, empty, compressed but not named {@code .gz}, a CSV header without a requested column) always
 * fail, as does input with no rating at all.
 */
public final class RatingsReader {
  private RatingsReader() {}

  /** Reads {@code path}, adding new ids to the indices, with a default Hadoop {@link Configuration}. */
  public static ReadResult read(String path, ReaderOptions opts, IdIndex users, IdIndex items) {
    return read(path, opts, users, items, true, null);
  }

  /**
   * Reads {@code path} (a file or a directory; local, {@code file:}, {@code hdfs:} ...).
   *
   * @param growIndex true to add unseen ids to the indices; false (a test set against a training index) to
   *                  store -1 for them and count them in {@link ReadResult#unknownUsers()}/{@code unknownItems()}
   * @param conf      Hadoop configuration for the file system; null for a default one
   * @throws BadInputException on bad input (see the class comment); the indices are then left as they were
   */
  public static ReadResult read(String path, ReaderOptions opts, IdIndex users, IdIndex items, boolean growIndex,
                                Configuration conf) throws BadInputException {
    Objects.requireNonNull(opts, "opts");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(items, "items");
    int usersBefore = users.size();
    int itemsBefore = items.size();
    try {
      List<InputFiles.Entry> files = InputFiles.list(path, conf == null ? new Configuration() : conf);
      return new Run(opts, users, items, growIndex).readAll(path, files);
    } catch (RuntimeException e) {
      users.truncate(usersBefore);
      items.truncate(itemsBefore);
      throw e;
    }
  }

  /** The state of one read. */
  private static final class Run {
    private final ReaderOptions opts;
    private final IdIndex users;
    private final IdIndex items;
    private final boolean grow;
    private final boolean skip;
    private final LineDecoder decoder = new LineDecoder();
    private final Ratings.Builder out = new Ratings.Builder(1 << 16);
    private final List<String> examples = new ArrayList<>();
    private long lines;
    private long skipped;
    private long unknownUsers;
    private long unknownItems;
    private long blankLines;
    private String lastUserRaw;
    private int lastUser;
    private String lastItemRaw;
    private int lastItem;

    Run(ReaderOptions opts, IdIndex users, IdIndex items, boolean grow) {
      this.opts = opts;
      this.users = users;
      this.items = items;
      this.grow = grow;
      this.skip = opts.onBadRecord() == OnBadRecord.SKIP;
    }

    ReadResult readAll(String path, List<InputFiles.Entry> files) {
      for (InputFiles.Entry f : files) {
        readFile(f);
      }
      if (out.size() == 0) {
        throw noRatings(path, files);
      }
      return new ReadResult(out.build(), lines, skipped, examples, unknownUsers, unknownItems);
    }

    private BadInputException noRatings(String path, List<InputFiles.Entry> files) {
      String why;
      if (skipped > 0) {
        why = "all " + skipped + " records were bad and skipped; first: " + examples.get(0);
      } else if (lines == 0) {
        why = files.size() == 1 ? "the file is empty" : "all " + files.size() + " files are empty";
      } else if (lines == blankLines) {
        why = "only blank lines";
      } else {
        why = "only a header";
      }
      String where = files.size() == 1 || lines == 0 ? "" : files.size() + " files, ";
      return new BadInputException(path, 0, "no ratings in " + path + " (" + where + why
          + "); expected at least one " + opts.format().id().toUpperCase(java.util.Locale.ROOT) + " rating line", null);
    }

    private void readFile(InputFiles.Entry f) {
      boolean csv = opts.format() == RatingsFormat.CSV;
      RecordParser parser = csv ? null : RecordParser.delimited(opts);
      long reading = 1;
      try (LineSource src = new LineSource(InputFiles.open(f), opts.maxLineLength())) {
        if (!f.gzip()) {
          sniff(f, src);
        }
        src.skipBom();
        long blankFrom = 0;
        long blanks = 0;
        int status;
        while ((status = src.next()) != LineSource.EOF) {
          lines++;
          long ln = src.lineNo();
          reading = ln + 1;
          if (status == LineSource.LINE && src.isBlank()) {
            blankLines++;
            if (blanks++ == 0) {
              blankFrom = ln;
            }
            continue;
          }
          if (blanks > 0) {
            if (parser == null) {
              throw new BadInputException(f.display(), blankFrom, "blank line before the CSV header; expected the"
                  + " header on line 1", "");
            }
            badBlanks(f, blankFrom, blanks);
            blanks = 0;
          }
          if (status == LineSource.TOO_LONG) {
            String reason = "line is longer than maxLineLength=" + opts.maxLineLength() + " bytes; expected a "
                + "rating line (is this a binary file, or is the delimiter or line ending wrong?)";
            boolean header = parser == null;
            bad(header, () -> BadInputException.ofBytes(f.display(), ln, headerReason(header, reason), src.buf(),
                src.start(), src.length()));
            continue;
          }
          String line;
          try {
            line = decoder.decode(src.buf(), src.start(), src.length());
          } catch (LineProblem p) {
            boolean header = parser == null;
            String reason = headerReason(header, p.getMessage());
            bad(header, () -> p.text != null // decoded fine, but holds a forbidden character: show the text
                ? new BadInputException(f.display(), ln, reason, p.text)
                : BadInputException.ofBytes(f.display(), ln, reason, src.buf(), src.start(), src.length()));
            continue;
          }
          try {
            if (parser == null) {
              parser = CsvParser.fromHeader(line, opts);
              continue;
            }
            parser.parse(line);
          } catch (LineProblem p) {
            bad(parser == null, () -> new BadInputException(f.display(), ln, p.getMessage(), line));
            continue;
          }
          add(parser.user, parser.item, parser.rating);
        }
      } catch (IOException e) {
        throw InputFiles.readError(f, reading, e);
      }
    }

    /** Refuses compressed or UTF-16 data whose name does not say so (before any line is read). */
    private void sniff(InputFiles.Entry f, LineSource src) throws IOException {
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
        throw BadInputException.ofBytes(f.display(), 0, "the file looks like " + what + "; expected plain UTF-8 "
            + opts.format().id().toUpperCase(java.util.Locale.ROOT) + " text", head, 0, n);
      }
    }

    private void add(String userRaw, String itemRaw, double rating) {
      int u;
      if (userRaw.equals(lastUserRaw)) {
        u = lastUser;
      } else {
        u = grow ? users.getOrAdd(userRaw) : users.lookup(userRaw);
        lastUserRaw = userRaw;
        lastUser = u;
      }
      int i;
      if (itemRaw.equals(lastItemRaw)) {
        i = lastItem;
      } else {
        i = grow ? items.getOrAdd(itemRaw) : items.lookup(itemRaw);
        lastItemRaw = itemRaw;
        lastItem = i;
      }
      if (u < 0) {
        unknownUsers++;
      }
      if (i < 0) {
        unknownItems++;
      }
      out.add(u, i, (float) rating);
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
    private void badBlanks(InputFiles.Entry f, long from, long count) {
      for (long k = 0; k < count; k++) {
        if (skip && examples.size() >= ReadResult.MAX_EXAMPLES) {
          skipped += count - k;
          return;
        }
        long ln = from + k;
        bad(false, () -> new BadInputException(f.display(), ln, "blank line in the middle of the file; expected a"
            + " rating line (blank lines are allowed only at the end of a file)", ""));
      }
    }
  }
}
