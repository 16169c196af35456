package io.sparkmomentum.cli;

import io.sparkmomentum.config.ConfigFactoryView;
import io.sparkmomentum.data.BadInputException;
import io.sparkmomentum.data.OnBadRecord;
import io.sparkmomentum.data.Ratings;
import io.sparkmomentum.data.ReaderOptions;
import io.sparkmomentum.io.Json;
import io.sparkmomentum.io.SavedModel;
import io.sparkmomentum.rank.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recommend --model DIR --user ID [--k 10]}: the user's top-k items by predicted rating, excluding the
 * items the user rated in the training data (read from {@code --exclude}, by default the run's {@code data.train},
 * a relative path taken relative to the directory the run was started in). Items are ranked by the model's raw
 * score and shown with the clamped one ({@code score}, what {@code predict} writes) and the raw one. The
 * {@code --all-*} modes are {@link RecommendAll}'s.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true,
    description = {"Top-K items for a user, excluding items the user already rated; prints one JSON line.",
        "--all-users / --all-items / --similar-items --output DIR: every user's items, every item's users, or "
            + "every item's most similar items, as Parquet (blocked on the executors)."})
public final class RecommendCommand implements Callable<Integer> {
  @Mixin
  ModelInput in;

  @Option(names = "--user", description = "raw user id (or one of --all-users, --all-items, --similar-items)")
  String user;

  @Option(names = "--all-users", description = "every user's top K items, as Parquet in --output")
  boolean allUsers;

  @Option(names = "--all-items", description = "every item's top K users, as Parquet in --output")
  boolean allItems;

  @Option(names = "--similar-items", description = "every item's K most similar items (cosine of item factors)")
  boolean similarItems;

  @Option(names = "--output", paramLabel = "DIR", description = "Parquet output of the --all-* modes")
  String output;

  @Option(names = "--overwrite", description = "replace --output if it exists")
  boolean overwrite;

  @Option(names = "--master", description = "Spark master of the --all-* modes (default: local[*] or spark-submit's)")
  String master;

  @Option(names = {"-k", "--k"}, defaultValue = "10", description = "how many items (default: ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--exclude", paramLabel = "FILE",
      description = "ratings whose items are excluded for the user (default: the run's data.train)")
  String exclude;

  @Option(names = "--no-exclude", description = "do not exclude rated items")
  boolean noExclude;

  @Override
  public Integer call() throws Exception {
    if (k < 1) throw new Main.UserError("--k must be >= 1, got " + k, Main.EXIT_CONFIG);
    int modes = (user != null ? 1 : 0) + (allUsers ? 1 : 0) + (allItems ? 1 : 0) + (similarItems ? 1 : 0);
    if (modes != 1) {
      throw new Main.UserError("expected exactly one of --user ID, --all-users, --all-items, --similar-items",
          Main.EXIT_CONFIG);
    }
    if (user == null) {
      if (output == null) throw new Main.UserError("--output DIR is required with --all-users, --all-items and "
          + "--similar-items", Main.EXIT_CONFIG);
      Side side = allUsers ? Side.ITEMS_FOR_USERS : allItems ? Side.USERS_FOR_ITEMS : Side.SIMILAR_ITEMS;
      return RecommendAll.run(in, in.load(new Configuration(), "recommend"), side, k, output, overwrite, exclude,
          noExclude, master);
    }
    String id = user.strip(); // as the rating readers trim ids
    if (id.isEmpty()) throw new Main.UserError("--user \"" + user + "\": expected a non-empty user id",
        Main.EXIT_CONFIG);
    Configuration conf = new Configuration();
    SavedModel m = in.load(conf, "recommend");
    int u = m.users().lookup(id);
    boolean[] seen = new boolean[m.model().numItems()];
    int excluded = 0;
    if (!noExclude) {
      String path = exclude != null ? exclude
          : ConfigFactoryView.of(String.valueOf(m.meta().get("config"))).str("data.train", null);
      if (path == null || path.isBlank()) {
        throw new Main.UserError("no training data path in the model's config: give --exclude FILE or --no-exclude",
            Main.EXIT_CONFIG);
      }
      if (exclude == null) path = TrainedPaths.resolve(path, in.model, conf);
      Ratings r;
      try {
        r = ModelInput.read(path, exclusionOptions(m), m, conf).result().ratings();
      } catch (BadInputException e) {
        if (exclude != null || e.line() > 0) throw e;
        throw new Main.UserError(e.getMessage() + " (recommend reads the run's data.train to exclude the items the "
            + "user rated: give --exclude FILE or --no-exclude)", Main.EXIT_DATA);
      }
      for (int x = 0; x < r.size; x++) {
        if (r.users[x] == u && u >= 0 && r.items[x] < seen.length && !seen[r.items[x]]) {
          seen[r.items[x]] = true;
          excluded++;
        }
      }
    }
    // ranked by the raw score: clamping ties every item above the range at the maximum (issue 10 item 5)
    PriorityQueue<double[]> top = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0])
        : Double.compare(b[1], a[1]));
    for (int i = 0; i < seen.length; i++) {
      if (seen[i]) continue;
      top.add(new double[] {m.model().predict(m.weights(), u, i), i});
      if (top.size() > k) top.poll();
    }
    List<Map<String, Object>> items = new ArrayList<>();
    while (!top.isEmpty()) {
      double[] t = top.poll();
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("item", m.items().raw((int) t[1]));
      e.put("score", m.clamp(t[0]));
      e.put("raw_score", t[0]);
      items.add(0, e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", id);
    out.put("known_user", u >= 0);
    out.put("excluded_rated", excluded);
    out.put("recommendations", items);
    System.out.println(Json.write(out));
    return 0;
  }

  /**
   * The training data is read as the run read it: its rating range and its {@code data.on_bad_record}, so that a
   * model trained with {@code skip} on a file with bad lines can still exclude that file's items.
   */
  private ReaderOptions exclusionOptions(SavedModel m) {
    ReaderOptions o = EvaluateCommand.withTrainedRange(in.options(m), m);
    boolean skip = "skip".equalsIgnoreCase(ConfigFactoryView.of(String.valueOf(m.meta().get("config")))
        .str("data.on_bad_record", "fail").trim());
    return o.withOnBadRecord(skip ? OnBadRecord.SKIP : OnBadRecord.FAIL);
  }
}
