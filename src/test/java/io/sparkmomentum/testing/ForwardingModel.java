package io.sparkmomentum.testing;

import io.sparkmomentum.model.GradientBuffer;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ParameterLayout;
import io.sparkmomentum.model.RowSet;
import io.sparkmomentum.model.Selection;

/** A model that forwards everything to {@code delegate}; tests override the kernel to inject faults or delays. */
public abstract class ForwardingModel<D> implements Model<D> {
  private static final long serialVersionUID = 1L;
  protected final Model<D> delegate;

  protected ForwardingModel(Model<D> delegate) {
    this.delegate = delegate;
  }

  @Override
  public ParameterLayout layout() {
    return delegate.layout();
  }

  @Override
  public double addLossGradient(double[] params, D data, Selection selection, GradientBuffer grad) {
    return delegate.addLossGradient(params, data, selection, grad);
  }

  @Override
  public int numExamples(D data) {
    return delegate.numExamples(data);
  }

  @Override
  public void markRowsRead(D data, Selection selection, RowSet rows) {
    delegate.markRowsRead(data, selection, rows);
  }
}
