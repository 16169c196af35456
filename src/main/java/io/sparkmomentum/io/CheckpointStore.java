package io.sparkmomentum.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training checkpoints under {@code RUN_DIR/checkpoints/}: one directory {@code ckpt-ROUND} per checkpoint, ROUND the
 * round number zero-padded to 10 digits ({@code ckpt-0000000042}), each an {@link ArrayBundle} of kind
 * {@value #KIND} written atomically, with the round also in its metadata as {@code "round"}. Hidden directories
 * {@code .ckpt-ROUND.tmp-HEX16} / {@code .ckpt-ROUND.old-HEX16} are unfinished or replaced ones (see
 * {@link AtomicDirectory}) and are never read. Assumes one writer per run directory.
 */
public final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  /** The bundle kind of checkpoints. */
  public static final String KIND = "spark-momentum/checkpoint";
  private static final Pattern CKPT = Pattern.compile("ckpt-(\\d{10,19})");

  private final FileSystem fs;
  private final Path dir;
  private final Configuration conf;
  private final int keepLast;

  /** A checkpoint that passed validation. */
  public record Checkpoint(long round, ArrayBundle bundle) {}

  /** @param keepLast how many of the newest checkpoints {@link #save} keeps (at least 1) */
  public CheckpointStore(String runDir, Configuration conf, int keepLast) throws IOException {
    if (keepLast < 1) {
      throw new IllegalArgumentException("keepLast must be at least 1, got " + keepLast);
    }
    Path raw = new Path(runDir, "checkpoints");
    this.fs = Fs.of(raw, conf);
    this.dir = fs.makeQualified(raw);
    this.conf = conf;
    this.keepLast = keepLast;
  }

  /** The qualified {@code RUN_DIR/checkpoints} directory. */
  public Path directory() {
    return dir;
  }

  /** The path of round {@code round}'s checkpoint. */
  public Path pathOf(long round) {
    if (round < 0) {
      throw new IllegalArgumentException("round must be >= 0, got " + round);
    }
    return new Path(dir, String.format("ckpt-%010d", round));
  }

  /**
   * Writes the checkpoint of {@code round} atomically (replacing one of the same round), then deletes older
   * checkpoints beyond the newest {@code keepLast} and any leftover temporary directories. Checkpoints of later rounds
   * are left alone. Sets the builder's {@code "round"} metadata.
   *
   * @param contents a builder of kind {@value #KIND}
   */
  public void save(long round, ArrayBundle.Builder contents) throws IOException {
    if (!KIND.equals(contents.kind())) {
      throw new IllegalArgumentException("a checkpoint must be of kind " + KIND + ", not " + contents.kind());
    }
    Path target = pathOf(round);
    contents.meta("round", round);
    contents.writeTo(target.toString(), conf, true);
    prune(round);
  }

  private void prune(long savedRound) throws IOException {
    List<Long> older = new ArrayList<>();
    for (long r : rounds()) {
      if (r < savedRound) {
        older.add(r);
      }
    }
    Collections.sort(older, Collections.reverseOrder());
    for (long r : older.subList(Math.min(keepLast - 1, older.size()), older.size())) {
      delete(pathOf(r));
    }
    for (FileStatus st : list()) {
      String of = AtomicDirectory.leftoverOf(st.getPath().getName());
      if (of != null && CKPT.matcher(of).matches()) {
        delete(st.getPath());
      }
    }
  }

  private void delete(Path p) throws IOException {
    if (!fs.delete(p, true) && fs.exists(p)) {
      LOG.warn("Could not delete old checkpoint {}", p);
    }
  }

  /** The rounds of all {@code ckpt-ROUND} directories present (validated or not), ascending. */
  public List<Long> rounds() throws IOException {
    List<Long> rounds = new ArrayList<>();
    for (FileStatus st : list()) {
      Matcher m = CKPT.matcher(st.getPath().getName());
      if (st.isDirectory() && m.matches()) {
        try {
          rounds.add(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
          LOG.warn("Ignoring {}: round out of range", st.getPath());
        }
      }
    }
    Collections.sort(rounds);
    return rounds;
  }

  private FileStatus[] list() throws IOException {
    try {
      return fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    }
  }

  /**
   * The round of the newest checkpoint that passes full validation (every checksum is verified, so this reads it
   * whole; use {@link #loadLatest()} to also get its contents). Temporary directories are ignored; invalid checkpoints
   * are skipped with a warning naming them.
   */
  public Optional<Long> latestComplete() throws IOException {
    return loadLatest().map(Checkpoint::round);
  }

  /** The newest checkpoint that passes validation, with its contents; see {@link #latestComplete()}. */
  public Optional<Checkpoint> loadLatest() throws IOException {
    List<Long> rounds = rounds();
    for (int i = rounds.size() - 1; i >= 0; i--) {
      long round = rounds.get(i);
      try {
        return Optional.of(new Checkpoint(round, load(round)));
      } catch (InvalidBundleException e) {
        LOG.warn("Skipping invalid checkpoint {}: {}", pathOf(round), e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Reads and validates the checkpoint of {@code round}. */
  public ArrayBundle load(long round) throws IOException {
    Path p = pathOf(round);
    ArrayBundle b = ArrayBundle.read(p.toString(), conf, KIND);
    Object recorded = b.meta().get("round");
    if (recorded != null && !Long.valueOf(round).equals(recorded)) {
      throw new InvalidBundleException("checkpoint at " + p + " records round " + recorded + ", not " + round);
    }
    return b;
  }
}
