package io.sparkmomentum.data.source;

import io.sparkmomentum.data.InputFiles;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A byte range of one input file, read by one task: the lines that start in {@code [offset, offset + length)}.
 * A {@code .gz} file is one split, read whole. Small and serializable: the driver sends only these.
 *
 * @param index   the split's position in the input's split order (files in listing order, then offsets)
 * @param display the file as messages name it
 * @param uri     the file's fully qualified Hadoop path
 * @param gzip    the file is gzip-compressed (one split)
 * @param offset  the first byte
 * @param length  the bytes in the range ({@code Long.MAX_VALUE - offset} for a {@code .gz} file: to the end)
 */
record TextSplit(int index, String display, String uri, boolean gzip, long offset, long length)
    implements Serializable {

  /** Splits of at most this many bytes (a Hadoop block). */
  static final long MAX_SPLIT_BYTES = 64L << 20;

  /** The first position that belongs to the next split. */
  long end() {
    return gzip ? Long.MAX_VALUE : offset + length;
  }

  /**
   * Cuts the listed files into splits: at least {@code minPartitions} over all input when the bytes allow it, and
   * at most {@code maxSplitBytes} each; a {@code .gz} file is one split and an empty plain file none.
   *
   * <p>With {@code T} plain bytes in all, the target size is {@code s = min(maxSplitBytes, max(1, ⌊T/minPartitions⌋))};
   * a file of {@code n} bytes gets {@code ⌈n/s⌉} splits of equal size (the last one shorter), so that
   * {@code Σ⌈n_f/s⌉ ≥ T/s ≥ minPartitions}.
   */
  static List<TextSplit> plan(List<InputFiles.Entry> files, int minPartitions, long maxSplitBytes) {
    long[] sizes = new long[files.size()];
    long plain = 0;
    for (int f = 0; f < files.size(); f++) {
      sizes[f] = InputFiles.length(files.get(f));
      if (!files.get(f).gzip()) plain += sizes[f];
    }
    long target = Math.min(maxSplitBytes, Math.max(1, plain / Math.max(1, minPartitions)));
    List<TextSplit> splits = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      InputFiles.Entry e = files.get(f);
      String uri = e.fs().makeQualified(e.path()).toString();
      if (e.gzip()) {
        splits.add(new TextSplit(splits.size(), e.display(), uri, true, 0, sizes[f]));
        continue;
      }
      long n = sizes[f];
      long parts = (n + target - 1) / target;
      long step = parts == 0 ? 0 : (n + parts - 1) / parts;
      for (long at = 0; at < n; at += step) {
        splits.add(new TextSplit(splits.size(), e.display(), uri, false, at, Math.min(step, n - at)));
      }
    }
    return splits;
  }
}
