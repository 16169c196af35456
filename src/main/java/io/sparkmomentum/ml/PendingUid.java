package io.sparkmomentum.ml;

/**
 * A uid for a Java subclass of a Spark ML class whose Scala constructor creates params: those read {@code uid()}
 * before the subclass's fields are set, so the uid given to the constructor is handed over through this thread's
 * slot ({@code this(PendingUid.of(uid))}, then {@link #take()}), which {@code uid()} reads while the field is null.
 */
final class PendingUid {
  private static final ThreadLocal<String> SLOT = new ThreadLocal<>();

  private PendingUid() {}

  /** Puts {@code uid} in this thread's slot until {@link #take()}. */
  static PendingUid of(String uid) {
    SLOT.set(uid);
    return new PendingUid();
  }

  /** The uid while the Scala constructor runs. */
  static String current() {
    return SLOT.get();
  }

  /** The uid, clearing the slot. */
  String take() {
    String uid = SLOT.get();
    SLOT.remove();
    return uid;
  }
}
