package io.sparkmomentum.model;

import io.sparkmomentum.config.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code model.type = bpr} ({@link BprFactorization}), {@code sampled_softmax} ({@link
 * SampledSoftmaxFactorization}) and {@code ials} ({@link IalsFactorization}): factor models of implicit feedback on
 * (user, item) events (a rating's label is the event's count, 1 for the positives of {@code
 * data.positive_threshold}). Keys: {@code model.rank}, {@code model.lambda} (factors), {@code model.lambda_bias}
 * (item biases), {@code model.init_std}; {@code model.negatives} (the sampled losses), {@code model.alpha0},
 * {@code model.regularization} and {@code model.regularization_exponent} ({@code ials}).
 * Their held-out metric during training is a sampled AUC ({@link SampledAuc}); the ranking metrics of the
 * protocol (all items ranked, training positives excluded) need the training data and are computed after training.
 */
public final class ImplicitSpec implements ModelSpec<RatingColumns> {
  private static final long serialVersionUID = 1L;

  /** The loss, with its {@code model.type} and its default number of negatives. */
  public enum Loss {
    BPR("bpr", 1),
    SAMPLED_SOFTMAX("sampled_softmax", 32),
    /** Draws no negatives: every unobserved pair enters through the all-pairs term. */
    IALS("ials", 0);

    private final String type;
    private final int defaultNegatives;

    Loss(String type, int defaultNegatives) {
      this.type = type;
      this.defaultNegatives = defaultNegatives;
    }

    /** Its {@code model.type}. */
    public String type() {
      return type;
    }
  }

  /**
   * The loss of implicit feedback when none is named ({@code MomentumMF.setImplicitPrefs(true)}): BPR, which beat
   * sampled softmax on ML-100K's validation slice (README, "Loss chosen by measurement"). {@code ials} beat BPR there
   * too and is the CLI configs' loss, but it trains with row-scaled steps at its own rate, which {@code MomentumMF}'s
   * params do not set yet; once they do, switching is this line.
   */
  public static final Loss DEFAULT_LOSS = Loss.BPR;

  private final Loss loss;

  public ImplicitSpec(Loss loss) {
    this.loss = loss;
  }

  @Override
  public String type() {
    return loss.type;
  }

  @Override
  public Examples examples() {
    return Examples.RATINGS;
  }

  /** {@code model.negatives}, or the loss's default when it is 0. */
  public int negatives(ModelConfig c) {
    return c.negatives() > 0 ? c.negatives() : loss.defaultNegatives;
  }

  @Override
  public Model<RatingColumns> build(ModelConfig c, DataSchema s) {
    return switch (loss) {
      case BPR -> new BprFactorization(s.numUsers(), s.numItems(), c.rank(), c.lambda(), c.lambdaBias(), negatives(c));
      case SAMPLED_SOFTMAX -> new SampledSoftmaxFactorization(s.numUsers(), s.numItems(), c.rank(), c.lambda(),
          c.lambdaBias(), negatives(c));
      case IALS -> ials(c, s);
    };
  }

  /**
   * {@code ials}, with row-scaled steps when {@code model.gradient_scale = row} and the frequency-scaled L2 when
   * {@code model.regularization = frequency}.
   */
  private static IalsFactorization ials(ModelConfig c, DataSchema s) {
    IalsFactorization m = new IalsFactorization(s.numUsers(), s.numItems(), c.rank(), c.lambda(), c.lambdaBias(),
        c.alpha0(), s.count());
    if (c.frequencyRegularized()) {
      if (s.userCounts() == null) {
        throw new IllegalArgumentException("model.regularization = frequency needs the training data's row counts");
      }
      m = m.withFrequencyRegularization(s.userCounts(), s.itemCounts(), c.regularizationExponent());
    }
    if (!c.rowScaled()) return m;
    if (s.userCounts() == null) {
      throw new IllegalArgumentException("model.gradient_scale = row needs the training data's row counts");
    }
    return m.withRowScales(s.userCounts(), s.itemCounts(), c.rowCountFloor());
  }

  /** The parameter layout and scoring of a model this spec built. */
  public static ItemFactors factors(Model<RatingColumns> model) {
    if (model instanceof ItemFactorModel m) return m.factors();
    throw new IllegalArgumentException("not an implicit model: " + model.getClass().getName());
  }

  @Override
  public double[] initialParameters(Model<RatingColumns> model, ModelConfig c, DataSchema s, long seed) {
    return factors(model).initialParameters(c.initStd(), seed);
  }

  @Override
  public BlockMetrics<RatingColumns> metrics(Model<RatingColumns> model, ModelConfig c, DataSchema s) {
    return new SampledAuc(factors(model), SampledAuc.DEFAULT_NEGATIVES);
  }

  @Override
  public Map<String, Object> metadata(Model<RatingColumns> model, ModelConfig c, DataSchema s) {
    ItemFactors f = factors(model);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_type", loss.type);
    m.put("num_users", f.numUsers());
    m.put("num_items", f.numItems());
    m.put("rank", f.rank());
    m.put("lambda", c.lambda());
    m.put("lambda_bias", c.lambdaBias());
    if (loss == Loss.IALS) {
      m.put("alpha0", c.alpha0());
      m.put("count", ((IalsFactorization) model).count());
      m.put("gradient_scale", c.gradientScale());
      m.put("regularization", c.regularization());
      if (c.frequencyRegularized()) m.put("regularization_exponent", c.regularizationExponent());
    } else {
      m.put("negatives", negatives(c));
    }
    return m;
  }
}
