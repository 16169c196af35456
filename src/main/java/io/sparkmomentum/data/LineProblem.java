package io.sparkmomentum.data;

/**
 * A problem with one line (reason includes what was expected). Cheap: no stack trace, because in
 * {@link OnBadRecord#SKIP} mode there may be many. The reader turns it into a {@link BadInputException}
 * or a counted skip.
 */
final class LineProblem extends Exception {
  private static final long serialVersionUID = 1L;

  LineProblem(String reason) {
    super(reason, null, false, false);
  }
}
