package io.sparkmomentum.data;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
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

  /** The state of one read: the shared {@link LineEngine}, whose ratings go into the indices and a builder. */
  private static final class Run implements RatingLineFormat.Sink {
    private final ReaderOptions opts;
    private final IdIndex users;
    private final IdIndex items;
    private final boolean grow;
    private final LineEngine engine;
    private final Ratings.Builder out = new Ratings.Builder(1 << 16);
    private long unknownUsers;
    private long unknownItems;
    private String lastUserRaw;
    private int lastUser;
    private String lastItemRaw;
    private int lastItem;

    Run(ReaderOptions opts, IdIndex users, IdIndex items, boolean grow) {
      this.opts = opts;
      this.users = users;
      this.items = items;
      this.grow = grow;
      this.engine = new LineEngine(new RatingLineFormat(opts, this), opts.maxLineLength(), opts.onBadRecord());
    }

    ReadResult readAll(String path, List<InputFiles.Entry> files) {
      for (InputFiles.Entry f : files) {
        try {
          engine.readFile(f.display(), InputFiles.open(f), f.gzip());
        } catch (IOException e) { // closing failed
          throw InputFiles.readError(f, engine.lines() + 1, e);
        }
      }
      if (out.size() == 0) {
        throw noRatings(path, files.size(), engine, opts.format());
      }
      return new ReadResult(out.build(), engine.lines(), engine.skipped(), engine.examples(), unknownUsers,
          unknownItems);
    }

    @Override
    public void add(String userRaw, String itemRaw, double rating) {
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
  }

  /**
   * The error for input that holds no rating at all, saying why (empty files, only blank lines, only a header,
   * every record skipped); the same for the driver reader and for the executors' split readers.
   *
   * @param path     the path as the user named it
   * @param files    how many files it holds
   * @param lines    physical lines read over all files
   * @param blanks   blank lines among them
   * @param skipped  records skipped as bad
   * @param first    the first skipped record's message, or null
   */
  public static BadInputException noRatings(String path, int files, long lines, long blanks, long skipped,
                                            String first, RatingsFormat format) {
    String why;
    if (skipped > 0) {
      why = "all " + skipped + " records were bad and skipped; first: " + first;
    } else if (lines == 0) {
      why = files == 1 ? "the file is empty" : "all " + files + " files are empty";
    } else if (lines == blanks) {
      why = "only blank lines";
    } else {
      why = "only a header";
    }
    String where = files == 1 || lines == 0 ? "" : files + " files, ";
    return new BadInputException(path, 0, "no ratings in " + path + " (" + where + why
        + "); expected at least one " + format.id().toUpperCase(java.util.Locale.ROOT) + " rating line", null);
  }

  private static BadInputException noRatings(String path, int files, LineEngine e, RatingsFormat format) {
    return noRatings(path, files, e.lines(), e.blankLines(), e.skipped(),
        e.examples().isEmpty() ? null : e.examples().get(0), format);
  }
}
