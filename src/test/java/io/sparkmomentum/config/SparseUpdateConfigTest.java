package io.sparkmomentum.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.config.OptimizerConfig.SparseUpdate;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code optimizer.sparse_update} through the config loader. */
class SparseUpdateConfigTest {

  static RunConfig load(String... sets) {
    List<String> all = new ArrayList<>(List.of("data.train=ratings.tsv"));
    all.addAll(List.of(sets));
    return ConfigLoader.load(null, all);
  }

  @Test
  void acceptsAllThreeModes() {
    assertEquals(SparseUpdate.DENSE, load().optimizer().sparseUpdate());
    assertEquals(SparseUpdate.DENSE, load("optimizer.sparse_update=dense").optimizer().sparseUpdate());
    assertEquals(SparseUpdate.EXACT, load("optimizer.sparse_update=exact").optimizer().sparseUpdate());
    assertEquals(SparseUpdate.LAZY, load("optimizer.sparse_update=lazy").optimizer().sparseUpdate());
    assertEquals(SparseUpdate.LAZY, load("optimizer.sparse_update=lazy", "optimizer.weight_decay=0.001").optimizer()
        .sparseUpdate());
  }

  @Test
  void refusesExactWithWeightDecayNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("optimizer.sparse_update=exact",
        "optimizer.weight_decay=0.001"));
    assertEquals("optimizer.sparse_update", e.key());
    assertTrue(e.getMessage().startsWith("config key 'optimizer.sparse_update' = \"exact\": expected dense or lazy "
        + "when optimizer.weight_decay != 0"), e.getMessage());
  }

  @Test
  void refusesAnUnknownMode() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("optimizer.sparse_update=sparse"));
    assertEquals("optimizer.sparse_update", e.key());
    assertEquals("config key 'optimizer.sparse_update' = \"sparse\": expected one of dense, exact, lazy",
        e.getMessage());
  }

  @Test
  void theDefaultsDocumentTheModes() throws Exception {
    String conf;
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream("io/sparkmomentum/defaults.conf")) {
      conf = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(conf.contains("sparse_update = dense  # dense | exact | lazy"), conf);
  }
}
