package io.sparkmomentum.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineSourceTest {
  /** {@code n} bytes of 'a' without a newline, then "\n1\t2\t3\n"; counts what was read. */
  static final class EndlessLine extends InputStream {
    final long n;
    long served;
    private final byte[] tail = "\n1\t2\t3\n".getBytes(StandardCharsets.US_ASCII);

    EndlessLine(long n) {
      this.n = n;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (served >= n + tail.length) {
        return -1;
      }
      int k = 0;
      while (k < len && served < n + tail.length) {
        b[off + k++] = served < n ? (byte) 'a' : tail[(int) (served - n)];
        served++;
      }
      return k;
    }
  }

  @Test
  void hugeLineIsReportedWithoutReadingItAllIntoMemory() throws IOException {
    long eightGiB = 8L << 30;
    EndlessLine in = new EndlessLine(eightGiB);
    try (LineSource src = new LineSource(in, 1 << 20)) {
      assertEquals(LineSource.TOO_LONG, src.next());
      assertTrue(in.served < (3 << 20), "stopped near the limit, read " + in.served + " bytes");
      assertEquals(1, src.lineNo());
      assertTrue(src.length() <= 256, "only a prefix is kept for the message");
      assertTrue(src.buf().length <= (1 << 20) + 2 + 64 * 1024, "buffer stays bounded: " + src.buf().length);
    }
  }

  @Test
  void skippingAHugeLineStreamsPastItWithBoundedMemory() throws IOException {
    EndlessLine in = new EndlessLine(50L << 20);
    try (LineSource src = new LineSource(in, 1000)) {
      assertEquals(LineSource.TOO_LONG, src.next());
      assertEquals(LineSource.LINE, src.next());
      assertEquals(2, src.lineNo());
      assertEquals("1\t2\t3", new String(src.buf(), src.start(), src.length(), StandardCharsets.US_ASCII));
      assertTrue(src.buf().length <= 64 * 1024, "the buffer never grew: " + src.buf().length);
      assertEquals(LineSource.EOF, src.next());
    }
  }

  @Test
  void lineEndsAndBom() throws IOException {
    byte[] data = "\uFEFFa\r\nb\n\r\nc\r".getBytes(StandardCharsets.UTF_8);
    try (LineSource src = new LineSource(new ByteArrayInputStream(data), 100)) {
      assertTrue(src.skipBom());
      String[] expected = {"a", "b", "", "c"};
      for (String e : expected) {
        assertEquals(LineSource.LINE, src.next());
        assertEquals(e, new String(src.buf(), src.start(), src.length(), StandardCharsets.UTF_8));
      }
      assertEquals(LineSource.EOF, src.next());
      assertEquals(4, src.lineNo());
    }
  }

  @Test
  void linesSpanningBufferRefills() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < 20_000; k++) {
      sb.append("line").append(k).append("x".repeat(k % 50)).append(k % 3 == 0 ? "\r\n" : "\n");
    }
    InputStream slow = new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 7)); // tiny reads
      }
    };
    try (LineSource src = new LineSource(slow, 100)) {
      for (int k = 0; k < 20_000; k++) {
        assertEquals(LineSource.LINE, src.next());
        assertEquals("line" + k + "x".repeat(k % 50),
            new String(src.buf(), src.start(), src.length(), StandardCharsets.US_ASCII));
      }
      assertEquals(LineSource.EOF, src.next());
    }
  }

  /** Split readers decide which lines are theirs by {@link LineSource#lineStart()}: the file offset of each line. */
  @Test
  void lineStartIsTheFileOffsetAcrossRefillsAndOverLongLines() throws IOException {
    StringBuilder sb = new StringBuilder();
    java.util.List<Long> starts = new java.util.ArrayList<>();
    java.util.List<Integer> kinds = new java.util.ArrayList<>();
    long origin = 1000;
    for (int k = 0; k < 20_000; k++) {
      starts.add(origin + sb.length());
      boolean huge = k % 997 == 5;
      kinds.add(huge ? LineSource.TOO_LONG : LineSource.LINE);
      sb.append(huge ? "y".repeat(k % 2 == 0 ? 300 : 70_000) : "line" + k + "x".repeat(k % 50)).append(k % 3 == 0 ? "\r\n" : "\n");
    }
    InputStream slow = new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 4093));
      }
    };
    try (LineSource src = new LineSource(slow, 100, origin)) {
      for (int k = 0; k < 20_000; k++) {
        assertEquals(kinds.get(k), src.next(), "line " + k);
        assertEquals(starts.get(k), src.lineStart(), "line " + k);
      }
      assertEquals(LineSource.EOF, src.next());
    }
  }
}
