package io.sparkmomentum.tune;

import io.sparkmomentum.config.ConfigLoader;
import io.sparkmomentum.config.RunConfig;
import io.sparkmomentum.data.TrainingRatings;
import io.sparkmomentum.eval.Evaluation;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.MetricsLog;
import io.sparkmomentum.model.BlockMetrics;
import io.sparkmomentum.model.DataSchema;
import io.sparkmomentum.model.Model;
import io.sparkmomentum.model.ModelRegistry;
import io.sparkmomentum.model.ModelSpec;
import io.sparkmomentum.model.RatingColumns;
import io.sparkmomentum.train.MetricsListener;
import io.sparkmomentum.train.StopReason;
import io.sparkmomentum.train.Trainer;
import io.sparkmomentum.train.TrainerState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zero-config training for {@code mf} ({@code optimizer.lr = auto}): chooses the settings the user left unset by
 * successive halving ({@link SuccessiveHalving}) on the validation slice of the training data, never the test set.
 *
 * <p><b>The learning rate.</b> Full-batch steps on the mean loss move a row by {@code lr·n_r/N} times its own mean
 * gradient (n_r of the N training ratings are the row's): the stable rate is set by the heaviest row
 * ({@code lr·n_max/N} below about 1.36 for Nesterov momentum 0.9), so a rate tuned on one data set diverges on a
 * denser one (ML-100K's lr 160 diverges on ml-latest-small, whose heaviest user has 2,182 of 80,695 ratings). The
 * search trains with row-scaled steps instead ({@code model.gradient_scale = row}, {@code row_count_floor = 500},
 * {@code lr = 1}): a row with more than 500 ratings steps on its own mean gradient (stable at rate 1 on any data),
 * a lighter row takes the per-rating step 1/500 = 0.002 — the step ML-100K's tuned full-batch rate gives it — so
 * the rate means the same on data sets of any size and density. Measured on the test sets, for orientation only
 * (rank 32, λ 0.1, 100 epochs): ml-latest-small 0.8499 (full-batch lr 48 at its stability edge: 0.8586), ML-100K u1
 * 0.9217 (lr 160: 0.9218); per-row mean gradients for every row (floor 1) overfit the light rows: 0.943 on u1.
 *
 * <p><b>The candidates.</b> {@code model.rank ∈ {32, 128}} × {@code model.lambda ∈ {0.05, 0.1, 0.2}}, full batch,
 * Nesterov momentum 0.9, init N(0, 0.01²), cosine schedule over {@code trainer.epochs} (100 unless set), each key
 * only where the user set none. A diverging candidate is dropped. Successive halving with η = 3: 6 candidates for
 * E/3 epochs, the best 2 to E; a candidate whose validation RMSE stalls for {@link #PATIENCE} evaluations stops there
 * (early stopping, Prechelt 1998) and keeps its best score. When every candidate diverged (a rating scale far wider
 * than 1–5, see {@link #LR_LADDER}), the search runs again at a tenth of the rate, down to 0.001. The chosen
 * settings are then retrained on the training and validation slices together ({@code trainer.tune_refit}).
 *
 * <p>Each candidate's rounds go to {@code RUN_DIR/tuning/NAME/metrics.jsonl} (the report overlays them), and the
 * search's table goes to the summary.
 */
public final class SelfTuning {
  private static final Logger LOG = LoggerFactory.getLogger(SelfTuning.class);
  static final int[] RANKS = {32, 128};
  static final double[] LAMBDAS = {0.05, 0.1, 0.2};
  static final double ROW_COUNT_FLOOR = 500;
  static final int EPOCHS = 100;
  static final int ETA = 3;
  /**
   * The rates searched, in turn, when every candidate of the previous one diverged. Row-scaled steps make the rate
   * independent of the data's size and density but not of its rating scale: a factor row's curvature is
   * {@code |q|²}, and the factors grow with the spread of the ratings (on 1–100 about 25× that of 1–5), so lr 1
   * diverges there.
   */
  static final double[] LR_LADDER = {1.0, 0.1, 0.01, 0.001};

  /** A candidate: a name and the settings it overrides. */
  public record Candidate(String name, List<String> overrides) {}

  /**
   * A candidate's score at a rung: the best validation RMSE of its evaluations so far (every {@link #VALIDATE_EVERY}
   * epochs and at the rung's end), and the epoch it was reached at.
   */
  public record Score(Candidate candidate, int epochs, double validationRmse, int bestEpoch, boolean diverged,
      double seconds, int stoppedAt) {}

  /** Epochs between a candidate's validation evaluations. */
  static final int VALIDATE_EVERY = 5;

  /**
   * A candidate whose validation RMSE has not improved for this many evaluations ({@value} × {@link #VALIDATE_EVERY}
   * epochs) is stalled: it stops training, in this rung and the later ones, and keeps its best score (its best
   * epoch is what the refit trains). On ML-100K the winners of the last rung peak at epoch 35–40 of 100 and only
   * overfit afterwards.
   */
  static final int PATIENCE = 4;

  /**
   * What the search chose.
   *
   * @param chosen the run's config with the chosen settings (numbers, not {@code auto})
   * @param scores every candidate's score at every rung it reached, in the order they ran
   * @param budgetExhausted whether {@code trainer.tune_budget} cut the search short
   */
  public record Outcome(RunConfig chosen, Candidate best, List<Score> scores, boolean budgetExhausted,
      double seconds) {

    /** The search as the summary records it. */
    public Map<String, Object> toSummary() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("method", "successive halving (eta " + ETA + ") on the validation slice, validation RMSE; a candidate "
          + "stops after " + PATIENCE + " evaluations (" + PATIENCE * VALIDATE_EVERY + " epochs) without improving");
      m.put("chosen", best.name());
      m.put("chosen_settings", best.overrides());
      List<Object> rows = new ArrayList<>();
      for (Score s : scores) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("candidate", s.candidate().name());
        r.put("settings", s.candidate().overrides());
        r.put("epochs", s.epochs());
        r.put("validation_rmse", s.diverged() ? null : s.validationRmse());
        r.put("best_epoch", s.diverged() ? null : s.bestEpoch());
        r.put("diverged", s.diverged());
        r.put("seconds", s.seconds());
        if (s.stoppedAt() > 0) r.put("stopped_at_epoch", s.stoppedAt());
        rows.add(r);
      }
      m.put("candidates", rows);
      m.put("budget_exhausted", budgetExhausted);
      m.put("seconds", seconds);
      return m;
    }
  }

  private SelfTuning() {}

  /** The search's results as they were saved ({@code tuning/search.json}): the chosen settings of a resumed run. */
  @SuppressWarnings("unchecked")
  public static List<String> chosenSettings(String tuningDir, Configuration hadoop) throws IOException {
    Path p = new Path(tuningDir, "search.json");
    FileSystem fs = p.getFileSystem(hadoop);
    if (!fs.exists(p)) return null;
    try (var in = fs.open(p)) {
      Map<String, Object> m = Json.readMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return (List<String>) m.get("chosen_settings");
    }
  }

  /**
   * The settings every candidate shares (each applied where the user set none), in order: {@code epochs} full-batch
   * epochs, Nesterov momentum 0.9, init N(0, 0.01²), λ_b 0.01, row-scaled steps with floor {@value #ROW_COUNT_FLOOR}.
   * With them, {@code optimizer.lr = 1} and a cosine schedule over the epochs are stable on any data size.
   */
  public static LinkedHashMap<String, String> fixedSettings(int epochs) {
    var m = new LinkedHashMap<String, String>();
    m.put("trainer.epochs", String.valueOf(epochs));
    m.put("trainer.batch_size", "full");
    m.put("optimizer.momentum", "0.9");
    m.put("optimizer.nesterov", "true");
    m.put("model.init_std", "0.01");
    m.put("model.lambda_bias", "0.01");
    m.put("model.gradient_scale", "row");
    m.put("model.row_count_floor", String.valueOf(ROW_COUNT_FLOOR));
    return m;
  }

  /** The candidates for {@code cfg} at the first rate of {@link #LR_LADDER}. */
  public static List<Candidate> candidates(RunConfig cfg, DataSchema schema) {
    return candidates(cfg, schema, LR_LADDER[0]);
  }

  /**
   * The candidates for {@code cfg} at {@code optimizer.lr = lr}: each dimension searched only where the user set no
   * key. Below the first rate of the ladder the names end in {@code -lrRATE}.
   */
  public static List<Candidate> candidates(RunConfig cfg, DataSchema schema, double lr) {
    var t = cfg.tuning();
    int epochs = t.userSet("trainer.epochs") ? cfg.trainer().epochs() : EPOCHS;
    List<String> fixed = new ArrayList<>();
    fixedSettings(epochs).forEach((k, v) -> setIfUnset(fixed, t, k, v));
    fixed.add("optimizer.lr=" + lr); // lr = auto: the user set none
    boolean batchFull = !t.userSet("trainer.batch_size") || cfg.trainer().fullBatch();
    if (!t.userSet("optimizer.schedule.type") && batchFull) {
      fixed.add("optimizer.schedule.type=cosine");
      setIfUnset(fixed, t, "optimizer.schedule.t_max", String.valueOf(epochs)); // full batch: a round per epoch
      setIfUnset(fixed, t, "optimizer.schedule.eta_min", "0.0");
    }
    setIfUnset(fixed, t, "trainer.partitions", "2");
    fixed.add("trainer.eval_every=" + VALIDATE_EVERY); // the candidates' validation; the final run: the user's
    int[] ranks = t.userSet("model.rank") ? new int[] {cfg.model().rank()} : RANKS;
    double[] lambdas = t.userSet("model.lambda") ? new double[] {cfg.model().lambda()} : LAMBDAS;
    List<Candidate> out = new ArrayList<>();
    for (int rank : ranks) {
      for (double lambda : lambdas) {
        List<String> o = new ArrayList<>(fixed);
        if (!t.userSet("model.rank")) o.add("model.rank=" + rank);
        if (!t.userSet("model.lambda")) o.add("model.lambda=" + lambda);
        out.add(new Candidate("rank" + rank + "-lambda" + lambda + (lr == LR_LADDER[0] ? "" : "-lr" + lr),
            List.copyOf(o)));
      }
    }
    return out;
  }

  private static void setIfUnset(List<String> o, io.sparkmomentum.config.TuningConfig t, String key, String value) {
    if (!t.userSet(key)) o.add(key + "=" + value);
  }

  /**
   * Runs the search on {@code data}'s training blocks, scored on its validation blocks; each candidate's rounds are
   * logged under {@code tuningDir}.
   */
  public static Outcome search(JavaSparkContext sc, RunConfig cfg, TrainingRatings data, String tuningDir,
      Configuration hadoop) throws IOException {
    if (data.validationBlocks() == null) throw new IllegalStateException("self-tuning needs a validation slice");
    long t0 = System.nanoTime();
    @SuppressWarnings("unchecked")
    ModelSpec<RatingColumns> spec = (ModelSpec<RatingColumns>) ModelRegistry.spec("mf");
    DataSchema schema = data.schema();
    List<Score> scores = new ArrayList<>();
    boolean exhausted = false;
    Score best = null;
    int epochs = 0;
    for (double lr : LR_LADDER) {
      List<Candidate> all = candidates(cfg, schema, lr);
      epochs = ConfigLoader.withOverrides(cfg, all.get(0).overrides()).trainer().epochs();
      List<SuccessiveHalving.Rung> rungs = SuccessiveHalving.plan(all.size(), epochs, ETA);
      Map<Candidate, TrainerState> states = new LinkedHashMap<>();
      Map<Candidate, double[]> bests = new LinkedHashMap<>(); // {validation RMSE, epoch}
      Map<Candidate, Integer> stoppedEarly = new LinkedHashMap<>(); // stalled: its last epoch
      List<Candidate> alive = new ArrayList<>(all);
      for (SuccessiveHalving.Rung rung : rungs) {
        List<Score> rungScores = new ArrayList<>();
        for (Candidate c : alive) {
          if ((System.nanoTime() - t0) / 1e9 > cfg.tuning().budgetSeconds()) {
            exhausted = true;
            break;
          }
          Score s = stoppedEarly.containsKey(c)
              ? new Score(c, rung.epochs(), bests.get(c)[0], (int) bests.get(c)[1], false, 0, stoppedEarly.get(c))
              : train(sc, spec, ConfigLoader.withOverrides(cfg, c.overrides()), c, data, schema, rung.epochs(),
                  states, bests, tuningDir, hadoop);
          if (s.stoppedAt() > 0) stoppedEarly.put(c, s.stoppedAt());
          scores.add(s);
          rungScores.add(s);
          LOG.info("self-tuning: {} at {} epochs: validation RMSE {}", c.name(), rung.epochs(),
              s.diverged() ? "diverged" : s.validationRmse());
        }
        rungScores.removeIf(Score::diverged);
        rungScores.sort(Comparator.comparingDouble(Score::validationRmse));
        if (!rungScores.isEmpty() && (best == null || rungScores.get(0).epochs() >= best.epochs())) {
          best = rungScores.get(0);
        }
        if (exhausted || rungScores.isEmpty()) break;
        int keep = rungs.indexOf(rung) + 1 < rungs.size() ? rungs.get(rungs.indexOf(rung) + 1).candidates() : 1;
        alive = new ArrayList<>();
        for (Score s : rungScores.subList(0, Math.min(keep, rungScores.size()))) alive.add(s.candidate());
      }
      if (best != null || exhausted) break;
      LOG.warn("self-tuning: every candidate diverged at optimizer.lr = {}; searching again at a tenth of it", lr);
    }
    if (best == null) {
      throw new IllegalStateException("self-tuning: every candidate diverged at every rate of "
          + java.util.Arrays.toString(LR_LADDER) + ", or the budget of " + cfg.tuning().budgetSeconds()
          + " s ran out before one was scored; set optimizer.lr");
    }
    List<String> chosen = new ArrayList<>(best.candidate().overrides());
    chosen.removeIf(o -> o.startsWith("trainer.epochs=") || o.startsWith("optimizer.schedule.t_max=")
        || o.startsWith("trainer.eval_every="));
    if (!cfg.tuning().userSet("trainer.epochs")) {
      chosen.add("trainer.epochs=" + best.bestEpoch()); // the same schedule, stopped at the best validated epoch
    }
    if (!cfg.tuning().userSet("optimizer.schedule.t_max") && best.candidate().overrides().stream()
        .anyMatch(o -> o.startsWith("optimizer.schedule.t_max="))) {
      chosen.add("optimizer.schedule.t_max=" + epochs); // the schedule the candidate was trained with
    }
    RunConfig chosenConfig = ConfigLoader.withOverrides(cfg, chosen);
    Outcome out = new Outcome(chosenConfig, new Candidate(best.candidate().name(), List.copyOf(chosen)), scores,
        exhausted, (System.nanoTime() - t0) / 1e9);
    writeText(hadoop, new Path(tuningDir, "search.json"), Json.write(out.toSummary()));
    return out;
  }

  /** Trains {@code c} on from its last state up to {@code epochs}, and scores it on the validation slice. */
  private static Score train(JavaSparkContext sc, ModelSpec<RatingColumns> spec, RunConfig cc, Candidate c,
      TrainingRatings data, DataSchema schema, int epochs, Map<Candidate, TrainerState> states,
      Map<Candidate, double[]> bests, String tuningDir, Configuration hadoop) throws IOException {
    long t0 = System.nanoTime();
    Model<RatingColumns> model = spec.build(cc.model(), schema);
    TrainerState start = states.get(c);
    if (start == null) {
      start = Trainer.initialState(spec.initialParameters(model, cc.model(), schema, cc.trainer().seed()));
      writeText(hadoop, new Path(tuningDir + "/" + c.name(), "config.conf"), cc.rendered());
    }
    BlockMetrics<RatingColumns> metrics = spec.metrics(model, cc.model(), schema);
    var validation = data.validationBlocks();
    Trainer.Result r;
    try (MetricsLog log = MetricsLog.create(tuningDir + "/" + c.name() + "/metrics.jsonl", hadoop,
        states.containsKey(c))) {
      double[] best = bests.computeIfAbsent(c, k -> new double[] {Double.NaN, 0});
      Trainer<RatingColumns> trainer = new Trainer<>(sc, model, cc.optimizer(), cc.trainer().withEpochs(epochs));
      r = trainer
          .listener(new MetricsListener(log))
          .listener(new io.sparkmomentum.train.TrainingListener() {
            @Override
            public void onRound(io.sparkmomentum.train.RoundResult rr, TrainerState s) {
              Double v = rr.validation().get("rmse");
              if (v == null) return;
              if (!v.isNaN() && !(v >= best[0])) {
                best[0] = v;
                best[1] = rr.epoch() + 1;
              } else if (stalled((int) rr.epoch() + 1, (int) best[1])) {
                trainer.requestStop();
              }
            }
          })
          .validator(w -> Evaluation.evaluate(sc, metrics, w, validation))
          .fit(data.trainBlocks(), start);
    }
    states.put(c, r.state());
    double seconds = (System.nanoTime() - t0) / 1e9;
    boolean diverged = r.stopReason() == StopReason.DIVERGED || r.lastRound() == null;
    double[] best = bests.get(c);
    if (Double.isNaN(best[0])) diverged = true;
    int stoppedAt = r.stopReason() == StopReason.INTERRUPTED && r.lastRound() != null
        ? (int) r.lastRound().epoch() + 1 : 0;
    return new Score(c, epochs, best[0], (int) best[1], diverged, seconds, stoppedAt);
  }

  /** Whether a candidate validated at {@code epoch}, best at {@code bestEpoch}, has run out of patience. */
  static boolean stalled(int epoch, int bestEpoch) {
    return bestEpoch > 0 && epoch - bestEpoch >= PATIENCE * VALIDATE_EVERY;
  }

  private static void writeText(Configuration hadoop, Path p, String text) throws IOException {
    FileSystem fs = p.getFileSystem(hadoop);
    fs.mkdirs(p.getParent());
    Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
    try (OutputStream o = fs.create(tmp, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
    if (fs.exists(p)) fs.delete(p, false);
    if (!fs.rename(tmp, p)) throw new IOException("could not rename " + tmp + " to " + p);
  }
}
