package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.InputFiles;
import io.sparkmomentum.data.LineEngine;
import io.sparkmomentum.data.RatingLineFormat;
import io.sparkmomentum.data.ReaderOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads one {@link TextSplit} on an executor with the driver reader's {@link LineEngine}, so that records,
 * skips and messages are those of {@link io.sparkmomentum.data.RatingsReader} for the same file.
 *
 * <p>A split after the first of its file first reads the file's head (refusing compressed or UTF-16 data, and
 * reading a CSV header, which every split needs), then seeks to {@code offset - 1} and skips the line in
 * progress there: it belongs to the split before, whose reader reads past its end to finish it.
 */
final class SplitReader {
  private SplitReader() {}

  /**
   * Reads split {@code k} of {@code splits}. If it is bad, the error thrown is the first one of the whole input in
   * split order, as the driver reader would report it: the splits before {@code k} are read again (on this error
   * path only) and the first problem among them wins. So whichever task fails first, the job's message is the
   * same, and it equals the driver reader's.
   */
  static RatingChunk ratings(List<TextSplit> splits, int k, SourceSpec spec, Configuration conf) {
    try {
      return ratings(splits.get(k), spec, conf);
    } catch (BadInputException e) {
      throw firstProblem(splits, k, e,
          s -> read(s, conf, new RatingLineFormat(spec.options(), (u, i, r) -> { }), spec.options()));
    }
  }

  /** As {@link #ratings(List, int, SourceSpec, Configuration)}, for LIBSVM rows. */
  static FeatureChunk features(List<TextSplit> splits, int k, SourceSpec spec, Configuration conf) {
    try {
      return features(splits.get(k), spec, conf);
    } catch (BadInputException e) {
      throw firstProblem(splits, k, e,
          s -> read(s, conf, new LibsvmFormat(spec, new FeatureChunkBuilder(spec.numFeatures())), spec.options()));
    }
  }

  /** The first problem of splits {@code [0, k)}, re-read by {@code reread}, or else {@code problem}. */
  static BadInputException firstProblem(List<TextSplit> splits, int k, BadInputException problem,
                                        Consumer<TextSplit> reread) {
    for (int j = 0; j < k; j++) {
      try {
        reread.accept(splits.get(j));
      } catch (BadInputException earlier) {
        return earlier;
      }
    }
    return problem;
  }

  static RatingChunk ratings(TextSplit split, SourceSpec spec, Configuration conf) {
    RatingChunkBuilder out = new RatingChunkBuilder();
    LineEngine engine = read(split, conf, new RatingLineFormat(spec.options(), out), spec.options());
    return out.build(report(split, engine));
  }

  static FeatureChunk features(TextSplit split, SourceSpec spec, Configuration conf) {
    FeatureChunkBuilder out = new FeatureChunkBuilder(spec.numFeatures());
    LineEngine engine = read(split, conf, new LibsvmFormat(spec, out), spec.options());
    return out.build(report(split, engine));
  }

  static ReadReport report(TextSplit split, LineEngine e) {
    return new ReadReport(split.index(), e.kept() + e.skipped(), e.kept(), e.skipped(), e.examples());
  }

  /** Runs the engine over the split; the format keeps the records. */
  static LineEngine read(TextSplit split, Configuration conf, LineEngine.Format format, ReaderOptions opts) {
    InputFiles.Entry f = entry(split, conf);
    LineEngine engine = new LineEngine(format, opts.maxLineLength(), opts.onBadRecord());
    try {
      if (split.offset() == 0) {
        engine.readSplit(f.display(), InputFiles.open(f), f.gzip(), 0, split.end(), () -> 0);
      } else {
        new LineEngine(format, opts.maxLineLength(), opts.onBadRecord())
            .readHead(f.display(), InputFiles.open(f), false);
        long origin = split.offset() - 1;
        engine.readSplit(f.display(), InputFiles.openAt(f, origin), false, split.offset(), split.end(),
            lineEndsBefore(f, origin));
      }
    } catch (IOException e) { // closing failed
      throw new BadInputException(f.display(), 0, "read error: " + e + "; expected a complete, readable file",
          null, e);
    }
    return engine;
  }

  private static InputFiles.Entry entry(TextSplit split, Configuration conf) {
    Path p = new Path(split.uri());
    try {
      FileSystem fs = p.getFileSystem(conf);
      return new InputFiles.Entry(split.display(), fs, p, split.gzip());
    } catch (IOException e) {
      throw new BadInputException(split.display(), 0, "cannot use this path (" + e.getMessage()
          + "); expected a readable file", null, e);
    }
  }

  /** The number of {@code \n} in the file's bytes {@code [0, pos)}, counted when called. */
  private static LongSupplier lineEndsBefore(InputFiles.Entry f, long pos) {
    return () -> {
      long count = 0;
      byte[] buf = new byte[1 << 16];
      try (InputStream in = InputFiles.open(f)) {
        long left = pos;
        while (left > 0) {
          int r = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (r < 0) break;
          for (int k = 0; k < r; k++) if (buf[k] == '\n') count++;
          left -= r;
        }
      } catch (IOException e) {
        throw new BadInputException(f.display(), 0, "read error while counting lines: " + e
            + "; expected a complete, readable file", null, e);
      }
      return count;
    };
  }
}
