package io.sparkmomentum.train;

import java.util.Optional;

/** Saves and finds trainer states; the trainer calls it every {@code trainer.checkpoint_every} rounds. */
public interface Checkpointer {
  void save(TrainerState state);

  /** The newest complete checkpoint, if any. */
  Optional<TrainerState> latest();
}
