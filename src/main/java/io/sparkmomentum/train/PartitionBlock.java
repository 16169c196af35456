package io.sparkmomentum.train;

import java.io.Serializable;

/**
 * The training data of one Spark partition, cached once as primitive columns, tagged with its partition index so
 * that its gradient has a fixed place in the aggregation tree.
 */
public record PartitionBlock<D>(int partition, D data) implements Serializable {}
