package migreplay.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text from a byte stream in which each byte that is not part of valid UTF-8 reads as the lone surrogate
 * U+DC80 + byte (Python's "surrogateescape", as {@link Quote#decode}): a message quoting the text then shows the
 * input's own bytes as {@code \xNN} ({@link Quote#of}) where {@link java.io.InputStreamReader} would have put
 * replacement characters. Valid UTF-8 reads as it does through the JDK's decoder, which does the work.
 */
public final class Utf8Reader extends Reader {
  private final InputStream in;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
  private boolean eof;
  /** A one-char read of a character outside the BMP leaves its low surrogate here, or -1. */
  private int pendingLow = -1;

  public Utf8Reader(InputStream in) {
    this.in = in;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pendingLow >= 0) {
      cbuf[off] = (char) pendingLow;
      pendingLow = -1;
      return 1;
    }
    if (len == 1) { // the decoder needs room for a surrogate pair
      char[] two = new char[2];
      int n = read(two, 0, 2);
      if (n > 0) {
        cbuf[off] = two[0];
        pendingLow = n == 2 ? two[1] : -1;
        return 1;
      }
      return n;
    }
    CharBuffer out = CharBuffer.wrap(cbuf, off, len);
    while (out.position() == off) {
      CoderResult r = utf8.decode(bytes, out, eof);
      if (r.isError()) {
        for (int i = 0; i < r.length() && out.hasRemaining(); i++) {
          out.put((char) (0xDC00 + (bytes.get() & 0xff)));
        }
      } else if (r.isUnderflow() && out.position() == off) {
        if (eof) {
          return -1; // at the end an incomplete sequence was reported as an error above, so nothing is left
        }
        fill();
      }
    }
    return out.position() - off;
  }

  /** Moves an incomplete sequence to the front and reads more bytes after it; at the end, marks {@link #eof}. */
  private void fill() throws IOException {
    bytes.compact();
    int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
    if (n < 0) {
      eof = true;
    } else {
      bytes.position(bytes.position() + n);
    }
    bytes.flip();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
