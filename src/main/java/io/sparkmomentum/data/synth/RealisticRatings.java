package io.sparkmomentum.data.synth;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Ratings shaped like MovieLens's, generated user by user in memory bounded by the users and items (never the
 * ratings), deterministic from the seed.
 *
 * <p><b>Who rates what.</b> User activity and item popularity are Zipf-like: the user of activity rank {@code r}
 * gets {@code n_r ∝ r^(−userExponent)} of the ratings ({@link ZipfCounts}, at most one per item), and draws its
 * {@code n_r} distinct items with probability {@code ∝ ρ^(−itemExponent)}, {@code ρ} the item's popularity rank:
 * weighted sampling without replacement, by rejection from an {@link AliasTable} while the items already drawn hold
 * under half the mass, then, for the heaviest users, by the Efraimidis–Spirakis keys {@code ln(U)/w} over the items
 * left (P. S. Efraimidis, P. G. Spirakis, "Weighted random sampling with a reservoir", IPL 97(5), 2006), which
 * continue the same sequential draw. Ranks map to ids by seeded permutations, so ids carry no popularity.
 *
 * <p><b>Defaults fitted to MovieLens</b> by maximum likelihood ({@link ZipfFit}) on the rank-frequency curves:
 * <pre>
 *                          items   users   (share of the top 10%: data / fitted Zipf)
 *   ML-100K  (100,000)     0.645   0.542   items 0.427 / 0.408, users 0.319 / 0.327
 *   ML-1M subset (487,650) 0.636   0.585   items 0.439 / 0.409, users 0.388 / 0.367
 * </pre>
 * hence {@link #ITEM_EXPONENT} 0.64 and {@link #USER_EXPONENT} 0.56. (A log-log regression over all ranks gives
 * 1.40 / 0.82 and 1.38 / 0.93: it follows the tail of items rated once, which is not a power law.) At 0.56 the least
 * active user gets about {@code (1 − 0.56)·n/users} ratings, 22 at 50 per user: MovieLens keeps users with 20 or more.
 *
 * <p><b>What they rate.</b> {@code r_ui = μ + b_u + b_i + p_u·q_i + ε}, clipped to {@code [min, max]}, with
 * {@code μ = (min + max)/2}, {@code b ~ N(0, biasStd²)}, {@code p, q ~ N(0, signalStd/√rank)} per coordinate, so
 * that the low-rank signal {@code p_u·q_i} has variance {@code signalStd²}, and {@code ε ~ N(0, noise²)}: the
 * signal-to-noise ratio is {@code signalStd²/noise²}. Implicit mode: the same candidates in the same order, each
 * kept as an event (rating 1) when the user likes it more than usual, {@code b_i + p_u·q_i + ε > 0} (a probit model
 * of the affinity), until the user has its {@code n_r} events or no item is left.
 *
 * <p>Item factors and biases come from one stream of the seed; user {@code u}'s factors, bias, items, noise and
 * test flags from a stream of (seed, u) alone, so any range of users is generated independently (and in parallel).
 */
public final class RealisticRatings {
  /** MLE item-popularity exponent of MovieLens (see the class comment). */
  public static final double ITEM_EXPONENT = 0.64;
  /** MLE user-activity exponent of MovieLens (see the class comment). */
  public static final double USER_EXPONENT = 0.56;

  /** The generating parameters; checked on construction (messages name the {@code generate} options). */
  public record Spec(int users, int items, int rank, long ratings, double itemExponent, double userExponent,
      double biasStd, double signalStd, double noise, double min, double max, boolean implicit, double testFraction,
      long seed) implements Serializable {
    public Spec {
      if (users < 1 || items < 1 || rank < 1 || ratings < 1) {
        throw new IllegalArgumentException("--users, --items, --rank and --ratings must be >= 1, got " + users
            + ", " + items + ", " + rank + ", " + ratings);
      }
      if (ratings > (long) users * items) {
        throw new IllegalArgumentException("--ratings " + ratings + " is more than --users x --items = " + users
            + " x " + items + " = " + (long) users * items + " distinct (user, item) pairs; expected at most that "
            + "many");
      }
      check("--item-exponent", itemExponent, 0, 5);
      check("--user-exponent", userExponent, 0, 5);
      check("--bias-std", biasStd, 0, 1e6);
      check("--signal-std", signalStd, 0, 1e6);
      check("--noise", noise, 0, 1e6);
      if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
        throw new IllegalArgumentException("--min and --max must be finite with --max > --min, got " + min + " and "
            + max);
      }
      if (!(testFraction >= 0 && testFraction < 1)) {
        throw new IllegalArgumentException("--test-fraction must be in [0, 1), got " + testFraction);
      }
    }

    private static void check(String name, double v, double lo, double hi) {
      if (!(v >= lo && v <= hi)) {
        throw new IllegalArgumentException(name + " must be a finite number in [" + lo + ", " + hi + "], got " + v);
      }
    }
  }

  /** Receives the ratings, user by user (ids 0-based). */
  @FunctionalInterface
  public interface Sink {
    void accept(int user, int item, float rating, boolean test) throws java.io.IOException;
  }

  private final Spec spec;
  private final int[] countOfUser;
  private final int[] itemOfRank;
  private final double[] weightOfRank;
  private final double totalWeight;
  private final AliasTable popularity;
  private final double[] itemBias;
  private final double[] itemFactors; // items x rank, row-major, by item id
  private final double factorStd;
  private final int[] stamp; // per item rank: the epoch of the user that drew it last
  private int epoch; // one per user generated: instances are not thread-safe

  public RealisticRatings(Spec spec) {
    this.spec = spec;
    SplittableRandom global = new SplittableRandom(mix(spec.seed() ^ 0x5CA1AB1EL));
    int[] userOfRank = permutation(spec.users(), global);
    itemOfRank = permutation(spec.items(), global);
    int[] byRank = ZipfCounts.counts(spec.ratings(), spec.users(), spec.userExponent(), spec.items());
    countOfUser = new int[spec.users()];
    for (int r = 0; r < byRank.length; r++) countOfUser[userOfRank[r]] = byRank[r];
    weightOfRank = ZipfCounts.weights(spec.items(), spec.itemExponent());
    double t = 0;
    for (double w : weightOfRank) t += w;
    totalWeight = t;
    popularity = new AliasTable(weightOfRank);
    factorStd = Math.sqrt(spec.signalStd() / Math.sqrt(spec.rank()));
    itemBias = new double[spec.items()];
    itemFactors = new double[spec.items() * spec.rank()];
    for (int i = 0; i < spec.items(); i++) {
      itemBias[i] = spec.biasStd() * global.nextGaussian();
      for (int f = 0; f < spec.rank(); f++) itemFactors[i * spec.rank() + f] = factorStd * global.nextGaussian();
    }
    stamp = new int[spec.items()];
  }

  public Spec spec() {
    return spec;
  }

  /** How many ratings (or, implicit, at most how many events) user {@code u} gets. */
  public int count(int user) {
    return countOfUser[user];
  }

  /** Generates users {@code [from, to)}, in id order; returns how many ratings were emitted. */
  public long generate(int from, int to, Sink sink) throws java.io.IOException {
    long emitted = 0;
    int rank = spec.rank();
    double[] p = new double[rank];
    double mu = (spec.min() + spec.max()) / 2;
    for (int u = from; u < to; u++) {
      int need = countOfUser[u];
      if (need == 0) continue;
      SplittableRandom rng = new SplittableRandom(mix(spec.seed() * 0x9E3779B97F4A7C15L + u));
      double bu = spec.biasStd() * rng.nextGaussian();
      for (int f = 0; f < rank; f++) p[f] = factorStd * rng.nextGaussian();
      Candidates c = new Candidates(rng, ++epoch);
      int got = 0;
      for (int rk = c.next(); rk >= 0 && got < need; rk = c.next()) {
        int i = itemOfRank[rk];
        double dot = 0;
        for (int f = 0; f < rank; f++) dot += p[f] * itemFactors[i * rank + f];
        double affinity = itemBias[i] + dot + spec.noise() * rng.nextGaussian();
        boolean test = rng.nextDouble() < spec.testFraction();
        if (spec.implicit()) {
          if (affinity <= 0) continue;
          sink.accept(u, i, 1f, test);
        } else {
          sink.accept(u, i, (float) Math.min(spec.max(), Math.max(spec.min(), mu + bu + affinity)), test);
        }
        got++;
      }
      emitted += got;
    }
    return emitted;
  }

  /** One user's items (as popularity ranks) in weighted sampling order without replacement; -1 when none is left. */
  private final class Candidates {
    private final SplittableRandom rng;
    private final int mark;
    private int drawn;
    private double drawnWeight;
    private int[] rest; // phase 2: the items left, by decreasing key
    private int restAt;

    Candidates(SplittableRandom rng, int mark) {
      this.rng = rng;
      this.mark = mark;
    }

    int next() {
      if (rest == null) {
        if (drawnWeight < totalWeight / 2 && drawn < spec.items() / 2) {
          while (true) {
            int rk = popularity.sample(rng);
            if (stamp[rk] == mark) continue;
            stamp[rk] = mark;
            drawn++;
            drawnWeight += weightOfRank[rk];
            return rk;
          }
        }
        rest = keysOfTheRest();
      }
      return restAt < rest.length ? rest[restAt++] : -1;
    }

    /** Efraimidis–Spirakis: the undrawn ranks ordered by decreasing {@code ln(U)/w}. */
    private int[] keysOfTheRest() {
      int n = spec.items() - drawn;
      Integer[] ranks = new Integer[n];
      double[] key = new double[spec.items()];
      int k = 0;
      for (int rk = 0; rk < spec.items(); rk++) {
        if (stamp[rk] == mark) continue;
        key[rk] = Math.log(1 - rng.nextDouble()) / weightOfRank[rk]; // in (−∞, 0]
        ranks[k++] = rk;
      }
      Arrays.sort(ranks, (a, b) -> Double.compare(key[b], key[a])); // stable: ties keep rank order
      int[] out = new int[n];
      for (int j = 0; j < n; j++) out[j] = ranks[j];
      return out;
    }
  }

  /** A seeded Fisher–Yates permutation of {@code [0, n)}. */
  private static int[] permutation(int n, SplittableRandom rng) {
    int[] a = new int[n];
    for (int k = 0; k < n; k++) a[k] = k;
    for (int k = n - 1; k > 0; k--) {
      int j = rng.nextInt(k + 1);
      int x = a[k];
      a[k] = a[j];
      a[j] = x;
    }
    return a;
  }

  /** SplitMix64's finaliser (Stafford's Mix13), to seed independent per-user streams. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
