package io.sparkmomentum.data;

import java.io.Serializable;

/**
 * Which slice of the training input a record falls in: one seeded hash {@code h ∈ [0, 1)} of (seed, raw user, raw
 * item, label) per record, cut into three intervals,
 * <pre>  test: h &lt; test    validation: h ≥ 1 − validation    training: the rest</pre>
 * so the slices are disjoint, a function of the record alone (not of the input's order, format or splitting), and the
 * test slice is the one {@code data.test_fraction} always held out.
 *
 * @param test fraction held out as the test set ({@code data.test_fraction}; 0 with a test file)
 * @param validation fraction held out to validate on ({@code data.validation_fraction})
 */
public record Holdout(double test, double validation, long seed) implements Serializable {

  /** Nothing held out. */
  public static final Holdout NONE = new Holdout(0, 0, 0);

  public Holdout {
    if (!(test >= 0 && validation >= 0 && test + validation < 1)) {
      throw new IllegalArgumentException("held-out fractions " + test + " + " + validation + " must be in [0, 1)");
    }
  }

  /** The slices of the input. */
  public enum Slice { TRAIN, VALIDATION, TEST }

  /** The parts a pass over the input takes. */
  public enum Part {
    /** Every record. */
    ALL,
    /** The training slice. */
    TRAIN,
    /** The test slice. */
    TEST,
    /** The validation slice. */
    VALIDATION,
    /** Training and validation slices: what a model is refitted on once its settings are chosen. */
    FIT;

    boolean takes(Slice s) {
      return switch (this) {
        case ALL -> true;
        case TRAIN -> s == Slice.TRAIN;
        case TEST -> s == Slice.TEST;
        case VALIDATION -> s == Slice.VALIDATION;
        case FIT -> s != Slice.TEST;
      };
    }
  }

  public boolean holdsOut() {
    return test > 0 || validation > 0;
  }

  /** The slice of one record. */
  public Slice slice(String user, String item, float label) {
    if (!holdsOut()) return Slice.TRAIN;
    long h = ExampleHash.mix64(seed ^ 0x5851f42d4c957f2dL);
    h = ExampleHash.mix64(h + user.hashCode());
    h = ExampleHash.mix64(h + item.hashCode());
    h = ExampleHash.mix64(h + Float.floatToIntBits(label));
    double u = ExampleHash.unit(h);
    if (u < test) return Slice.TEST;
    return u >= 1 - validation ? Slice.VALIDATION : Slice.TRAIN;
  }

  /** Whether {@code part} takes the record. */
  public boolean takes(Part part, String user, String item, float label) {
    return part == Part.ALL || part.takes(slice(user, item, label));
  }
}
