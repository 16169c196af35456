package io.sparkmomentum.train;

import io.sparkmomentum.io.MetricsLog;
import io.sparkmomentum.model.MetricValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one JSON object per round to {@code metrics.jsonl} (with the round's test metrics, if any, as
 * {@code test_*}: {@link MetricValues}), plus divergence and stop events.
 */
public final class MetricsListener implements TrainingListener {
  private final MetricsLog log;

  public MetricsListener(MetricsLog log) {
    this.log = log;
  }

  @Override
  public void onRound(RoundResult r, TrainerState state) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("round", r.round());
    m.put("epoch", r.epoch());
    m.put("loss", r.loss());
    m.put("grad_norm", r.gradNorm());
    m.put("lr", r.lr());
    m.put("count", r.count());
    m.put("stepped", r.stepped());
    m.put("seconds", r.seconds());
    m.put("broadcast_ms", r.timings().broadcastMs());
    m.put("compute_ms", r.timings().computeMs());
    m.put("aggregate_ms", r.timings().aggregateMs());
    m.put("update_ms", r.timings().updateMs());
    m.put("bytes_aggregated", r.timings().bytesAggregated());
    m.putAll(MetricValues.forJson(r.evaluation(), "test_"));
    m.putAll(MetricValues.forJson(r.validation(), "validation_"));
    write(m);
  }

  @Override
  public void onDivergence(long round, String reason, boolean rolledBack, double newLr) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", rolledBack ? "rollback" : "diverged");
    m.put("round", round);
    m.put("reason", reason);
    if (rolledBack) m.put("new_lr", newLr);
    write(m);
  }

  @Override
  public void onStop(StopReason reason, TrainerState state) {
    write(Map.of("event", "stop", "reason", reason.name().toLowerCase(), "round", state.round()));
  }

  private void write(Map<String, Object> m) {
    try {
      log.write(m);
    } catch (IOException e) {
      throw new UncheckedIOException("could not append to " + log.path(), e);
    }
  }
}
