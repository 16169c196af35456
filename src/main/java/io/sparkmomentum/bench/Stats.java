package io.sparkmomentum.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Small order statistics for timing samples. */
final class Stats {
  private Stats() {}

  /** The median (mean of the two middle values for an even count); NaN when empty. */
  static double median(Collection<? extends Number> xs) {
    List<Double> s = new ArrayList<>();
    for (Number x : xs) {
      if (x != null && !Double.isNaN(x.doubleValue())) s.add(x.doubleValue());
    }
    if (s.isEmpty()) return Double.NaN;
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static double median(double[] xs) {
    List<Double> l = new ArrayList<>(xs.length);
    for (double x : xs) l.add(x);
    return median(l);
  }

  static double mean(Collection<? extends Number> xs) {
    double s = 0;
    int n = 0;
    for (Number x : xs) {
      if (x != null && !Double.isNaN(x.doubleValue())) {
        s += x.doubleValue();
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  static double min(Collection<? extends Number> xs) {
    double m = Double.NaN;
    for (Number x : xs) if (x != null && !(x.doubleValue() >= m)) m = x.doubleValue();
    return m;
  }

  static double max(Collection<? extends Number> xs) {
    double m = Double.NaN;
    for (Number x : xs) if (x != null && !(x.doubleValue() <= m)) m = x.doubleValue();
    return m;
  }
}
