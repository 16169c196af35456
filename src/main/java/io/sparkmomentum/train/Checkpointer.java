package io.sparkmomentum.train;

import java.util.Optional;

/** Saves and finds trainer states; the trainer calls it every {@code trainer.checkpoint_every} rounds. */
public interface Checkpointer {
  void save(TrainerState state);

  /** The newest complete checkpoint, if any. */
  Optional<TrainerState> latest();

  /** The newest complete checkpoint of a round {@code <= round}, else the oldest one, if any. */
  Optional<TrainerState> atOrBefore(long round);
}
