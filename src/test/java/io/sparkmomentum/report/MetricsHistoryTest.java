package io.sparkmomentum.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmomentum.data.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing metrics.jsonl as the trainer writes it: rounds, events, rollbacks, non-finite values, bad lines. */
class MetricsHistoryTest {
  /** Lines as MetricsListener writes them (keys and order), with a rollback from round 3 back to round 2. */
  static final String LOG = String.join("\n",
      "{\"round\":0,\"epoch\":0,\"loss\":0.5,\"grad_norm\":0.03,\"lr\":40.0,\"count\":1997,\"stepped\":true,"
          + "\"seconds\":0.19,\"broadcast_ms\":4.8,\"compute_ms\":10.3,\"aggregate_ms\":48.7,\"update_ms\":3.0,"
          + "\"bytes_aggregated\":208000}",
      "{\"round\":1,\"epoch\":0,\"loss\":0.4,\"grad_norm\":0.02,\"lr\":39.9,\"test_rmse\":0.9,\"test_count\":8038,"
          + "\"validation_rmse\":0.95}",
      "{\"round\":2,\"epoch\":0,\"loss\":\"NaN\",\"grad_norm\":\"Infinity\",\"lr\":39.8}",
      "{\"event\":\"rollback\",\"round\":3,\"reason\":\"loss is NaN\",\"new_lr\":20.0}",
      "{\"round\":2,\"epoch\":0,\"loss\":0.35,\"lr\":20.0}",
      "{\"round\":3,\"epoch\":0,\"loss\":0.3,\"lr\":20.0,\"test_rmse\":0.85}",
      "{\"event\":\"stop\",\"round\":4,\"reason\":\"early_stopped\"}",
      "");

  @Test
  void readsRoundsEventsAndNonFiniteValues() {
    MetricsHistory h = MetricsHistory.parse("run/metrics.jsonl", LOG);
    assertEquals(List.of(0L, 1L, 2L, 2L, 3L), h.rounds().stream().map(MetricsHistory.Round::round).toList());
    assertEquals(0.5, h.rounds().get(0).get("loss"));
    assertEquals(4.8, h.rounds().get(0).get("broadcast_ms"));
    assertTrue(Double.isNaN(h.rounds().get(2).get("loss")) && h.rounds().get(2).values().containsKey("loss"),
        "a logged NaN is a value, not a missing key");
    assertEquals(Double.POSITIVE_INFINITY, h.rounds().get(2).get("grad_norm"));
    assertFalse(h.rounds().get(0).values().containsKey("stepped"), "booleans are not charted");
    assertFalse(h.rounds().get(3).values().containsKey("grad_norm"), "a missing key stays missing");
    assertEquals(0.95, h.rounds().get(1).get("validation_rmse"));
    assertEquals(List.of("rollback", "stop"), h.events().stream().map(MetricsHistory.Event::kind).toList());
    assertEquals(3L, h.events().get(0).round());
    assertEquals("loss is NaN", h.events().get(0).details().get("reason"));
    assertEquals("20.0", h.events().get(0).details().get("new_lr"));
    assertTrue(h.keys().containsAll(List.of("loss", "test_rmse", "validation_rmse", "update_ms")));
    assertTrue(h.warnings().isEmpty());
  }

  @Test
  void roundsThatARollbackUndidAreSuperseded() {
    MetricsHistory h = MetricsHistory.parse("m", LOG);
    assertEquals(List.of(false, false, true, false, false),
        h.rounds().stream().map(MetricsHistory.Round::superseded).toList(),
        "only the first round 2 was redone after the rollback");
  }

  @Test
  void aRecordWithoutRoundFollowsThePreviousOne() {
    MetricsHistory h = MetricsHistory.parse("m", "{\"round\":5,\"loss\":1}\n{\"loss\":2}\n{}\n");
    assertEquals(List.of(5L, 6L, 7L), h.rounds().stream().map(MetricsHistory.Round::round).toList());
    assertTrue(h.rounds().get(2).values().isEmpty());
  }

  @Test
  void anEmptyLogHasNoRounds() {
    MetricsHistory h = MetricsHistory.parse("m", "");
    assertTrue(h.rounds().isEmpty() && h.events().isEmpty() && h.keys().isEmpty());
  }

  @Test
  void aMalformedLineNamesTheFileAndTheLine() {
    String text = "{\"round\":0,\"loss\":1}\n\n{\"round\":1,\"loss\":\n{\"round\":2}\n";
    BadInputException e = assertThrows(BadInputException.class, () -> MetricsHistory.parse("run/metrics.jsonl", text));
    assertEquals("run/metrics.jsonl", e.file());
    assertEquals(3, e.line());
    assertTrue(e.getMessage().startsWith("run/metrics.jsonl:3: not a JSON object")
        && e.getMessage().contains("expected one JSON object per line"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void aLineThatIsNotAnObjectIsRefused() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> MetricsHistory.parse("m.jsonl", "[1, 2]\n{\"round\":0}\n"));
    assertEquals(1, e.line());
  }

  @Test
  void aRoundThatIsNotAWholeNumberIsRefused() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> MetricsHistory.parse("m.jsonl", "{\"round\":0}\n{\"round\":\"two\",\"loss\":1}\n"));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("\"round\" is \"two\"; expected a whole number"), e.getMessage());
    assertThrows(BadInputException.class, () -> MetricsHistory.parse("m", "{\"round\":1.5}\n"));
  }

  @Test
  void aLastLineCutShortByACrashIsSkippedWithAWarning() {
    MetricsHistory h = MetricsHistory.parse("run/metrics.jsonl", "{\"round\":0,\"loss\":1}\n{\"round\":1,\"lo");
    assertEquals(1, h.rounds().size());
    assertEquals(List.of("run/metrics.jsonl:2: an incomplete last line (the run was cut off while writing it) was "
        + "skipped"), h.warnings());
  }
}
