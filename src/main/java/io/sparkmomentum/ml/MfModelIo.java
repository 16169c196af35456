package io.sparkmomentum.ml;

import io.sparkmomentum.data.IdIndex;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.model.MatrixFactorization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * How a {@link MomentumMFModel} is saved and loaded, in the layout of MLlib's models:
 * <ul>
 *   <li>{@code metadata/}: Spark's param metadata (class, uid, params; {@code DefaultParamsWriter}), which
 *       {@code Pipeline}s read to find the class;</li>
 *   <li>{@code model.json}: format and version, rank, μ, λ, λ_b, the clamp range, the counts and the id
 *       columns' Spark types;</li>
 *   <li>{@code userFactors/}, {@code itemFactors/}: Parquet, {@code (index int, id string, bias double,
 *       features array<double>)}: the weights in double, so that a loaded model predicts the same bits.</li>
 * </ul>
 * Loading checks that the parts agree (counts, indices {@code 0..n-1} once each, vector lengths, finite numbers)
 * and fails naming the path and what is wrong. No Java serialization.
 */
final class MfModelIo {
  static final String FORMAT = "spark-momentum/ml-mf";
  static final long VERSION = 1;

  private MfModelIo() {}

  private static StructType factorSchema() {
    return new StructType().add("index", DataTypes.IntegerType, false).add("id", DataTypes.StringType, false)
        .add("bias", DataTypes.DoubleType, false)
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
  }

  static final class Writer extends MLWriter {
    private final MomentumMFModel model;

    Writer(MomentumMFModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, spark);
      MfScorer s = model.scorer();
      MatrixFactorization mf = s.model();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("format", FORMAT);
      m.put("version", VERSION);
      m.put("rank", (long) mf.rank());
      m.put("num_users", (long) mf.numUsers());
      m.put("num_items", (long) mf.numItems());
      m.put("mu", mf.mu());
      m.put("lambda", mf.lambda());
      m.put("lambda_bias", mf.lambdaBias());
      double[] clamp = s.clamp();
      m.put("clamp", clamp == null ? null : List.of(clamp[0], clamp[1]));
      m.put("user_id_type", model.userIdType().json());
      m.put("item_id_type", model.itemIdType().json());
      Path json = new Path(path, "model.json");
      try {
        FileSystem fs = json.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (OutputStream o = fs.create(json, false)) {
          o.write(Json.writePretty(m).getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not write " + json, e);
      }
      writeFactors(spark, path + "/userFactors", s, true);
      writeFactors(spark, path + "/itemFactors", s, false);
    }

    private static void writeFactors(SparkSession spark, String dir, MfScorer s, boolean users) {
      MatrixFactorization mf = s.model();
      double[] w = s.weights();
      int r = mf.rank();
      int n = users ? mf.numUsers() : mf.numItems();
      int factors = users ? 0 : mf.numUsers() * r;
      int biases = (mf.numUsers() + mf.numItems()) * r + (users ? 0 : mf.numUsers());
      List<Row> rows = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        double[] f = Arrays.copyOfRange(w, factors + k * r, factors + (k + 1) * r);
        rows.add(RowFactory.create(k, users ? s.userId(k) : s.itemId(k), w[biases + k], f));
      }
      int slices = 1 + n / 20_000; // tasks well under Spark's 1 MB task-size warning
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      spark.createDataFrame(sc.parallelize(rows, slices), factorSchema()).write().parquet(dir);
    }
  }

  static final class Reader extends MLReader<MomentumMFModel> {
    @Override
    public MomentumMFModel load(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsReader.Metadata md = DefaultParamsReader$.MODULE$.loadMetadata(path, spark,
          MomentumMFModel.class.getName());
      Map<String, Object> m = readJson(spark, new Path(path, "model.json"));
      String what = "MomentumMFModel at " + path;
      if (!FORMAT.equals(m.get("format")) || !Long.valueOf(VERSION).equals(m.get("version"))) {
        throw bad(what, "model.json has format " + Json.write(m.get("format")) + " version "
            + Json.write(m.get("version")) + "; expected \"" + FORMAT + "\" version " + VERSION);
      }
      int rank = count(m, "rank", 1, what);
      int numUsers = count(m, "num_users", 0, what);
      int numItems = count(m, "num_items", 0, what);
      MatrixFactorization mf;
      try {
        mf = new MatrixFactorization(numUsers, numItems, rank, number(m, "mu", what), number(m, "lambda", what),
            number(m, "lambda_bias", what));
      } catch (IllegalArgumentException e) {
        throw bad(what, e.getMessage());
      }
      double[] w = new double[mf.layout().size()];
      List<String> users = readFactors(spark, path + "/userFactors", numUsers, rank, w, 0,
          (numUsers + numItems) * rank, what);
      List<String> items = readFactors(spark, path + "/itemFactors", numItems, rank, w, numUsers * rank,
          (numUsers + numItems) * rank + numUsers, what);
      double[] clamp = clamp(m.get("clamp"), what);
      DataType userType = DataType.fromJson(string(m, "user_id_type", what));
      DataType itemType = DataType.fromJson(string(m, "item_id_type", what));
      MfScorer scorer;
      try {
        scorer = new MfScorer(mf, w, IdIndex.of(users), IdIndex.of(items), clamp);
      } catch (IllegalArgumentException e) {
        throw bad(what, e.getMessage());
      }
      MomentumMFModel model = new MomentumMFModel(md.uid(), scorer, userType, itemType, null);
      md.getAndSetParams(model, Option.empty());
      return model;
    }

    /** Fills the factors and biases of one side into {@code w}; returns the ids in index order. */
    private static List<String> readFactors(SparkSession spark, String dir, int n, int rank, double[] w,
        int factors, int biases, String what) {
      List<Row> rows = spark.read().schema(factorSchema()).parquet(dir).collectAsList();
      if (rows.size() != n) throw bad(what, dir + " holds " + rows.size() + " rows; model.json says " + n);
      String[] ids = new String[n];
      for (Row row : rows) {
        int k = row.getInt(0);
        if (k < 0 || k >= n || ids[k] != null) throw bad(what, dir + ": index " + k + " out of [0, " + n + ") or "
            + "repeated");
        ids[k] = row.getString(1);
        List<Double> f = row.getList(3);
        if (f.size() != rank) throw bad(what, dir + ": index " + k + " has " + f.size() + " features; rank " + rank);
        w[biases + k] = finite(row.getDouble(2), dir, what);
        for (int j = 0; j < rank; j++) w[factors + k * rank + j] = finite(f.get(j), dir, what);
      }
      return Arrays.asList(ids);
    }

    private static double finite(Double v, String dir, String what) {
      if (v == null || !Double.isFinite(v)) throw bad(what, dir + " holds " + v + "; expected finite numbers");
      return v;
    }

    private static Map<String, Object> readJson(SparkSession spark, Path p) {
      try {
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (InputStream in = fs.open(p)) {
          return Json.readMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + p, e);
      } catch (RuntimeException e) {
        throw bad("MomentumMFModel at " + p.getParent(), "model.json is not valid JSON (" + e.getMessage() + ")");
      }
    }

    private static int count(Map<String, Object> m, String key, int min, String what) {
      if (!(m.get(key) instanceof Long v) || v < min || v > Integer.MAX_VALUE) {
        throw bad(what, "model.json '" + key + "' is " + Json.write(m.get(key)) + "; expected an integer >= " + min);
      }
      return (int) (long) v;
    }

    private static double number(Map<String, Object> m, String key, String what) {
      if (!(m.get(key) instanceof Number v) || !Double.isFinite(v.doubleValue())) {
        throw bad(what, "model.json '" + key + "' is " + Json.write(m.get(key)) + "; expected a finite number");
      }
      return v.doubleValue();
    }

    private static String string(Map<String, Object> m, String key, String what) {
      if (!(m.get(key) instanceof String s)) {
        throw bad(what, "model.json '" + key + "' is " + Json.write(m.get(key)) + "; expected a string");
      }
      return s;
    }

    private static double[] clamp(Object v, String what) {
      if (v == null) return null;
      if (v instanceof List<?> c && c.size() == 2 && c.get(0) instanceof Number lo && c.get(1) instanceof Number hi
          && lo.doubleValue() <= hi.doubleValue()) {
        return new double[] {lo.doubleValue(), hi.doubleValue()};
      }
      throw bad(what, "model.json 'clamp' is " + Json.write(v) + "; expected null or [min, max]");
    }

    private static IllegalArgumentException bad(String what, String detail) {
      return new IllegalArgumentException(what + " is not a valid model: " + detail);
    }
  }
}
