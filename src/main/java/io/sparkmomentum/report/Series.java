package io.sparkmomentum.report;

/**
 * One line of a chart: points in drawing order (a point with a smaller x than the one before, or a non-finite y,
 * starts a new piece of the line).
 *
 * @param name shown in the legend and the tooltips
 * @param colour index into the palette (series of one run share it)
 * @param faded drawn dashed and pale: the rounds a rollback undid
 * @param x the points' x (rounds)
 * @param y the points' y (NaN and infinities are marked, not drawn)
 */
record Series(String name, int colour, boolean faded, double[] x, double[] y) {
  Series {
    if (x.length != y.length) throw new IllegalArgumentException(x.length + " x values, " + y.length + " y values");
  }

  int size() {
    return x.length;
  }
}
