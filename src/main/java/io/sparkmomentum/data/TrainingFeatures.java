package io.sparkmomentum.data;

import io.sparkmomentum.config.DataConfig;
import io.sparkmomentum.data.source.FeatureChunk;
import io.sparkmomentum.data.source.FeatureSources;
import io.sparkmomentum.data.source.FrameColumns;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

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
    boolean inferClasses = labels == LabelKind.CLASS && numClasses == 0;
    JavaRDD<FeatureChunk> chunks = FeatureSources.read(spark, spec(c, c.train(), c.labels(), labels,
        inferClasses ? MAX_INFERRED_CLASSES : numClasses, c.numFeatures(), partitions));
    TestRows test = c.test().isEmpty() ? null
        : (classes, dim) -> against(spark, c, c.test(), c.testLabels(), labels, classes, dim, partitions);
    return of(spark, chunks, c.train(), c.numFeatures(), c.test().isEmpty() ? c.testFraction() : 0,
        inferClasses ? 0 : numClasses, labels, seed, partitions, test, count -> fingerprint(spark, c, count));
  }

  /**
   * A DataFrame's {@code (features, label[, weight])} rows (a Spark ML predictor's {@code fit}) as the blocks
   * {@link #load} builds from a file holding the same rows ({@link FeatureSources#read(Dataset, FrameColumns,
   * LabelKind, int)}): every row's vector must have one size, the number of features; the blocks are dense when
   * every row is, else CSR. {@code testFraction} holds rows out as {@code data.test_fraction} does.
   *
   * @param numClasses with {@link LabelKind#CLASS}: the number of classes, 0 = the largest label + 1
   */
  public static TrainingFeatures fromFrame(SparkSession spark, Dataset<Row> df, FrameColumns cols, LabelKind labels,
      int numClasses, double testFraction, long seed, int partitions) {
    boolean inferClasses = labels == LabelKind.CLASS && numClasses == 0;
    JavaRDD<FeatureChunk> raw = FeatureSources.read(df, cols, labels, inferClasses ? MAX_INFERRED_CLASSES
        : numClasses).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      FeatureExamples.report(raw);
      List<Tuple2<Integer, Boolean>> shapes = raw.filter(ch -> ch.size() > 0)
          .map(ch -> new Tuple2<>(ch.dim(), ch.sparse())).distinct().collect();
      if (shapes.stream().map(Tuple2::_1).distinct().count() > 1) {
        throw new BadInputException(cols.where(), 0, "column '" + cols.features() + "' (featuresCol) holds vectors "
            + "of sizes " + shapes.stream().map(Tuple2::_1).distinct().sorted().toList() + "; expected one size "
            + "(the number of features) in every row", null);
      }
      boolean mixed = shapes.stream().map(Tuple2::_2).distinct().count() > 1;
      JavaRDD<FeatureChunk> uniform = mixed ? raw.map(FeatureChunk::asSparse) : raw;
      return of(spark, uniform, cols.where(), 0, testFraction, inferClasses ? 0 : numClasses, labels, seed,
          partitions, null, count -> new DataFingerprint(Map.of(), count.count(), count.labelSum(), ""));
    } finally {
      raw.unpersist(false);
    }
  }

  /** Reads the held-out rows for {@code classes} classes and {@code dim} features. */
  private interface TestRows {
    Held read(int classes, int dim);
  }

  /**
   * The blocks of {@code chunks}: the training rows, and the test rows of {@code test} (or, without it, those
   * {@code fraction} holds out by a seeded hash of their content).
   *
   * @param numClasses with {@link LabelKind#CLASS}: the number of classes, 0 = the largest training label + 1
   */
  private static TrainingFeatures of(SparkSession spark, JavaRDD<FeatureChunk> chunks, String where, int dimIn,
      double fraction, int numClasses, LabelKind labels, long seed, int partitions, TestRows testRows,
      java.util.function.Function<FeatureExamples.Stats, DataFingerprint> fingerprint) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<FeatureChunk> trainChunks = chunks.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ReadReport trainReport = FeatureExamples.report(trainChunks);
      if (trainReport.kept() == 0) {
        throw new BadInputException(where, 0, "no rows in " + where + (trainReport.skipped() > 0 ? " (all "
            + trainReport.skipped() + " were bad and skipped; first: " + trainReport.examples().get(0) + ")" : "")
            + "; expected at least one labelled row", null);
      }
      JavaRDD<FeatureChunk> trainPart = fraction > 0 ? trainChunks.map(ch -> part(ch, false, fraction, seed))
          : trainChunks;
      FeatureExamples.Blocks train = FeatureExamples.build(sc, trainPart, partitions, dimIn, "training rows");
      int dim = train.stats().dim();
      int classes = labels == LabelKind.CLASS && numClasses == 0 ? Math.max(2, (int) train.stats().maxLabel() + 1)
          : numClasses;
      FeatureExamples.Blocks test = null;
      ReadReport testReport = null;
      if (testRows != null) {
        Held held = testRows.read(classes, dim);
        test = held.blocks();
        testReport = held.report();
      } else if (fraction > 0) {
        test = FeatureExamples.build(sc, trainChunks.map(ch -> part(ch, true, fraction, seed)), partitions, dim,
            "held-out rows");
      }
      return new TrainingFeatures(train, test, classes, trainReport, testReport, fingerprint.apply(train.stats()));
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

  private static DataFingerprint fingerprint(SparkSession spark, DataConfig c, FeatureExamples.Stats stats) {
    Map<String, String> files = new LinkedHashMap<>();
    var conf = spark.sparkContext().hadoopConfiguration();
    try {
      for (String p : new String[] {c.train(), c.labels(), c.test(), c.testLabels()}) {
        if (!p.isEmpty()) files.putAll(DataFingerprint.stamp(p, conf));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list the input files of " + c.train(), e);
    }
    return new DataFingerprint(files, stats.count(), stats.labelSum(), "");
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
