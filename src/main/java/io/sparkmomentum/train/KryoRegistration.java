package io.sparkmomentum.train;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers the classes that cross the wire with Kryo ({@code spark.kryo.registrator}). Records (which Kryo 4's
 * field serializer cannot build) go through their Java serialization form; everything else uses Kryo's fields.
 * Set by the CLI for every run, so a user who turns on Kryo does not break the trainer.
 */
public final class KryoRegistration implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    JavaSerializer java = new JavaSerializer();
    for (Class<?> c : new Class<?>[] {PartitionBlock.class, io.sparkmomentum.model.RatingColumns.class,
        MiniBatchPlan.class, io.sparkmomentum.model.ParameterLayout.Block.class,
        io.sparkmomentum.eval.RatingMetrics.Sums.class, RowBroadcast.Runs.class,
        io.sparkmomentum.data.source.RatingChunk.class, io.sparkmomentum.data.source.FeatureChunk.class,
        io.sparkmomentum.data.source.ReadReport.class, io.sparkmomentum.data.RatingPiece.class,
        io.sparkmomentum.data.RatingExamples.Built.class, io.sparkmomentum.data.RatingExamples.Stats.class,
        io.sparkmomentum.model.FeatureRows.class, io.sparkmomentum.data.FeatureExamples.Built.class,
        io.sparkmomentum.data.FeatureExamples.Stats.class,
        // its lookup map is transient and rebuilt by readObject: Kryo's field serializer would leave it empty
        io.sparkmomentum.data.IdIndex.class}) {
      kryo.register(c, java);
    }
    for (Class<?> c : io.sparkmomentum.data.RatingFeatures.wireClasses()) kryo.register(c, java);
    for (Class<?> c : io.sparkmomentum.rank.QueryBlocks.wireClasses()) kryo.register(c, java);
    kryo.register(GradientPiece.class);
    kryo.register(GradientAggregator.class);
    kryo.register(io.sparkmomentum.model.ParameterLayout.class, java);
    for (Class<?> model : new Class<?>[] {io.sparkmomentum.model.MatrixFactorization.class,
        io.sparkmomentum.model.LinearRegression.class, io.sparkmomentum.model.LogisticRegression.class,
        io.sparkmomentum.model.SoftmaxRegression.class, io.sparkmomentum.model.Mlp.class,
        io.sparkmomentum.model.FactorizationMachine.class}) {
      kryo.register(model, java);
    }
    kryo.register(int[].class);
    kryo.register(float[].class);
    kryo.register(double[].class);
    kryo.register(long[].class);
  }
}
