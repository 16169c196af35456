package io.sparkmomentum.data.source;

import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.ReaderOptions;
import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The user, item and rating columns of a columnar source, as found in its schema, with how to read each one from
 * Spark's internal rows.
 *
 * <p>Accepted types: ids are {@code string} or an integral type ({@code tinyint, smallint, int, bigint}, or
 * {@code decimal(p, 0)}); integral ids are rendered in decimal, so that {@code 196} in Parquet is the id
 * {@code "196"} of a TSV file. The rating is any numeric type ({@code tinyint} to {@code double}, {@code decimal}).
 *
 * @param user       the user column's name as in the schema
 * @param item       the item column's name
 * @param rating     the rating column's name
 * @param userType   how to read the user column
 * @param itemType   how to read the item column
 * @param ratingType how to read the rating column
 */
record ColumnarColumns(String user, String item, String rating, Kind userType, Kind itemType, Kind ratingType)
    implements Serializable {

  /** A column's physical type, with a decimal's precision and scale. */
  record Kind(Tag tag, int precision, int scale) implements Serializable {
    boolean integral() {
      return tag != Tag.STRING && tag != Tag.FLOAT && tag != Tag.DOUBLE && (tag != Tag.DECIMAL || scale == 0);
    }

    /** The value at {@code i} as a double (numeric kinds only). */
    double number(InternalRow r, int i) {
      return switch (tag) {
        case BYTE -> r.getByte(i);
        case SHORT -> r.getShort(i);
        case INT -> r.getInt(i);
        case LONG -> r.getLong(i);
        case FLOAT -> r.getFloat(i);
        case DOUBLE -> r.getDouble(i);
        case DECIMAL -> r.getDecimal(i, precision, scale).toDouble();
        case STRING -> throw new IllegalStateException("not numeric");
      };
    }

    /** The integral value at {@code i} (integral kinds only; a decimal(p, 0) beyond a long is rendered exactly). */
    long integer(InternalRow r, int i) {
      return switch (tag) {
        case BYTE -> r.getByte(i);
        case SHORT -> r.getShort(i);
        case INT -> r.getInt(i);
        case LONG -> r.getLong(i);
        default -> throw new IllegalStateException("not a small integral kind: " + tag);
      };
    }
  }

  enum Tag { STRING, BYTE, SHORT, INT, LONG, DECIMAL, FLOAT, DOUBLE }

  static final String ID_TYPES = "string, tinyint, smallint, int, bigint or decimal(p, 0)";
  static final String LABEL_TYPES = "a numeric type: tinyint, smallint, int, bigint, float, double or decimal";

  /**
   * Finds and type-checks the three columns of {@code options} in {@code schema}; throws a one-line
   * {@link BadInputException} naming {@code where}, the column and the columns present (or the type found and the
   * types accepted).
   */
  static ColumnarColumns check(StructType schema, ReaderOptions options, String where) {
    return check(schema, options, where, ColumnKeys.CONFIG);
  }

  /** As {@link #check(StructType, ReaderOptions, String)}, naming the columns' settings by {@code keys}. */
  static ColumnarColumns check(StructType schema, ReaderOptions options, String where, ColumnKeys keys) {
    StructField u = field(schema, options.userCol(), "user", keys.user(), where);
    StructField it = field(schema, options.itemCol(), "item", keys.item(), where);
    StructField r = field(schema, options.ratingCol(), "rating", keys.rating(), where);
    Kind uk = kind(u.dataType());
    Kind ik = kind(it.dataType());
    Kind rk = kind(r.dataType());
    idType(u, uk, "user", keys.user(), keys, where);
    idType(it, ik, "item", keys.item(), keys, where);
    if (rk == null || rk.tag() == Tag.STRING) {
      throw new BadInputException(where, 0, "column '" + r.name() + "' (" + keys.named("rating", keys.rating())
          + ") has type "
          + r.dataType().simpleString() + "; expected " + LABEL_TYPES, null);
    }
    return new ColumnarColumns(u.name(), it.name(), r.name(), uk, ik, rk);
  }

  private static void idType(StructField f, Kind k, String role, String key, ColumnKeys keys, String where) {
    if (k == null || !(k.tag() == Tag.STRING || k.integral())) {
      throw new BadInputException(where, 0, "column '" + f.name() + "' (" + keys.named(role + " id", key)
          + ") has type "
          + f.dataType().simpleString() + "; expected " + ID_TYPES, null);
    }
  }

  /** The field named {@code name}: exactly, else the one field equal ignoring case (as Spark resolves names). */
  private static StructField field(StructType schema, String name, String role, String key, String where) {
    StructField match = null;
    int folded = 0;
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) return f;
      if (f.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        match = f;
        folded++;
      }
    }
    if (folded == 1) return match;
    StringBuilder present = new StringBuilder();
    for (StructField f : schema.fields()) {
      present.append(present.length() == 0 ? "" : ", ").append(f.name()).append(' ')
          .append(f.dataType().simpleString());
    }
    throw new BadInputException(where, 0, "no column '" + name + "' (the " + role + " column, " + key
        + "); columns present: " + (present.length() == 0 ? "none" : present), null);
  }

  private static Kind kind(DataType t) {
    if (t instanceof StringType) return new Kind(Tag.STRING, 0, 0);
    if (t instanceof ByteType) return new Kind(Tag.BYTE, 0, 0);
    if (t instanceof ShortType) return new Kind(Tag.SHORT, 0, 0);
    if (t instanceof IntegerType) return new Kind(Tag.INT, 0, 0);
    if (t instanceof LongType) return new Kind(Tag.LONG, 0, 0);
    if (t instanceof FloatType) return new Kind(Tag.FLOAT, 0, 0);
    if (t instanceof DoubleType) return new Kind(Tag.DOUBLE, 0, 0);
    if (t instanceof DecimalType d) return new Kind(Tag.DECIMAL, d.precision(), d.scale());
    return null;
  }
}
