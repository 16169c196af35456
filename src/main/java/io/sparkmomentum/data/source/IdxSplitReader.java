package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads one split (a range of images and their labels) of an IDX pair into a dense {@link FeatureChunk}, on the
 * executor. Plain files are positioned with a seek. A {@code .gz} file cannot be entered in the middle: the task
 * decompresses and discards the bytes before its range (split {@code s} of {@code S} inflates {@code (s+1)/S} of the
 * file; {@link IdxSources} gives a {@code .gz} file one split per 256 MiB of images, so MNIST files are one split).
 *
 * <p>A label that does not fit {@link LabelKind} (with {@code CLASS}: not in {@code [0, numClasses)}; with
 * {@code BINARY}: not 0 or 1) is a bad record naming the labels file and the 1-based record; a file shorter than its
 * header announces names the expected and the actual number of bytes.
 */
final class IdxSplitReader implements Function2<Integer, Iterator<Integer>, Iterator<FeatureChunk>> {
  private static final long serialVersionUID = 1L;

  private final IdxHeader images;
  private final IdxHeader labels;
  private final int splits;
  private final LabelKind kind;
  private final int numClasses;
  private final boolean skip;
  private final SerializableConfiguration conf;

  IdxSplitReader(IdxHeader images, IdxHeader labels, int splits, LabelKind kind, int numClasses, boolean skip,
      SerializableConfiguration conf) {
    this.images = images;
    this.labels = labels;
    this.splits = splits;
    this.kind = kind;
    this.numClasses = numClasses;
    this.skip = skip;
    this.conf = conf;
  }

  /** First image of split {@code s}: {@code ⌊s·n/S⌋}. */
  static int first(int s, int n, int splits) {
    return (int) ((long) s * n / splits);
  }

  @Override
  public Iterator<FeatureChunk> call(Integer split, Iterator<Integer> ignored) {
    return List.of(read(split)).iterator();
  }

  FeatureChunk read(int split) {
    int from = first(split, images.count(), splits);
    int to = first(split + 1, images.count(), splits);
    int n = to - from;
    int dim = images.itemBytes();
    byte[] pix = new byte[(int) Math.min(Integer.MAX_VALUE - 8, (long) n * dim)];
    if ((long) n * dim > pix.length) {
      throw new IllegalStateException("split of " + n + " images of " + dim + " bytes is too large for one array");
    }
    byte[] lab = new byte[n];
    fill(images, from, pix);
    fill(labels, from, lab);
    float[] values = new float[(int) ((long) n * dim)];
    float[] labelsOut = new float[n];
    List<String> examples = new ArrayList<>();
    long skipped = 0;
    int kept = 0;
    for (int i = 0; i < n; i++) {
      int y = lab[i] & 0xff;
      String problem = labelProblem(y);
      if (problem != null) {
        BadInputException bad = new BadInputException(labels.file(), 0, "label of record " + (from + i + 1L)
            + " (1-based, byte " + (labels.headerBytes() + (long) from + i) + " after gunzip if .gz): " + problem,
            Integer.toString(y));
        if (!skip) throw bad;
        skipped++;
        if (examples.size() < ReadReport.MAX_EXAMPLES) examples.add(bad.getMessage());
        continue;
      }
      int src = i * dim;
      int dst = kept * dim;
      for (int j = 0; j < dim; j++) values[dst + j] = (pix[src + j] & 0xff) / 255f;
      labelsOut[kept++] = y;
    }
    if (kept < n) {
      values = java.util.Arrays.copyOf(values, kept * dim);
      labelsOut = java.util.Arrays.copyOf(labelsOut, kept);
    }
    return new FeatureChunk(dim, null, null, values, labelsOut, null,
        new ReadReport(split, n, kept, skipped, examples));
  }

  private String labelProblem(int y) {
    return switch (kind) {
      case CLASS -> y < numClasses ? null : y + " is not a class; expected a class id in [0, " + numClasses
          + ") (model.num_classes)";
      case BINARY -> y <= 1 ? null : y + " is not a binary label; expected 0 or 1";
      case REAL -> null;
    };
  }

  /** Reads items {@code [from, from + out.length / itemBytes)} of {@code h} into {@code out}. */
  private void fill(IdxHeader h, int from, byte[] out) {
    long start = h.headerBytes() + (long) from * h.itemBytes();
    Path p = new Path(h.file());
    long pos = 0;
    try {
      FileSystem fs = p.getFileSystem(conf.value());
      try (InputStream in = h.gzip() ? IdxHeader.open(fs, p, true, h.file()) : fs.open(p)) {
        if (h.gzip()) {
          pos = skipFully(in, start);
        } else {
          ((FSDataInputStream) in).seek(start);
          pos = start;
        }
        int off = 0;
        while (off < out.length) {
          int r;
          try {
            r = in.read(out, off, out.length - off);
          } catch (EOFException e) {
            r = -1;
          }
          if (r < 0) break;
          off += r;
        }
        pos += off;
        if (off < out.length) throw truncated(h, pos);
      }
    } catch (IOException e) {
      if (h.gzip() && (e instanceof EOFException || e instanceof java.util.zip.ZipException)) throw truncated(h, pos);
      throw new BadInputException(h.file(), 0, "read error at byte " + pos + " (" + e + "); expected a complete,"
          + " readable IDX file", null, e);
    }
  }

  private static long skipFully(InputStream in, long n) throws IOException {
    long done = 0;
    byte[] sink = new byte[64 * 1024];
    while (done < n) {
      int r;
      try {
        r = in.read(sink, 0, (int) Math.min(sink.length, n - done));
      } catch (EOFException e) {
        r = -1;
      }
      if (r < 0) break;
      done += r;
    }
    return done;
  }

  private static BadInputException truncated(IdxHeader h, long actual) {
    return new BadInputException(h.file(), 0, "truncated: the data ends after " + actual + " bytes"
        + (h.gzip() ? " (after gunzip)" : "") + "; expected " + h.expectedBytes() + " bytes as the header says ("
        + h.headerBytes() + "-byte header + " + h.count() + " × " + h.itemBytes() + ")", null);
  }
}
