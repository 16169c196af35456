package io.sparkmomentum.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps data values onto a pixel range, linearly or logarithmically, with "nice" ticks (1, 2 or 5 times a power of
 * ten; powers of ten on a log scale).
 *
 * <p>A value {@code v} lands on pixel {@code p0 + t·(p1 − p0)} with {@code t = (v − lo)/(hi − lo)}, or on a log
 * scale {@code t = (log₁₀ v − log₁₀ lo)/(log₁₀ hi − log₁₀ lo)} (then {@code lo} and {@code hi} are powers of ten). The
 * tick step is {@code m·10^k}, {@code m ∈ {1, 2, 5}}, the one nearest to a fifth of the range; ticks are its integer
 * multiples, computed in decimal so that they print as written.
 *
 * @param lo the least value of the domain
 * @param hi the greatest value of the domain
 * @param log whether the mapping is logarithmic
 * @param p0 the pixel of {@code lo}
 * @param p1 the pixel of {@code hi}
 */
record Scale(double lo, double hi, boolean log, double p0, double p1) {
  /** A positive series spanning at least this ratio is drawn on a log scale. */
  static final double LOG_RATIO = 100;

  /**
   * A scale covering the finite values in {@code [min, max]} onto pixels {@code p0..p1}, log when {@code allowLog},
   * {@code min > 0} and {@code max / min >= LOG_RATIO}, widened to whole ticks when {@code nice}.
   */
  static Scale of(double min, double max, double p0, double p1, boolean allowLog, boolean nice) {
    if (!(min <= max)) { // no finite value at all
      min = 0;
      max = 1;
    }
    if (allowLog && min > 0 && max / min >= LOG_RATIO) {
      return new Scale(Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max))), true,
          p0, p1);
    }
    if (min == max) {
      double pad = min == 0 ? 1 : Math.abs(min) * 0.05;
      min -= pad;
      max += pad;
    }
    if (nice) {
      double step = step(min, max);
      min = Math.floor(min / step) * step;
      max = Math.ceil(max / step) * step;
    }
    return new Scale(min, max, false, p0, p1);
  }

  /** The pixel of {@code v} (values outside the domain land outside the range). */
  double px(double v) {
    double t = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
    return p0 + t * (p1 - p0);
  }

  /** Whether {@code v} can be drawn (finite, and positive on a log scale). */
  boolean drawable(double v) {
    return Double.isFinite(v) && (!log || v > 0);
  }

  /** Tick values inside the domain. */
  List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    if (log) {
      int a = (int) Math.round(Math.log10(lo));
      int b = (int) Math.round(Math.log10(hi));
      int every = Math.max(1, (b - a + 7) / 8);
      for (int e = a; e <= b; e += every) ticks.add(Math.pow(10, e));
      return ticks;
    }
    BigDecimal step = BigDecimal.valueOf(step(lo, hi)); // multiples in decimal: 3 × 0.2 is 0.6, not 0.6000000000000001
    double s = step.doubleValue();
    for (long i = (long) Math.ceil(lo / s - 1e-9); i <= (long) Math.floor(hi / s + 1e-9); i++) {
      ticks.add(step.multiply(BigDecimal.valueOf(i)).doubleValue());
    }
    return ticks;
  }

  /** A step of 1, 2 or 5 times a power of ten giving about 5 ticks over {@code [lo, hi]}. */
  static double step(double lo, double hi) {
    double raw = (hi - lo) / 5;
    double pow = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / pow;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * pow;
  }
}
