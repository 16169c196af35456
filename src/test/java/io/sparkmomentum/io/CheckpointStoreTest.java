package io.sparkmomentum.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  final Configuration conf = new Configuration();
  @TempDir Path tmp;

  static ArrayBundle.Builder state(long round) {
    return ArrayBundle.builder(CheckpointStore.KIND).meta("lr", 0.1)
        .doubles("P", new double[] {round, round + 0.5}).longs("rng", new long[] {round * 31});
  }

  @Test
  void savesLoadsAndKeepsTheLastN() throws Exception {
    CheckpointStore store = new CheckpointStore(tmp.resolve("run").toString(), conf, 3);
    assertEquals(Optional.empty(), store.latestComplete(), "no checkpoints directory yet");
    for (long r = 1; r <= 6; r++) {
      store.save(r * 10, state(r * 10));
    }
    assertEquals(List.of(40L, 50L, 60L), store.rounds());
    assertEquals(List.of("ckpt-0000000040", "ckpt-0000000050", "ckpt-0000000060"),
        TestFiles.list(tmp.resolve("run/checkpoints")));
    assertEquals(Optional.of(60L), store.latestComplete());
    ArrayBundle b = store.load(50);
    assertArrayEquals(new double[] {50, 50.5}, b.doubles("P"));
    assertEquals(50L, b.meta().get("round"));
    assertEquals(0.1, b.meta().get("lr"));
    CheckpointStore.Checkpoint latest = store.loadLatest().orElseThrow();
    assertEquals(60L, latest.round());
    assertArrayEquals(new long[] {60 * 31}, latest.bundle().longs("rng"));
  }

  @Test
  void keepLastOneAndResaveOfARound() throws Exception {
    CheckpointStore store = new CheckpointStore(tmp.toString(), conf, 1);
    store.save(1, state(1));
    store.save(2, state(2));
    store.save(2, state(7)); // same round again: replaced
    assertEquals(List.of("ckpt-0000000002"), TestFiles.list(tmp.resolve("checkpoints")));
    assertArrayEquals(new double[] {7, 7.5}, store.load(2).doubles("P"));
  }

  @Test
  void latestSkipsHalfWrittenAndCorruptCheckpoints() throws Exception {
    CheckpointStore store = new CheckpointStore(tmp.toString(), conf, 5);
    store.save(1, state(1));
    store.save(2, state(2));
    store.save(3, state(3));
    Path dir = tmp.resolve("checkpoints");
    // a half-written checkpoint of round 5 (a crash before the rename): a hidden temp dir
    Path half = Files.createDirectories(dir.resolve(".ckpt-0000000005.tmp-00000000deadbeef"));
    Files.write(half.resolve("P.f64"), new byte[8]);
    // round 4 was written but later damaged; round 3 lost its manifest
    store.save(4, state(4));
    TestFiles.flipByte(dir.resolve("ckpt-0000000004/P.f64"), 3);
    Files.delete(dir.resolve("ckpt-0000000003/bundle.json"));
    // a stray non-checkpoint entry
    Files.createDirectories(dir.resolve("notes"));

    assertEquals(Optional.of(2L), store.latestComplete());
    InvalidBundleException e = assertThrows(InvalidBundleException.class, () -> store.load(4));
    assertTrue(e.getMessage().contains("checkpoint at ") && e.getMessage().contains("ckpt-0000000004")
        && e.getMessage().contains("array P checksum mismatch"), e.getMessage());

    store.save(6, state(6)); // saving cleans leftover temp dirs
    assertEquals(List.of("ckpt-0000000001", "ckpt-0000000002", "ckpt-0000000003", "ckpt-0000000004",
        "ckpt-0000000006", "notes"), TestFiles.list(dir));
    assertEquals(Optional.of(6L), store.latestComplete());
  }

  @Test
  void checkpointWithWrongRoundOrKindIsSkipped() throws Exception {
    CheckpointStore store = new CheckpointStore(tmp.toString(), conf, 5);
    store.save(1, state(1));
    Path dir = tmp.resolve("checkpoints");
    ArrayBundle.builder(CheckpointStore.KIND).meta("round", 1).writeTo(dir.resolve("ckpt-0000000002").toString(),
        conf);
    ArrayBundle.builder("spark-momentum/model").writeTo(dir.resolve("ckpt-0000000003").toString(), conf);
    assertEquals(Optional.of(1L), store.latestComplete());
    assertThrows(IllegalArgumentException.class, () -> store.save(4, ArrayBundle.builder("spark-momentum/model")));
    assertThrows(IllegalArgumentException.class, () -> new CheckpointStore(tmp.toString(), conf, 0));
  }

  @Test
  void laterRoundsAreLeftAloneWhenPruning() throws Exception {
    CheckpointStore store = new CheckpointStore(tmp.toString(), conf, 2);
    for (long r : new long[] {1, 2, 3, 9}) {
      store.save(r, state(r));
    }
    assertEquals(List.of(3L, 9L), store.rounds());
    store.save(4, state(4)); // e.g. resumed from round 3 after round 9 was found bad
    assertEquals(List.of(3L, 4L, 9L), store.rounds());
  }
}
