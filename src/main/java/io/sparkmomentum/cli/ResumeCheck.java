package io.sparkmomentum.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import io.sparkmomentum.config.RunConfig;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code --resume} must be given the first run's config: any key that would change the result (everything but
 * the ones below) must be equal, else the resume is refused naming the key.
 */
final class ResumeCheck {
  /** Keys that change logging, evaluation or how long to train, but not the trajectory. */
  static final Set<String> FREE = Set.of("trainer.epochs", "trainer.eval_every", "trainer.log_every",
      "trainer.checkpoint_every", "trainer.keep_checkpoints", "trainer.on_divergence", "trainer.max_rollbacks",
      "trainer.divergence_factor", "trainer.broadcast", "data.test");

  private ResumeCheck() {}

  static void check(RunConfig cfg, String runDir, Configuration hadoop) throws IOException {
    Path p = new Path(runDir, "config.conf");
    FileSystem fs = p.getFileSystem(hadoop);
    if (!fs.exists(p)) throw new Main.UserError("--resume: " + p + " is missing; is " + runDir + " a run directory?",
        Main.EXIT_CONFIG);
    String saved;
    try (FSDataInputStream in = fs.open(p)) {
      saved = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    RunConfig now = cfg;
    if (cfg.tuning().enabled()) { // a self-tuned run saved the settings its search chose
      java.util.List<String> chosen = io.sparkmomentum.tune.SelfTuning.chosenSettings(
          new Path(runDir, "tuning").toString(), hadoop);
      if (chosen != null) now = io.sparkmomentum.config.ConfigLoader.withOverrides(cfg, chosen);
    }
    String diff = firstDifference(ConfigFactory.parseString(saved), ConfigFactory.parseString(now.rendered()));
    if (diff != null) {
      throw new Main.UserError("--resume refused: " + diff + " differs from the run in " + runDir
          + " (resume with the same config and --set overrides as the first run)", Main.EXIT_CONFIG);
    }
  }

  /** A description of the first key (in sorted order) whose value differs, or null. */
  static String firstDifference(Config before, Config now) {
    TreeSet<String> keys = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : before.entrySet()) keys.add(e.getKey());
    for (Map.Entry<String, ConfigValue> e : now.entrySet()) keys.add(e.getKey());
    for (String k : keys) {
      if (FREE.contains(k)) continue;
      Object a = before.hasPath(k) ? before.getValue(k).unwrapped() : null;
      Object b = now.hasPath(k) ? now.getValue(k).unwrapped() : null;
      if (a == null ? b != null : b == null || !String.valueOf(a).equals(String.valueOf(b))) {
        return "config key '" + k + "' (was " + a + ", now " + b + ")";
      }
    }
    return null;
  }
}
