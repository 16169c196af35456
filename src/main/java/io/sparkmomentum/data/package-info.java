/**
 * Driver-side ratings readers (TSV, DAT, CSV) with strict, clearly reported bad-input handling,
 * dense id indexing ({@link io.sparkmomentum.data.IdIndex}), a columnar primitive container
 * ({@link io.sparkmomentum.data.Ratings}) and seeded splits ({@link io.sparkmomentum.data.Splits}).
 *
 * <p>Files are read through Hadoop's {@code FileSystem} API (local, {@code file:}, {@code hdfs:} paths),
 * streamed line by line so that every error names the file and the 1-based line number.
 * This package does not use Spark.
 */
package io.sparkmomentum.data;
