package io.sparkmomentum.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.ConfigException;
import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ials}: finite differences of the per-example term (with the rows contract), of the global all-pairs term
 * and of the whole round objective {@code (1/n) Σ ℓ + Ω}; Ω against the brute-force double sum over every pair;
 * the frequency-scaled L2 (Rendle et al. 2021) against its definition, by finite differences, and against the
 * per-example L2 it generalises; and the validation of {@code model.alpha0}, {@code model.regularization},
 * {@code model.regularization_exponent} and of {@code optimizer.sparse_update} with {@code ials}.
 */
class IalsGradientCheckTest {
  static final int USERS = ImplicitGradientCheckTest.USERS;
  static final int ITEMS = ImplicitGradientCheckTest.ITEMS;
  static final double H = 1e-6;

  @Test
  void exampleTermMatchesFiniteDifferences() {
    ImplicitGradientCheckTest.checkModel("ials", new IalsFactorization(USERS, ITEMS, 3, 0.07, 0.02, 0.3, 7));
    ImplicitGradientCheckTest.checkModel("ials no L2", new IalsFactorization(USERS, ITEMS, 2, 0, 0, 0.3, 7));
  }

  /** {@code (α0/N) Σ_{u,i} (p_u·q_i + b_i)²} by the double sum. */
  static double bruteForceOmega(IalsFactorization m, double[] w) {
    double s = 0;
    for (int u = 0; u < m.numUsers(); u++) {
      for (int i = 0; i < m.numItems(); i++) {
        double x = m.rankingScore(w, u, i);
        s += x * x;
      }
    }
    return m.alpha0() / m.count() * s;
  }

  @Test
  void globalTermIsTheAllPairsSumAndItsGradient() {
    IalsFactorization m = new IalsFactorization(USERS, ITEMS, 3, 0.07, 0.02, 0.4, 9);
    double[] w = GradientCheckTest.random(m.layout().size(), 11);
    double[] g = new double[w.length];
    double omega = m.addGlobalGradient(w, g);
    assertEquals(bruteForceOmega(m, w), omega, 1e-12 * Math.abs(omega), "the Gramian trick = the double sum");
    for (int j = 0; j < w.length; j++) {
      double keep = w[j];
      w[j] = keep + H;
      double up = bruteForceOmega(m, w);
      w[j] = keep - H;
      double down = bruteForceOmega(m, w);
      w[j] = keep;
      double fd = (up - down) / (2 * H);
      assertTrue(Math.abs(fd - g[j]) / Math.max(1, Math.abs(fd)) < 1e-6, "parameter " + j + ": analytic " + g[j]
          + " vs finite difference " + fd);
      assertTrue(g[j] != 0, "every parameter moves: " + j);
    }
    double[] again = new double[w.length];
    assertEquals(omega, m.addGlobalGradient(w, again), 0.0, "a pure function of w");
  }

  /** The objective of a round, {@code (1/n) Σ_{k in batch} ℓ_k + Ω}, as the trainer assembles it. */
  /** A round's analytic gradient at {@code w} against central finite differences of its objective; returns it. */
  static double[] checkRound(IalsFactorization m, double[] w, RatingColumns data, Selection sel, String what) {
    double[] g = new double[w.length];
    roundObjective(m, w, data, sel, g);
    for (int j = 0; j < w.length; j++) {
      double keep = w[j];
      w[j] = keep + H;
      double up = roundObjective(m, w, data, sel, null);
      w[j] = keep - H;
      double down = roundObjective(m, w, data, sel, null);
      w[j] = keep;
      double fd = (up - down) / (2 * H);
      assertTrue(Math.abs(fd - g[j]) / Math.max(1, Math.abs(fd)) < 1e-6, what + ", parameter " + j + ": analytic "
          + g[j] + " vs finite difference " + fd);
    }
    return g;
  }

  static double roundObjective(IalsFactorization m, double[] w, RatingColumns data, Selection sel, double[] grad) {
    GradientBuffer gb = new GradientBuffer(m.layout());
    double loss = m.addLossGradient(w, data, sel, gb) / sel.size();
    if (grad != null) for (int j = 0; j < w.length; j++) grad[j] = gb.values()[j] / sel.size();
    return loss + m.addGlobalGradient(w, grad == null ? new double[w.length] : grad);
  }

  @Test
  void roundObjectiveMatchesFiniteDifferences() {
    for (boolean weighted : new boolean[] {false, true}) {
      RatingColumns data = ImplicitGradientCheckTest.events(weighted);
      IalsFactorization m = new IalsFactorization(USERS, ITEMS, 3, 0.05, 0.01, 0.2, data.size());
      for (Selection sel : ImplicitGradientCheckTest.selections(data.size())) {
        double[] w = GradientCheckTest.random(m.layout().size(), 13);
        checkRound(m, w, data, sel, weighted ? "weighted" : "unweighted");
      }
    }
  }

  /** Row scales multiply each row's gradient (example and all-pairs terms) and leave the loss as it is. */
  @Test
  void rowScalesRescaleEachRowOfTheGradient() {
    RatingColumns data = ImplicitGradientCheckTest.events(true);
    IalsFactorization plain = new IalsFactorization(USERS, ITEMS, 3, 0.05, 0.01, 0.2, data.size());
    int[] nu = {2, 1, 1, 1, 2};
    int[] ni = {1, 2, 1, 2, 0, 1};
    IalsFactorization scaled = plain.withRowScales(nu, ni, 1);
    double[] w = GradientCheckTest.random(plain.layout().size(), 17);
    Selection sel = Selection.all(data.size()).withRandom(1, 2, 0);
    double[] gp = new double[w.length];
    double[] gs = new double[w.length];
    assertEquals(roundObjective(plain, w, data, sel, gp), roundObjective(scaled, w, data, sel, gs), 0.0,
        "the same objective");
    for (int u = 0; u < USERS; u++) {
      double want = data.size() / (nu[u] + 0.2 * ITEMS);
      assertEquals(want, scaled.userScale(u), 1e-15);
      for (int t = 0; t < 3; t++) {
        int j = plain.userOffset(u) + t;
        assertEquals(want * gp[j], gs[j], 1e-12 * Math.max(1, Math.abs(gs[j])), "user " + u);
      }
    }
    for (int i = 0; i < ITEMS; i++) {
      double want = data.size() / (ni[i] + 0.2 * USERS);
      for (int j : new int[] {plain.itemOffset(i), plain.itemOffset(i) + 2, plain.itemBiasOffset(i)}) {
        assertEquals(want * gp[j], gs[j], 1e-12 * Math.max(1, Math.abs(gs[j])), "item " + i);
      }
    }
    GradientCheckTest.checkRows("ials row-scaled", scaled, w, data, sel); // touches and marks as the plain one
  }

  @Test
  void noGlobalTermAtAlphaZero() {
    IalsFactorization m = new IalsFactorization(USERS, ITEMS, 2, 0.1, 0, 0, 5);
    assertFalse(m.hasGlobalTerm());
    double[] g = new double[m.layout().size()];
    assertEquals(0.0, m.addGlobalGradient(GradientCheckTest.random(g.length, 1), g));
    assertTrue(java.util.Arrays.stream(g).allMatch(v -> v == 0));
    assertTrue(new IalsFactorization(USERS, ITEMS, 2, 0.1, 0, 1e-9, 5).hasGlobalTerm());
  }

  @Test
  void specBuildsIalsWithTheSchemasCount() {
    ModelSpec<?> spec = ModelRegistry.spec("ials");
    ModelConfig c = load("model.type=ials", "model.alpha0=0.25", "model.rank=4").model();
    DataSchema s = DataSchema.ratings(123, USERS, ITEMS, 1, 1, 1);
    @SuppressWarnings("unchecked")
    Model<RatingColumns> m = ((ModelSpec<RatingColumns>) spec).build(c, s);
    IalsFactorization ials = (IalsFactorization) m;
    assertEquals(0.25, ials.alpha0());
    assertEquals(123, ials.count());
    assertEquals(4, ials.rank());
    assertEquals(0.25, ((ModelSpec<RatingColumns>) spec).metadata(m, c, s).get("alpha0"));
    assertEquals(ModelConfig.DEFAULT_ALPHA0, load().model().alpha0(), "defaults.conf and the constant agree");
  }

  static io.sparkmomentum.config.RunConfig load(String... sets) {
    List<String> all = new ArrayList<>(List.of("data.train=ratings.tsv"));
    all.addAll(List.of(sets));
    return ConfigLoader.load(null, all);
  }

  @Test
  void badSettingsFailNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("model.type=ials", "model.alpha0=-0.1"));
    assertEquals("model.alpha0", e.key());
    assertTrue(e.getMessage().contains("[0.0, 1000000.0]"), e.getMessage());
    assertEquals("model.alpha0", assertThrows(ConfigException.class,
        () -> load("model.type=ials", "model.alpha0=2e6")).key());
    assertEquals("model.alpha0", assertThrows(ConfigException.class,
        () -> new IalsFactorization(3, 3, 2, 0, 0, Double.NaN, 1)).key());
    assertEquals("model.lambda", assertThrows(ConfigException.class,
        () -> new IalsFactorization(3, 3, 2, -1, 0, 0.1, 1)).key());
    assertEquals("model.rank", assertThrows(ConfigException.class,
        () -> new IalsFactorization(3, 3, 0, 0, 0, 0.1, 1)).key());
    for (String mode : new String[] {"exact", "lazy"}) {
      ConfigException s = assertThrows(ConfigException.class,
          () -> load("model.type=ials", "optimizer.sparse_update=" + mode));
      assertEquals("optimizer.sparse_update", s.key());
      assertTrue(s.getMessage().contains("dense with model.type = ials"), s.getMessage());
    }
    assertEquals("ials", load("model.type=ials").model().type(), "dense is the default");
  }

  /** The row counts of {@link ImplicitGradientCheckTest#events}: examples per user and per item. */
  static final int[] USER_COUNTS = {2, 1, 1, 1, 2};
  static final int[] ITEM_COUNTS = {1, 2, 1, 2, 0, 1};

  /**
   * The frequency-scaled L2 by its definition, {@code (1/N)(λ/2 Σ_u (n_u + α0·I)^ν ‖p_u‖² + Σ_i (n_i + α0·U)^ν
   * (λ/2 ‖q_i‖² + λ_b/2 b_i²))}, from the factor views, not the model's weights.
   */
  static double bruteForceFrequencyL2(IalsFactorization m, double[] w, int[] nu, int[] ni, double exponent) {
    double s = 0;
    for (int u = 0; u < m.numUsers(); u++) {
      double pp = 0;
      for (int t = 0; t < m.rank(); t++) pp += w[m.userOffset(u) + t] * w[m.userOffset(u) + t];
      s += Math.pow(nu[u] + m.alpha0() * m.numItems(), exponent) * m.lambda() / 2 * pp;
    }
    for (int i = 0; i < m.numItems(); i++) {
      double qq = 0;
      for (int t = 0; t < m.rank(); t++) qq += w[m.itemOffset(i) + t] * w[m.itemOffset(i) + t];
      double b = w[m.itemBiasOffset(i)];
      s += Math.pow(ni[i] + m.alpha0() * m.numUsers(), exponent) * (m.lambda() / 2 * qq + m.lambdaBias() / 2 * b * b);
    }
    return s / m.count();
  }

  @Test
  void frequencyL2IsItsDefinitionAndTheRoundObjectiveMatchesFiniteDifferences() {
    for (boolean weighted : new boolean[] {false, true}) {
      RatingColumns data = ImplicitGradientCheckTest.events(weighted);
      for (double exponent : new double[] {1, 0.5, 0}) {
        for (double alpha0 : new double[] {0.2, 0}) {
          IalsFactorization plain = new IalsFactorization(USERS, ITEMS, 3, 0.05, 0.01, alpha0, data.size());
          IalsFactorization m = plain.withFrequencyRegularization(USER_COUNTS, ITEM_COUNTS, exponent);
          assertTrue(m.frequencyRegularized() && m.hasGlobalTerm());
          assertEquals(exponent, m.regularizationExponent());
          double[] w = GradientCheckTest.random(m.layout().size(), 19);
          double[] g = new double[w.length];
          double want = bruteForceOmega(m, w) + bruteForceFrequencyL2(m, w, USER_COUNTS, ITEM_COUNTS, exponent);
          assertEquals(want, m.addGlobalGradient(w, g), 1e-12 * want, "the global term: all pairs + frequency L2");
          for (Selection sel : ImplicitGradientCheckTest.selections(data.size())) {
            String what = (weighted ? "weighted" : "unweighted") + " ν " + exponent + " α0 " + alpha0;
            g = checkRound(m, w, data, sel, what);
            for (int j = 0; j < w.length; j++) {
              // an item without examples is still shrunk by its all-pairs weight, and only then
              if (alpha0 > 0 || exponent == 0) assertTrue(g[j] != 0, what + " parameter " + j + " moves");
            }
            GradientCheckTest.checkRows("ials frequency", m, w, data, sel); // the example term touches as before
          }
        }
      }
    }
  }

  /**
   * With unit labels, no all-pairs term and ν = 1, the frequency L2 is the per-example L2 summed over the full batch:
   * the same objective and gradient (up to summation order).
   */
  @Test
  void frequencyL2AtNuOneWithoutAllPairsIsThePerExampleL2() {
    RatingColumns ones = new RatingColumns(new int[] {0, 1, 4, 4, 2, 0, 3}, new int[] {0, 3, 1, 1, 5, 3, 2},
        new float[] {1, 1, 1, 1, 1, 1, 1}, null);
    IalsFactorization occurrence = new IalsFactorization(USERS, ITEMS, 3, 0.07, 0.03, 0, ones.size());
    IalsFactorization frequency = occurrence.withFrequencyRegularization(USER_COUNTS, ITEM_COUNTS, 1);
    assertFalse(occurrence.hasGlobalTerm());
    Selection all = Selection.all(ones.size()).withRandom(1, 2, 0);
    double[] w = GradientCheckTest.random(occurrence.layout().size(), 23);
    double[] go = new double[w.length];
    double[] gf = new double[w.length];
    double lo = roundObjective(occurrence, w, ones, all, go);
    double lf = roundObjective(frequency, w, ones, all, gf);
    assertEquals(lo, lf, 1e-13 * lo);
    for (int j = 0; j < w.length; j++) assertEquals(go[j], gf[j], 1e-13, "parameter " + j);
  }

  /** Row scales multiply the frequency L2's gradient too, whichever of the two is applied first. */
  @Test
  void rowScalesRescaleTheFrequencyL2() {
    RatingColumns data = ImplicitGradientCheckTest.events(true);
    IalsFactorization plain = new IalsFactorization(USERS, ITEMS, 3, 0.05, 0.01, 0.2, data.size())
        .withFrequencyRegularization(USER_COUNTS, ITEM_COUNTS, 1);
    IalsFactorization scaled = plain.withRowScales(USER_COUNTS, ITEM_COUNTS, 1);
    IalsFactorization other = new IalsFactorization(USERS, ITEMS, 3, 0.05, 0.01, 0.2, data.size())
        .withRowScales(USER_COUNTS, ITEM_COUNTS, 1).withFrequencyRegularization(USER_COUNTS, ITEM_COUNTS, 1);
    double[] w = GradientCheckTest.random(plain.layout().size(), 29);
    Selection sel = Selection.all(data.size()).withRandom(1, 2, 0);
    double[] gp = new double[w.length];
    double[] gs = new double[w.length];
    double[] go = new double[w.length];
    double loss = roundObjective(plain, w, data, sel, gp);
    assertEquals(loss, roundObjective(scaled, w, data, sel, gs), 0.0, "the same objective");
    assertEquals(loss, roundObjective(other, w, data, sel, go), 0.0, "in either order");
    assertTrue(java.util.Arrays.equals(gs, go), "in either order, bit for bit");
    for (int u = 0; u < USERS; u++) {
      for (int t = 0; t < 3; t++) {
        int j = plain.userOffset(u) + t;
        assertEquals(scaled.userScale(u) * gp[j], gs[j], 1e-12 * Math.max(1, Math.abs(gs[j])), "user " + u);
      }
    }
    for (int i = 0; i < ITEMS; i++) {
      for (int j : new int[] {plain.itemOffset(i), plain.itemBiasOffset(i)}) {
        assertEquals(scaled.itemScale(i) * gp[j], gs[j], 1e-12 * Math.max(1, Math.abs(gs[j])), "item " + i);
      }
    }
  }

  @Test
  void specBuildsTheFrequencyL2FromTheSchemasCounts() {
    @SuppressWarnings("unchecked")
    ModelSpec<RatingColumns> spec = (ModelSpec<RatingColumns>) ModelRegistry.spec("ials");
    DataSchema s = DataSchema.ratings(7, 1, 1, 1, USER_COUNTS, ITEM_COUNTS);
    ModelConfig c = load("model.type=ials", "model.alpha0=0.25", "model.rank=4", "model.regularization=frequency",
        "model.regularization_exponent=0.5", "model.gradient_scale=row").model();
    assertTrue(c.frequencyRegularized());
    IalsFactorization m = (IalsFactorization) spec.build(c, s);
    assertTrue(m.frequencyRegularized() && m.rowScaled());
    for (int u = 0; u < USERS; u++) assertEquals(Math.sqrt(USER_COUNTS[u] + 0.25 * ITEMS), m.userRegWeight(u), 1e-15);
    for (int i = 0; i < ITEMS; i++) assertEquals(Math.sqrt(ITEM_COUNTS[i] + 0.25 * USERS), m.itemRegWeight(i), 1e-15);
    Map<String, Object> meta = spec.metadata(m, c, s);
    assertEquals("frequency", meta.get("regularization"));
    assertEquals(0.5, meta.get("regularization_exponent"));
    ModelConfig d = load("model.type=ials").model();
    assertEquals("occurrence", d.regularization(), "auto is the per-example L2 for ials");
    assertFalse(((IalsFactorization) spec.build(d, s)).frequencyRegularized());
    assertEquals(ModelConfig.DEFAULT_REGULARIZATION_EXPONENT, d.regularizationExponent(), "defaults.conf agrees");
    assertEquals("occurrence", load("model.type=bpr").model().regularization());
    assertEquals("batch", load("model.type=fm").model().regularization(), "fm's default is unchanged");
    assertEquals("batch", load().model().regularization());
    assertEquals("occurrence", load("model.type=fm", "model.regularization=occurrence").model().regularization());
  }

  @Test
  void badRegularizationSettingsFailNamingTheKey() {
    String[][] bad = {
        {"model.type=ials", "model.regularization=batch"},
        {"model.type=ials", "model.regularization=rows"},
        {"model.type=bpr", "model.regularization=frequency"},
        {"model.type=sampled_softmax", "model.regularization=batch"},
        {"model.type=fm", "model.regularization=frequency"},
        {"model.type=mf", "model.regularization=frequency"}};
    for (String[] sets : bad) {
      ConfigException e = assertThrows(ConfigException.class, () -> load(sets), String.join(" ", sets));
      assertEquals("model.regularization", e.key());
      assertTrue(e.getMessage().contains(sets[1].substring(sets[1].indexOf('=') + 1)), e.getMessage());
    }
    assertTrue(assertThrows(ConfigException.class, () -> load(bad[0])).getMessage()
        .contains("occurrence or frequency with model.type = ials"));
    for (String nu : new String[] {"-0.1", "1.5", "NaN"}) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> load("model.type=ials", "model.regularization=frequency", "model.regularization_exponent=" + nu));
      assertEquals("model.regularization_exponent", e.key());
      assertTrue(e.getMessage().contains("[0.0, 1.0]"), e.getMessage());
    }
    assertEquals("model.regularization_exponent", assertThrows(ConfigException.class,
        () -> new IalsFactorization(3, 3, 2, 0.1, 0, 0.1, 1).withFrequencyRegularization(new int[3], new int[3], 2))
        .key());
  }
}
