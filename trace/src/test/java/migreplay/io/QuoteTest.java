package migreplay.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Input quoted in messages: nothing a terminal would act on, nothing unbounded. */
class QuoteTest {
  @Test
  void plainTextIsQuotedAsIs() {
    assertEquals("'two'", Quote.of("two"));
    assertEquals("'grüße 0x1f'", Quote.of("grüße 0x1f"));
  }

  @Test
  void characterOutsideTheBasicPlaneIsText() {
    assertEquals("'ok \uD83D\uDE00'", Quote.of("ok \uD83D\uDE00"));
    // U+1F080: its low surrogate lies in the range decode() uses for bytes that are not UTF-8.
    assertEquals("'\uD83C\uDC80'", Quote.of("\uD83C\uDC80"));
    byte[] utf8 = "x\uD83D\uDE00".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("'x\uD83D\uDE00'", Quote.of(Quote.decode(utf8, 0, utf8.length)));
    assertEquals("'a\\ud83d'", Quote.of("a\uD83D"), "a lone half of a pair is escaped");
  }

  @Test
  void controlCharactersAreEscaped() {
    assertEquals("'\\x1b[31mred\\x00\\t\\x7f'", Quote.of("\u001b[31mred\u0000\t\u007f"));
    assertEquals("'\\ufeffx'", Quote.of("\ufeffx"));
  }

  @Test
  void longValuesAreCutWithTheirLength() {
    String v = "9x".repeat(500_000);
    assertEquals("'" + "9x".repeat(30) + "…' (1000000 chars)", Quote.of(v));
  }

  @Test
  void bytesThatAreNotUtf8ShowAsHexAndValidUtf8AsText() {
    byte[] b = {'2', (byte) 0xff, 'a', (byte) 0xc3, (byte) 0xbc, (byte) 0xe2, (byte) 0x82}; // ü valid; € cut short
    assertEquals("'2\\xffaü\\xe2\\x82'", Quote.of(Quote.decode(b, 0, b.length)));
    byte[] elf = "\u007fELF\u0002".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("'\\x7fELF\\x02'", Quote.of(Quote.decode(elf, 0, elf.length)));
  }

  @Test
  void asciiDecodesWithoutCopyingThroughTheDecoder() {
    byte[] b = "t_us,pfn".getBytes(StandardCharsets.US_ASCII);
    assertEquals("t_us,pfn", Quote.decode(b, 0, b.length));
    assertEquals("us", Quote.decode(b, 2, 4));
  }
}
