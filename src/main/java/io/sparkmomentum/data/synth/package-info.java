/**
 * Realistic synthetic ratings for the {@code generate} command and the scale benchmark: Zipf-like user activity and
 * item popularity ({@link io.sparkmomentum.data.synth.ZipfCounts}, {@link io.sparkmomentum.data.synth.AliasTable}),
 * biases and a planted low-rank signal at a chosen signal-to-noise ratio, explicit or implicit
 * ({@link io.sparkmomentum.data.synth.RealisticRatings}), generated user by user in bounded memory; and the
 * exponent's maximum-likelihood fit ({@link io.sparkmomentum.data.synth.ZipfFit}). No Spark.
 */
package io.sparkmomentum.data.synth;
