package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.InputFiles;
import io.sparkmomentum.data.RatingsReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Line-oriented formats (tsv, dat, csv, libsvm) split by byte ranges and parsed on the executors.
 *
 * <p>The driver only lists the files ({@link InputFiles#list}: a file or a directory of part files, names starting
 * with {@code _} or {@code .} skipped) and cuts them into {@link TextSplit}s ({@link TextSplit#plan}); one task per
 * split opens its file through Hadoop's {@code FileSystem} and parses its lines with {@link SplitReader}. Chunk
 * {@code k} of the RDD is split {@code k}, in (file, offset) order. A bad split reports the first problem of the
 * input in that order (see {@link SplitReader#ratings(List, int, SourceSpec, org.apache.hadoop.conf.Configuration)}),
 * so the job's error does not depend on which task failed first.
 */
final class TextSources {
  private TextSources() {}

  static JavaRDD<RatingChunk> ratings(SparkSession spark, SourceSpec spec) {
    return ratings(spark, spec, TextSplit.MAX_SPLIT_BYTES);
  }

  /** As {@link #ratings(SparkSession, SourceSpec)}, with splits of at most {@code maxSplitBytes} (tests). */
  static JavaRDD<RatingChunk> ratings(SparkSession spark, SourceSpec spec, long maxSplitBytes) {
    if (!spec.format().isRatingText()) {
      throw new IllegalArgumentException("not a rating text format: " + spec.format().id());
    }
    if (spec.options().format() != spec.format().ratingsFormat()) {
      throw new IllegalArgumentException("data.format " + spec.format().id() + " but reader options for "
          + spec.options().format().id());
    }
    List<InputFiles.Entry> files = InputFiles.list(spec.path(), spark.sparkContext().hadoopConfiguration());
    List<TextSplit> splits = TextSplit.plan(files, spec.minPartitions(), maxSplitBytes);
    if (splits.isEmpty()) {
      throw RatingsReader.noRatings(spec.path(), files.size(), 0, 0, 0, null, spec.options().format());
    }
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    ArrayList<TextSplit> list = new ArrayList<>(splits);
    return splitIndices(spark, list.size())
        .map(k -> SplitReader.ratings(list, k, spec, conf.get()));
  }

  static JavaRDD<FeatureChunk> features(SparkSession spark, SourceSpec spec) {
    return features(spark, spec, TextSplit.MAX_SPLIT_BYTES);
  }

  /** As {@link #features(SparkSession, SourceSpec)}, with splits of at most {@code maxSplitBytes} (tests). */
  static JavaRDD<FeatureChunk> features(SparkSession spark, SourceSpec spec, long maxSplitBytes) {
    if (spec.format() != SourceFormat.LIBSVM) {
      throw new IllegalArgumentException("not a feature text format: " + spec.format().id());
    }
    List<InputFiles.Entry> files = InputFiles.list(spec.path(), spark.sparkContext().hadoopConfiguration());
    List<TextSplit> splits = TextSplit.plan(files, spec.minPartitions(), maxSplitBytes);
    if (splits.isEmpty()) {
      throw new BadInputException(spec.path(), 0, "no rows in " + spec.path() + " ("
          + (files.size() == 1 ? "the file is empty" : "all " + files.size() + " files are empty")
          + "); expected at least one LIBSVM line (label idx:value ...)", null);
    }
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    ArrayList<TextSplit> list = new ArrayList<>(splits);
    return splitIndices(spark, list.size())
        .map(k -> SplitReader.features(list, k, spec, conf.get()));
  }

  /** One partition per split, holding the split's index (the splits travel in the task closure). */
  private static JavaRDD<Integer> splitIndices(SparkSession spark, int n) {
    List<Integer> ks = new ArrayList<>(n);
    for (int k = 0; k < n; k++) ks.add(k);
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ks, n);
  }
}
