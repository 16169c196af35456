package io.sparkmomentum.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void escapesMarkupQuotesAndControlCharacters() {
    assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;",
        Html.text("<script>alert(\"x\")</script> & 'q'"));
    assertEquals("a\uFFFDb\uFFFDc\nd\te", Html.text("a\u0000b\u001bc\nd\te"));
    assertEquals("ok: ü ✓", Html.text("ok: ü ✓"));
  }

  @Test
  void idsKeepOnlySafeCharacters() {
    assertEquals("chart-test_rmse", Html.id("chart-test_rmse"));
    assertEquals("_script_x__y_", Html.id("<script>x\"'y "));
    assertEquals("caf_", Html.id("café"));
  }

  @Test
  void numbersForPeople() {
    assertEquals("8038", Html.number(8038));
    assertEquals("-3", Html.number(-3.0));
    assertEquals("0.79898", Html.number(0.7989779326185111));
    assertEquals("123460", Html.number(123456.7));
    assertEquals("0.001", Html.number(0.001));
    assertEquals("1.2346e-5", Html.number(0.0000123456));
    assertEquals("2.5e20", Html.number(2.5e20));
    assertEquals("NaN", Html.number(Double.NaN));
    assertEquals("-Infinity", Html.number(Double.NEGATIVE_INFINITY));
    assertEquals("12.5", Html.coord(12.5));
    assertEquals("3", Html.coord(3.0001));
  }
}
