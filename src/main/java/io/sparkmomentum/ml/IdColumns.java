package io.sparkmomentum.ml;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of the DataFrames the estimators and models read: which types they accept (ids, numbers, vectors),
 * and the ids as the keys a {@link MomentumMFModel} knows them by.
 *
 * <p>Ids are a string or an integral column ({@code tinyint} to {@code bigint}, {@code decimal(p, 0)}), as in the
 * CLI's Parquet input, or a {@code float}/{@code double} column of whole numbers: what {@code StringIndexer} writes
 * (ALS accepts it too). A whole-number double is read as the integer it holds, so {@code 5.0} is the id {@code 5};
 * at fit, a fractional or non-finite one fails naming the column and the value. The rating is any numeric column.
 */
final class IdColumns {
  /** The id types, for messages. */
  static final String ID_TYPES = "string, tinyint, smallint, int, bigint, decimal(p, 0), or float/double holding "
      + "whole numbers";
  private static final double LARGEST_EXACT = 9007199254740992d; // 2^53: every whole double up to it is exact

  private IdColumns() {}

  /**
   * The field {@code param} names, checked to be an id column; throws an {@link IllegalArgumentException} naming the
   * param, the column and what is accepted.
   */
  static StructField requireId(String owner, StructType schema, String param, String column) {
    StructField f = field(owner, schema, param, column);
    if (!isIdType(f.dataType())) {
      throw new IllegalArgumentException(owner + ": " + param + " '" + column + "' has type "
          + f.dataType().simpleString() + "; expected " + ID_TYPES);
    }
    return f;
  }

  /** The field {@code param} names, checked to be numeric. */
  static StructField requireNumeric(String owner, StructType schema, String param, String column) {
    StructField f = field(owner, schema, param, column);
    if (!(f.dataType() instanceof NumericType)) {
      throw new IllegalArgumentException(owner + ": " + param + " '" + column + "' has type "
          + f.dataType().simpleString() + "; expected a numeric type (tinyint to double, or decimal)");
    }
    return f;
  }

  /** The field {@code param} names, checked to be a Spark ML vector column. */
  static StructField requireVector(String owner, StructType schema, String param, String column) {
    StructField f = field(owner, schema, param, column);
    if (!f.dataType().equals(org.apache.spark.ml.linalg.SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException(owner + ": " + param + " '" + column + "' has type "
          + f.dataType().simpleString() + "; expected a vector (org.apache.spark.ml.linalg.Vector, e.g. from "
          + "VectorAssembler or the libsvm data source)");
    }
    return f;
  }

  private static StructField field(String owner, StructType schema, String param, String column) {
    for (StructField f : schema.fields()) if (f.name().equals(column)) return f;
    String present = Arrays.stream(schema.fields()).map(f -> f.name() + " " + f.dataType().simpleString())
        .collect(Collectors.joining(", "));
    throw new IllegalArgumentException(owner + ": " + param + " '" + column + "' is not a column of the dataset; "
        + "columns present: " + (present.isEmpty() ? "none" : present));
  }

  static boolean isIdType(DataType t) {
    return t instanceof StringType || t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType
        || t instanceof LongType || (t instanceof DecimalType d && d.scale() == 0) || isFloating(t);
  }

  private static boolean isFloating(DataType t) {
    return t instanceof FloatType || t instanceof DoubleType;
  }

  /**
   * The column as the data layer reads ids (strings or integers): a floating column of whole numbers becomes
   * {@code bigint}; any other value fails the job with a message naming the param, the column and the value. Nulls
   * stay null (the reader refuses them, naming the column and the row).
   */
  static Column forFit(Column c, DataType t, String param, String column) {
    if (!isFloating(t)) return c;
    Column bad = raise_error(concat(lit("MomentumMF: " + param + " '" + column + "' holds "), c.cast("string"),
        lit("; expected whole-number ids (a StringIndexer's output, say)")));
    return when(c.isNull(), lit(null).cast(DataTypes.LongType))
        .when(c.equalTo(floor(c)).and(abs(c).leq(LARGEST_EXACT)), c.cast(DataTypes.LongType))
        .otherwise(bad.cast(DataTypes.LongType));
  }

  /**
   * The id as the model's key, a string (null when it cannot be one of the model's ids: null, or a fractional
   * number): integral ids in decimal, whole floating ids as the integer they hold, strings as they are (the scorer
   * trims them as the reader does).
   */
  static Column key(Column c, DataType t) {
    if (isFloating(t)) {
      return when(c.equalTo(floor(c)).and(abs(c).leq(LARGEST_EXACT)), c.cast(DataTypes.LongType).cast("string"));
    }
    return c.cast("string");
  }

  /** The cold-start strategies, lower case. */
  static String coldStart(String owner, String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (!v.equals("nan") && !v.equals("drop") && !v.equals("mean")) {
      throw new IllegalArgumentException(owner + ": param coldStartStrategy = \"" + value + "\": expected nan, drop "
          + "or mean");
    }
    return v;
  }
}
