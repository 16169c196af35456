package io.sparkmomentum.data.source;

import io.sparkmomentum.data.RatingsFormat;
import java.util.Locale;

/** Every value of {@code data.format}: what a source holds and how it is read on the executors. */
public enum SourceFormat {
  /** {@code user<TAB>item<TAB>rating[<TAB>ts]}, no header (ML-100K). */
  TSV(Kind.RATINGS),
  /** {@code user::item::rating[::ts]}, no header (ML-1M/10M). */
  DAT(Kind.RATINGS),
  /** Delimited text with a header row; columns by name. */
  CSV(Kind.RATINGS),
  /** Apache Parquet files or a directory of them, read through {@code spark.read}; columns by name. */
  PARQUET(Kind.RATINGS),
  /** Apache ORC, as Parquet. */
  ORC(Kind.RATINGS),
  /** A Spark catalog table named by the path key; columns by name. */
  TABLE(Kind.RATINGS),
  /** {@code label idx:value ...} with 1-based increasing indices (LIBSVM / SVMlight). */
  LIBSVM(Kind.FEATURES),
  /** IDX images ({@code idx3-ubyte}) with an IDX label file ({@code idx1-ubyte}), plain or {@code .gz}. */
  IDX(Kind.FEATURES);

  /** Whether the source holds (user, item, label) records or feature rows. */
  public enum Kind { RATINGS, FEATURES }

  private final Kind kind;

  SourceFormat(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The line-oriented rating formats that {@code RatingsReader} also reads on the driver. */
  public boolean isRatingText() {
    return this == TSV || this == DAT || this == CSV;
  }

  /** The text format for {@link io.sparkmomentum.data.ReaderOptions} (CSV for the columnar ones: named columns). */
  public RatingsFormat ratingsFormat() {
    return switch (this) {
      case TSV -> RatingsFormat.TSV;
      case DAT -> RatingsFormat.DAT;
      default -> RatingsFormat.CSV;
    };
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code data.format}; null when unknown. */
  public static SourceFormat parseOrNull(String s) {
    if (s == null) return null;
    for (SourceFormat f : values()) if (f.id().equals(s.trim().toLowerCase(Locale.ROOT))) return f;
    return null;
  }

  /** The accepted names, for messages. */
  public static String names() {
    StringBuilder sb = new StringBuilder();
    for (SourceFormat f : values()) sb.append(sb.length() == 0 ? "" : ", ").append(f.id());
    return sb.toString();
  }
}
