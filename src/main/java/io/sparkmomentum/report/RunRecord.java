package io.sparkmomentum.report;

import java.util.List;
import java.util.Map;

/**
 * What the report shows of one run directory.
 *
 * @param label the name the charts and tables give the run
 * @param location the directory as the user named it
 * @param history its {@code metrics.jsonl}
 * @param config its {@code config.conf}, flattened to dotted keys in key order (empty when absent)
 * @param summary its {@code summary.json}, flattened to dotted keys in file order (empty when absent: a run still
 *     going, or killed)
 * @param candidates the runs in its {@code tuning/NAME/} subdirectories, each labelled by its subdirectory name
 */
public record RunRecord(String label, String location, MetricsHistory history, Map<String, String> config,
    Map<String, String> summary, List<RunRecord> candidates) {

  /** This run followed by its tuning candidates. */
  public List<RunRecord> withCandidates() {
    List<RunRecord> all = new java.util.ArrayList<>(1 + candidates.size());
    all.add(this);
    all.addAll(candidates);
    return all;
  }
}
