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

  /**
   * @param labels     what the model needs of a label
   * @param numClasses with {@link LabelKind#CLASS}: the number of classes
   */
  public static TrainingFeatures load(SparkSession spark, DataConfig c, LabelKind labels, int numClasses, long seed,
      int partitions) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<FeatureChunk> trainChunks = FeatureSources.read(spark, spec(c, c.train(), c.labels(), labels,
        numClasses, c.numFeatures(), partitions)).persist(StorageLevel.MEMORY_AND_DISK());
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
      FeatureExamples.Blocks test = null;
      ReadReport testReport = null;
      if (!c.test().isEmpty()) {
        JavaRDD<FeatureChunk> testChunks = FeatureSources.read(spark, spec(c, c.test(), c.testLabels(), labels,
            numClasses, dim, partitions)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
          testReport = FeatureExamples.report(testChunks);
          test = FeatureExamples.build(sc, testChunks, partitions, dim, "test rows");
        } finally {
          testChunks.unpersist(false);
        }
      } else if (fraction > 0) {
        test = FeatureExamples.build(sc, trainChunks.map(ch -> part(ch, true, fraction, seed)), partitions, dim,
            "held-out rows");
      }
      return new TrainingFeatures(train, test, numClasses, trainReport, testReport, fingerprint(spark, c,
          train.stats().count(), train.stats().labelSum()));
    } finally {
      trainChunks.unpersist(false);
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
