package io.sparkmomentum.io;

import java.io.IOException;

/**
 * An {@link ArrayBundle} directory that cannot be used: corrupt, incomplete, of another kind or of an unsupported
 * format version. The message names the directory and, where it applies, the array and what is wrong.
 */
public class InvalidBundleException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidBundleException(String message) {
    super(message);
  }

  public InvalidBundleException(String message, Throwable cause) {
    super(message, cause);
  }

  static InvalidBundleException corrupt(String what, String detail) {
    return new InvalidBundleException(what + " is corrupt: " + detail);
  }

  static InvalidBundleException corrupt(String what, String detail, Throwable cause) {
    return new InvalidBundleException(what + " is corrupt: " + detail, cause);
  }
}
