package io.sparkmomentum.data;

/**
 * A problem with one line (reason includes what was expected). Cheap: no stack trace, because in
 * {@link OnBadRecord#SKIP} mode there may be many. The reader turns it into a {@link BadInputException}
 * or a counted skip. Public so that parsers of other line formats (LIBSVM) can plug into {@link LineEngine}.
 */
public final class LineProblem extends Exception {
  private static final long serialVersionUID = 1L;

  /** The decoded line, when the problem was found after decoding (else the reader shows the raw bytes). */
  final String text;

  public LineProblem(String reason) {
    this(reason, null);
  }

  public LineProblem(String reason, String text) {
    super(reason, null, false, false);
    this.text = text;
  }
}
