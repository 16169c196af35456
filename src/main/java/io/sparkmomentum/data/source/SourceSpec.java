package io.sparkmomentum.data.source;

import io.sparkmomentum.data.ReaderOptions;
import java.io.Serializable;
import java.util.Objects;

/**
 * Where a data set is and how to read it: the value of {@code data.format}, the path (a file, a directory, a glob,
 * or for {@link SourceFormat#TABLE} a catalog table name), and the reading options.
 *
 * @param format        the format
 * @param path          file, directory or table name
 * @param options       columns, rating range, bad-record policy, delimiter, line limit (for the columnar formats
 *                      only the columns, the range and the policy apply)
 * @param numFeatures   LIBSVM: the declared number of features ({@code data.num_features}); 0 = the largest index
 *                      seen. IDX: ignored (the header says)
 * @param labels        what a feature row's label must be
 * @param numClasses    with {@link LabelKind#CLASS}: the number of classes; else 0
 * @param labelsPath    IDX: the label file ({@code data.labels}); else empty
 * @param minPartitions at least this many input splits for splittable inputs (the executors' parallelism)
 */
public record SourceSpec(SourceFormat format, String path, ReaderOptions options, int numFeatures, LabelKind labels,
    int numClasses, String labelsPath, int minPartitions) implements Serializable {

  public SourceSpec {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    if (labels == null) labels = LabelKind.REAL;
    if (labelsPath == null) labelsPath = "";
    if (numFeatures < 0) throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
    if (labels == LabelKind.CLASS && numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2 for class labels, got " + numClasses);
    }
    if (minPartitions < 1) minPartitions = 1;
  }

  /** A rating source with default feature settings. */
  public static SourceSpec ratings(SourceFormat format, String path, ReaderOptions options, int minPartitions) {
    return new SourceSpec(format, path, options, 0, LabelKind.REAL, 0, "", minPartitions);
  }

  public SourceSpec withPath(String p) {
    return new SourceSpec(format, p, options, numFeatures, labels, numClasses, labelsPath, minPartitions);
  }
}
