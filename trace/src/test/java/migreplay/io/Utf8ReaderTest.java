package migreplay.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ReaderTest {
  private static String readAll(Reader r, int chunk) throws IOException {
    StringBuilder b = new StringBuilder();
    char[] buf = new char[chunk];
    for (int n; (n = r.read(buf, 0, chunk)) >= 0; ) {
      b.append(buf, 0, n);
    }
    return b.toString();
  }

  /** A stream that hands out at most {@code step} bytes a read: sequences straddle every buffer boundary. */
  private static InputStream trickle(byte[] bytes, int step) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  @Test
  void validUtf8ReadsAsTheJdkDecodesIt() throws IOException {
    String text = "t_us,pfn\nµs → 😀 ok\n".repeat(5000);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int step : new int[] {1, 2, 3, 7, 1 << 20}) {
      for (int chunk : new int[] {1, 2, 5, 8192}) {
        assertEquals(text, readAll(new Utf8Reader(trickle(bytes, step)), chunk), "step " + step + " chunk " + chunk);
      }
    }
  }

  @Test
  void bytesThatAreNotUtf8ShowAsTheirOwnValueInAQuote() throws IOException {
    // 0xff is never UTF-8; 0xe2 0x82 starts a 3-byte sequence that a newline breaks; 0xc3 is cut off at the end
    byte[] bytes = {'1', ',', '2', (byte) 0xff, '\n', (byte) 0xe2, (byte) 0x82, '\n', 'x', (byte) 0xc3};
    for (int step : new int[] {1, 3, 64}) {
      String s = readAll(new Utf8Reader(trickle(bytes, step)), 4);
      assertEquals("'1,2\\xff\\x0a\\xe2\\x82\\x0ax\\xc3'", Quote.of(s), "step " + step);
      assertEquals(Quote.decode(bytes, 0, bytes.length), s);
    }
  }

  @Test
  void agreesWithQuoteDecodeOnRandomBytes() throws IOException {
    Random rnd = new Random(7);
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[rnd.nextInt(300)];
      rnd.nextBytes(bytes);
      if (i % 2 == 0) { // mostly text, a few stray bytes
        for (int j = 0; j < bytes.length; j++) {
          bytes[j] = rnd.nextInt(10) == 0 ? bytes[j] : (byte) ('a' + rnd.nextInt(26));
        }
      }
      assertEquals(Quote.decode(bytes, 0, bytes.length),
          readAll(new Utf8Reader(trickle(bytes, 1 + rnd.nextInt(5))), 1 + rnd.nextInt(9)), "case " + i);
    }
  }
}
