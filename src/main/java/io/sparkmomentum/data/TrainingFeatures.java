package io.sparkmomentum.data;

import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.data.source.FeatureChunk;
import io.sparkmomentum.data.source.FeatureSources;
import io.sparkmomentum.data.source.LabelKind;
import io.sparkmomentum.data.source.ReadReport;
import io.sparkmomentum.data.source.SourceFormat;
import io.sparkmomentum.data.source.SourceSpec;
import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.model.FeatureRows;
import io.sparkmomentum.train.PartitionBlock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * A run's labelled feature rows ({@code libsvm}, {@code idx}) read on the executors and built into cached
 * {@link FeatureRows} blocks ({@link FeatureExamples}); the test set comes from {@code data.test} or is held out
 * with {@code data.test_fraction} by a seeded hash of each row's content. The driver never holds a row.
 *
 * @param test null when the run has no test set
 */
public record TrainingFeatures(FeatureExamples.Blocks train, FeatureExamples.Blocks test, int numClasses,
    ReadReport trainReport, ReadReport testReport, DataFingerprint fingerprint) implements TrainingData<FeatureRows> {

  static SourceSpec spec(DataConfig c, String path, String labelsPath, LabelKind labels, int numClasses,
      int numFeatures, int partitions) {
    return new SourceSpec(SourceFormat.parseOrNull(c.format()), path, RatingData.options(c), numFeatures, labels,
        numClasses, labelsPath, partitions);
  }

  /** The largest class count inferred from {@code data.num_classes = 0} (class ids below it are read). */
  public static final int MAX_INFERRED_CLASSES = 1 << 16;

  /**
   * @param labels     what the model needs of a label
   * @param numClasses with {@link LabelKind#CLASS}: the number of classes; 0 = the largest training label + 1 (then
   *                   a test label outside it is bad input naming its file and line)
   */
  public static TrainingFeatures load(SparkSession spark, DataConfig c, LabelKind labels, int numClasses, long seed,
      int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    boolean inferClasses = labels == LabelKind.CLASS && numClasses == 0;
    JavaRDD<FeatureChunk> trainChunks = FeatureSources.read(spark, spec(c, c.train(), c.labels(), labels,
        inferClasses ? MAX_INFERRED_CLASSES : numClasses, c.numFeatures(), partitions))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ReadReport trainReport = FeatureExamples.report(trainChunks);
      if (trainReport.kept() == 0) {
        throw new BadInputException(c.train(), 0, "no rows in " + c.train() + (trainReport.skipped() > 0 ? " (all "
            + trainReport.skipped() + " were bad and skipped; first: " + trainReport.examples().get(0) + ")" : "")
            + "; expected at least one labelled row", null);
      }
      double fraction = c.test().isEmpty() ? c.testFraction() : 0;
      JavaRDD<FeatureChunk> trainPart = fraction > 0 ? trainChunks.map(ch -> part(ch, false, fraction, seed))
          : trainChunks;
      FeatureExamples.Blocks train = FeatureExamples.build(sc, trainPart, partitions, c.numFeatures(),
          "training rows");
      int dim = train.stats().dim();
      int classes = inferClasses ? Math.max(2, (int) train.stats().maxLabel() + 1) : numClasses;
      FeatureExamples.Blocks test = null;
      ReadReport testReport = null;
      if (!c.test().isEmpty()) {
        Held held = against(spark, c, c.test(), c.testLabels(), labels, classes, dim, partitions);
        test = held.blocks();
        testReport = held.report();
      } else if (fraction > 0) {
        test = FeatureExamples.build(sc, trainChunks.map(ch -> part(ch, true, fraction, seed)), partitions, dim,
            "held-out rows");
      }
      return new TrainingFeatures(train, test, classes, trainReport, testReport, fingerprint(spark, c,
          train.stats().count(), train.stats().labelSum()));
    } finally {
      trainChunks.unpersist(false);
    }
  }

  /** Held-out rows read for a model, and what was read. */
  public record Held(FeatureExamples.Blocks blocks, ReadReport report) {}

  /**
   * The rows at {@code path} (IDX: with the labels at {@code labelsPath}) as blocks of {@code dim} features,
   * partitioned and ordered as a run with {@code partitions} partitions orders its test set, so that metrics
   * computed on them are the run's to the last bit. A label that does not fit {@code labels} (with
   * {@link LabelKind#CLASS}: {@code [0, numClasses)}) or a feature beyond {@code dim} is bad input.
   */
  public static Held against(SparkSession spark, DataConfig c, String path, String labelsPath, LabelKind labels,
      int numClasses, int dim, int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<FeatureChunk> chunks = FeatureSources.read(spark, spec(c, path, labelsPath, labels, numClasses, dim,
        partitions)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ReadReport report = FeatureExamples.report(chunks);
      requireDim(chunks, path, dim);
      return new Held(FeatureExamples.build(sc, chunks, partitions, dim, "test rows"), report);
    } finally {
      chunks.unpersist(false);
    }
  }

  /**
   * The rows at {@code path} in file order, one chunk per input split (in split order), checked: bad input has
   * thrown. The caller unpersists them.
   */
  public static JavaRDD<FeatureChunk> rows(SparkSession spark, DataConfig c, String path, String labelsPath,
      LabelKind labels, int numClasses, int dim, int partitions) {
    JavaRDD<FeatureChunk> chunks = FeatureSources.read(spark, spec(c, path, labelsPath, labels, numClasses, dim,
        partitions)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      FeatureExamples.report(chunks);
      requireDim(chunks, path, dim);
      return chunks;
    } catch (RuntimeException e) {
      chunks.unpersist(false);
      throw e;
    }
  }

  /** Refuses rows of another width than {@code dim} (IDX images of another size than the training ones). */
  private static void requireDim(JavaRDD<FeatureChunk> chunks, String path, int dim) {
    List<Integer> dims = chunks.filter(ch -> ch.size() > 0).map(FeatureChunk::dim).distinct().collect();
    for (int d : dims) {
      if (d != dim) {
        throw new BadInputException(path, 0, "rows of " + d + " features in " + path + "; expected " + dim
            + " features per row, as in the training data", null);
      }
    }
  }

  /** The rows of {@code c} that are held out ({@code heldOut}) or not, by a seeded hash of their content. */
  static FeatureChunk part(FeatureChunk c, boolean heldOut, double fraction, long seed) {
    List<Integer> rows = new ArrayList<>();
    for (int r = 0; r < c.size(); r++) {
      boolean out = ExampleHash.unit(ExampleHash.mix64(FeatureExamples.rowHash(c, r) ^ seed)) < fraction;
      if (out == heldOut) rows.add(r);
    }
    FeatureChunk s = FeatureExamples.select(c, rows);
    return new FeatureChunk(s.dim(), s.rowPtr(), s.indices(), s.values(), s.labels(), s.weights(), c.report());
  }

  private static DataFingerprint fingerprint(SparkSession spark, DataConfig c, long count, double labelSum) {
    Map<String, String> files = new LinkedHashMap<>();
    var conf = spark.sparkContext().hadoopConfiguration();
    try {
      for (String p : new String[] {c.train(), c.labels(), c.test(), c.testLabels()}) {
        if (!p.isEmpty()) files.putAll(DataFingerprint.stamp(p, conf));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list the input files of " + c.train(), e);
    }
    return new DataFingerprint(files, count, labelSum, "");
  }

  @Override
  public JavaRDD<PartitionBlock<FeatureRows>> trainBlocks() {
    return train.rdd();
  }

  @Override
  public JavaRDD<PartitionBlock<FeatureRows>> testBlocks() {
    return test == null ? null : test.rdd();
  }

  @Override
  public DataSchema schema() {
    FeatureExamples.Stats s = train.stats();
    return new DataSchema(s.count(), 0, 0, s.dim(), numClasses, s.meanLabel(), s.minLabel(), s.maxLabel());
  }

  @Override
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("train_rows", train.stats().count());
    m.put("features", train.stats().dim());
    m.putAll(Reports.summary(trainReport, testReport));
    return m;
  }

  @Override
  public String describe() {
    return train.stats().count() + " training rows (" + train.stats().dim() + " features)"
        + Reports.describe(trainReport, test == null ? -1 : test.stats().count(), testReport);
  }

  @Override
  public void unpersist() {
    train.unpersist();
    if (test != null) test.unpersist();
  }
}
