/**
 * Safe, versioned, checksummed files on any Hadoop path (local, {@code file:}, {@code hdfs:}, ...), through Hadoop's
 * {@code FileSystem} only; no Java serialization.
 *
 * <ul>
 *   <li>{@link io.sparkmomentum.io.ArrayBundle}: a directory of {@code bundle.json} (kind, format version, JSON
 *       metadata, and per array its type, length and CRC-32C) plus one raw little-endian file per array. The format
 *       is specified in its class comment.
 *   <li>{@link io.sparkmomentum.io.AtomicDirectory}: write into {@code .NAME.tmp-HEX16}, then rename to NAME.
 *   <li>{@link io.sparkmomentum.io.CheckpointStore}: {@code RUN_DIR/checkpoints/ckpt-ROUND} bundles, keeping the last
 *       N, resuming from the newest valid one.
 *   <li>{@link io.sparkmomentum.io.MetricsLog}: {@code metrics.jsonl}, one JSON object per line, hflushed per line.
 *   <li>{@link io.sparkmomentum.io.Json}: the Jackson settings used for all of the above.
 * </ul>
 *
 * <p>For {@code file:} paths the raw local file system is used, so no {@code .crc} side files appear; integrity comes
 * from the formats' own checksums.
 */
package io.sparkmomentum.io;
