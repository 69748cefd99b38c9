package migreplay.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scanner's field values, eight bytes at a time or one, whatever the lengths and wherever reads end. */
class PlainCsvScannerTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 7, 4096, 1 << 20})
  void digitFieldsOfEveryLengthReadAsTheirValue(int maxRead) throws IOException {
    SplittableRandom rnd = new SplittableRandom(maxRead);
    StringBuilder text = new StringBuilder("a,b,c\n");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String[] f = new String[3];
      for (int k = 0; k < 3; k++) {
        int len = 1 + rnd.nextInt(20); // 19 and 20 digits are no value (-1)
        StringBuilder d = new StringBuilder();
        for (int j = 0; j < len; j++) {
          d.append((char) ('0' + rnd.nextInt(10)));
        }
        f[k] = d.toString();
      }
      if (i % 1000 == 3) {
        f[1] = "x" + f[1]; // a letter: the per-line path, no value
      }
      text.append(String.join(",", f)).append('\n');
      StringBuilder e = new StringBuilder();
      for (String x : f) {
        e.append(x.length() <= 18 && x.chars().allMatch(Character::isDigit) ? Long.parseLong(x) : -1).append(' ');
      }
      expected.add(e.toString());
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    InputStream in = new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, maxRead));
      }
    };
    PlainCsvScanner scanner = new PlainCsvScanner(in);
    assertEquals("a,b,c", scanner.headerLine("t.csv"));
    List<String> got = new ArrayList<>();
    scanner.scan((buf, starts, ends, values, fields, lineNo) -> {
      StringBuilder e = new StringBuilder();
      for (int k = 0; k < fields; k++) {
        e.append(values[k]).append(' ');
      }
      got.add(e.toString());
      assertEquals(got.size() + 1, lineNo);
    }, "t.csv");
    assertEquals(expected, got);
  }
}
