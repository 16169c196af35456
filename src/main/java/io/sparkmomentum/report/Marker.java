package io.sparkmomentum.report;

/**
 * A vertical line across a chart at round {@code x}: a rollback, a divergence, a resume or another event.
 *
 * @param kind the event's name (it picks the line's style: {@code rollback}, {@code diverged}, ...)
 * @param label the tooltip
 */
record Marker(double x, String kind, String label) {}
