package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class BadInputExceptionTest {
  @Test
  void messageNamesFileLineReasonAndSnippet() {
    BadInputException e = new BadInputException("u.data", 7, "bad thing; expected good thing", "a\tb");
    assertEquals("u.data:7: bad thing; expected good thing; text: \"a\\tb\"", e.getMessage());
    assertEquals("u.data", e.file());
    assertEquals(7, e.line());
    assertEquals("bad thing; expected good thing", e.reason());
    assertEquals("a\\tb", e.snippet());
    BadInputException fileLevel = new BadInputException("dir", 0, "empty; expected files", null);
    assertEquals("dir: empty; expected files", fileLevel.getMessage());
    assertNull(fileLevel.snippet());
  }

  @Test
  void escaping() {
    assertEquals("a\\tb\\0c\\r\\n\\\\d\\x07\\x7F\\x85é\\u200B\"", BadInputException.escape(
        "a\tb\0c\r\n\\d\u0007\u007f\u0085é\u200b\"", 80));
    assertEquals("x".repeat(80) + "...", BadInputException.escape("x".repeat(1000), 80));
    assertEquals("😀", BadInputException.escape("😀", 80));
    assertEquals("ab\\xC3\\xA9\\0\\t", BadInputException.escapeBytes(new byte[] {'a', 'b', (byte) 0xC3, (byte) 0xA9, 0, 9},
        0, 6, 80));
    BadInputException cut = new BadInputException("f", 1, "r", "y".repeat(500));
    assertEquals(BadInputException.SNIPPET_CHARS + 3, cut.snippet().length());
  }
}
