package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * IDX images and labels (MNIST, Fashion-MNIST), split by image ranges and read on the executors.
 *
 * <p>The driver reads only the two headers ({@link IdxHeader}: magic numbers, counts, image size; a plain file's
 * size must match its header) and checks that there are as many labels as images. Split {@code s} of {@code S}
 * holds images {@code [⌊s·n/S⌋, ⌊(s+1)·n/S⌋)}, at most {@code n} splits. Plain files:
 * {@code S = max(minPartitions, ⌈image bytes / 64 MiB⌉)}, each task seeks to its first image. {@code .gz} files
 * cannot be entered in the middle, so a task decompresses and discards the bytes before its range, and
 * {@code S = ⌈image bytes / 256 MiB⌉} (one split for MNIST-sized files): measured on Fashion-MNIST's training
 * images (60,000, 47 MB inflated) on {@code local[2]}, one split took 1.9 s, two 2.2–2.4 s, four 2.9–3.9 s, so
 * extra splits cost more inflating than their parallel float conversion saves. The trainer redistributes examples
 * by a stable key anyway, so a single input split costs no training parallelism. A task builds one dense
 * {@link FeatureChunk}: {@code dim = rows·cols}, pixel {@code p ∈ [0, 255]} stored as {@code p / 255f} (so
 * values are in {@code [0, 1]}, as torchvision's {@code ToTensor}), label = the class id byte.
 */
final class IdxSources {
  private IdxSources() {}

  /** Target bytes of image data per split of a plain file (before the float expansion ×4). */
  static final long SPLIT_BYTES = 64L << 20;
  /** Image bytes per split of a {@code .gz} file (each split inflates everything before it). */
  static final long GZ_SPLIT_BYTES = 256L << 20;

  static JavaRDD<FeatureChunk> features(SparkSession spark, SourceSpec spec) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    if (spec.labelsPath().isBlank()) {
      throw new BadInputException(spec.path(), 0, "no label file; expected data.labels to name the IDX labels"
          + " file (idx1-ubyte) of these images", null);
    }
    IdxHeader images = IdxHeader.read(conf, spec.path(), true);
    IdxHeader labels = IdxHeader.read(conf, spec.labelsPath(), false);
    if (images.count() != labels.count()) {
      throw new BadInputException(spec.path(), 0, images.count() + " images but " + labels.count()
          + " labels in " + labels.file() + "; expected as many labels as images", null);
    }
    int splits = splits(images, spec.minPartitions());
    List<Integer> ids = new ArrayList<>(splits);
    for (int s = 0; s < splits; s++) ids.add(s);
    IdxSplitReader reader = new IdxSplitReader(images, labels, splits, spec.labels(), spec.numClasses(),
        spec.options().onBadRecord() == io.sparkmomentum.data.OnBadRecord.SKIP,
        new SerializableConfiguration(conf));
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ids, splits)
        .mapPartitionsWithIndex(reader, false);
  }

  /**
   * Plain: {@code max(minPartitions, ⌈bytes / SPLIT_BYTES⌉)}; gzip: {@code ⌈bytes / GZ_SPLIT_BYTES⌉}; at most the
   * number of images, at least 1.
   */
  static int splits(IdxHeader images, int minPartitions) {
    long bytes = (long) images.count() * images.itemBytes();
    long s = images.gzip() ? (bytes + GZ_SPLIT_BYTES - 1) / GZ_SPLIT_BYTES
        : Math.max(minPartitions, (bytes + SPLIT_BYTES - 1) / SPLIT_BYTES);
    return (int) Math.max(1, Math.min(s, images.count()));
  }
}
