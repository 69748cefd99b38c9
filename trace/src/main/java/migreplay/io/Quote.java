package migreplay.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Quotes input for a message, safely: control characters and bytes that are not UTF-8 appear as
 * {@code \xNN} (a tab as {@code \t}; see {@link #decode}), so a terminal never interprets them, and a long value is cut to its
 * first {@value #MAX_CHARS} characters followed by its length ({@code '9x9x9x…' (1000000 chars)}).
 */
public final class Quote {
  /** Characters of a value shown before it is cut. */
  public static final int MAX_CHARS = 60;

  private Quote() {}

  /** {@code 'text'}, escaped and cut. */
  public static String of(String text) {
    return "'" + escape(text, MAX_CHARS) + "'" + (text != null && text.length() > MAX_CHARS
        ? " (" + text.length() + " chars)" : "");
  }

  /** {@code text} escaped, cut after {@code max} characters (marked by an ellipsis), without quotes. */
  public static String escape(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 16);
    for (int i = 0; i < text.length() && i < max; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        b.append(c).append(text.charAt(++i)); // a valid pair (e.g. an emoji) is text, not two broken halves
      } else {
        escape(b, c);
      }
    }
    return text.length() > max ? b.append('…').toString() : b.toString();
  }

  /**
   * Decodes {@code buf[start, end)} as UTF-8, mapping each byte that is not part of valid UTF-8 to the lone
   * surrogate U+DC80 + byte (Python's "surrogateescape"), which {@link #of(String)} shows as {@code \xNN}:
   * so a message can quote exactly the bytes of the input.
   */
  public static String decode(byte[] buf, int start, int end) {
    boolean ascii = true;
    for (int i = start; i < end && ascii; i++) {
      ascii = buf[i] >= 0;
    }
    if (ascii) {
      return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
    }
    StringBuilder b = new StringBuilder(end - start);
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    int i = start;
    while (i < end) {
      int v = buf[i] & 0xff;
      int len = v < 0x80 ? 1 : v >= 0xf8 ? 0 : v >= 0xf0 ? 4 : v >= 0xe0 ? 3 : v >= 0xc2 ? 2 : 0;
      if (len == 1) {
        b.append((char) v);
        i++;
        continue;
      }
      if (len > 1 && i + len <= end) {
        try {
          b.append(utf8.reset().decode(ByteBuffer.wrap(buf, i, len)));
          i += len;
          continue;
        } catch (CharacterCodingException e) {
          // not valid UTF-8: escape the byte below
        }
      }
      b.append((char) (0xDC00 + v));
      i++;
    }
    return b.toString();
  }

  private static void escape(StringBuilder b, char c) {
    if (c == '\t') {
      b.append("\\t");
    } else if (c >= 0xDC80 && c <= 0xDCFF) {
      hex(b, c - 0xDC00); // a byte that was not UTF-8 (see decode)
    } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\ufeff' || c == '\ufffd'
        || Character.isSurrogate(c)) {
      if (c > 0xff) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        hex(b, c);
      }
    } else {
      b.append(c);
    }
  }

  private static void hex(StringBuilder b, int v) {
    b.append("\\x").append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 0xf, 16));
  }
}
