package io.sparkmomentum.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.IdIndex;
import io.sparkmomentum.model.MatrixFactorization;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SavedModel}: round trip, and metadata that passes the bundle checks but does not describe the arrays. */
class SavedModelTest {
  final Configuration conf = new Configuration();
  @TempDir Path tmp;

  private int runs;

  /** Saves a small model into a new run directory; returns the model directory. */
  private Path save(double[] clamp) throws Exception {
    MatrixFactorization mf = new MatrixFactorization(3, 2, 2, 3.25, 0.1, 0.01);
    double[] w = new double[mf.layout().size()];
    for (int k = 0; k < w.length; k++) w[k] = 0.01 * k - 0.05;
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("config", "data { format = tsv }");
    meta.put("rounds", 7);
    Path dir = tmp.resolve("run" + runs++).resolve("model");
    new SavedModel(mf, w, IdIndex.of(List.of("u1", "u2", "u3")), IdIndex.of(List.of("i1", "i2")), clamp, meta)
        .save(dir.toString(), conf, false);
    return dir;
  }

  @Test
  void roundTrips() throws Exception {
    Path dir = save(new double[] {1, 5});
    SavedModel m = SavedModel.load(dir.toString(), conf);
    assertEquals(3, m.model().numUsers());
    assertEquals(2, m.model().numItems());
    assertEquals(2, m.model().rank());
    assertEquals(3.25, m.model().mu());
    assertArrayEquals(new double[] {1, 5}, m.clamp());
    assertEquals(List.of("u1", "u2", "u3"), m.users().rawIds());
    assertEquals(7L, m.meta().get("rounds"));
    assertEquals("data { format = tsv }", m.meta().get("config"));
    assertNull(SavedModel.load(save(null).toString(), conf).clamp());
  }

  /** Edits the metadata and recomputes the manifest checksum: only SavedModel's own checks are left. */
  @SuppressWarnings("unchecked")
  private void resealed(Path dir, Consumer<Map<String, Object>> edit) throws Exception {
    Path manifest = dir.resolve("bundle.json");
    Map<String, Object> m = Json.readMap(Files.readString(manifest));
    edit.accept((Map<String, Object>) m.get("meta"));
    Files.writeString(manifest, Json.writePretty(ArrayBundleTest.reseal(m)));
  }

  private void assertInconsistent(Consumer<Map<String, Object>> edit, String fragment) throws Exception {
    Path dir = save(new double[] {1, 5});
    resealed(dir, edit);
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> SavedModel.load(dir.toString(), conf), fragment);
    assertTrue(e.getMessage().startsWith("model at file:") && e.getMessage().contains(dir.toString())
        && e.getMessage().contains(" is inconsistent: ") && e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void resealedButInconsistentMetadataIsRefused() throws Exception {
    assertInconsistent(m -> m.put("rank", 3L), "params holds 15 numbers, but num_users 3, num_items 2 and rank 3 "
        + "need 20");
    assertInconsistent(m -> m.put("num_users", 4L), "need 18");
    assertInconsistent(m -> {
      m.put("num_users", 2L);
      m.put("num_items", 3L);
    }, "3 user ids for num_users 2, 2 item ids for num_items 3");
    assertInconsistent(m -> m.put("rank", 0L), "metadata 'rank' is 0, expected an integer >= 1");
    assertInconsistent(m -> m.put("rank", "2"), "metadata 'rank' is \"2\", expected an integer >= 1");
    assertInconsistent(m -> m.put("num_users", 1L << 40), "metadata 'num_users' is 1099511627776");
    assertInconsistent(m -> m.remove("mu"), "metadata 'mu' is null, expected a finite number");
    assertInconsistent(m -> m.put("mu", "NaN"), "metadata 'mu' is \"NaN\", expected a finite number");
    assertInconsistent(m -> m.put("lambda", -1.0), "lambda -1.0 and lambda_bias 0.01 must be >= 0");
    assertInconsistent(m -> m.put("clamp", List.of(5.0, 1.0)), "metadata 'clamp' is [5.0,1.0], expected null or "
        + "[min, max]");
    assertInconsistent(m -> m.put("clamp", "yes"), "metadata 'clamp' is \"yes\"");
    assertInconsistent(m -> m.put("model_type", "linear"), "model_type is \"linear\", expected \"mf\"");
    assertInconsistent(m -> m.put("config", 3L), "config is not a string");
  }

  @Test
  void runDirectoryAndCheckpointGetAHint() throws Exception {
    Path dir = save(null);
    Path run = dir.getParent();
    InvalidBundleException e = assertThrows(InvalidBundleException.class,
        () -> SavedModel.load(run.toString(), conf));
    assertTrue(e.getMessage().contains(run + " is incomplete or not a bundle: bundle.json is missing (this looks "
        + "like a run directory: the model is in file:" + dir + ")"), e.getMessage());

    CheckpointStore store = new CheckpointStore(run.toString(), conf, 1);
    store.save(3, ArrayBundle.builder(CheckpointStore.KIND).doubles("w", new double[] {1}));
    String ckpt = store.pathOf(3).toString();
    e = assertThrows(InvalidBundleException.class, () -> SavedModel.load(ckpt, conf));
    assertTrue(e.getMessage().contains(ckpt + " holds a 'spark-momentum/checkpoint' bundle, not the expected "
        + "'spark-momentum/model' (a training checkpoint is not a saved model: use RUN_DIR/model)"), e.getMessage());

    Files.createDirectories(tmp.resolve("empty"));
    e = assertThrows(InvalidBundleException.class, () -> SavedModel.load(tmp.resolve("empty").toString(), conf));
    assertTrue(e.getMessage().endsWith("empty is incomplete or not a bundle: bundle.json is missing"),
        e.getMessage());

    FileNotFoundException nf = assertThrows(FileNotFoundException.class,
        () -> SavedModel.load(tmp.resolve("nope").toString(), conf));
    assertTrue(nf.getMessage().startsWith("model at file:") && nf.getMessage().endsWith("nope does not exist"),
        nf.getMessage());
  }
}
