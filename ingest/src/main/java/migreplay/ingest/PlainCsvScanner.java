package migreplay.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A byte-level scanner for plain CSV: unquoted fields, comma-separated, {@code #} comment lines and blank
 * lines skipped, LF or CRLF. It hands each data line's fields to a {@link LineHandler} as byte ranges of a
 * reused buffer, so pure-digit fields are parsed without creating strings. {@link CsvSource} uses it for
 * files whose header has no quotes (what recorders write); any quote in a data line ends the scan with a
 * message naming the line.
 */
final class PlainCsvScanner {
  /** Receives one data line: {@code starts[i]..ends[i]} of {@code buf} is field i. */
  interface LineHandler {
    void line(byte[] buf, int[] starts, int[] ends, int fields, long lineNo) throws IOException;
  }

  private final InputStream in;
  private byte[] buf = new byte[1 << 20];
  private int len;
  private int pos;
  private long lineNo;
  private int[] starts = new int[16];
  private int[] ends = new int[16];

  PlainCsvScanner(InputStream in) {
    this.in = in;
  }

  /** The next line as a string (for the header), or null at the end; comments and blank lines skipped. */
  String headerLine() throws IOException {
    while (true) {
      int end = lineEnd();
      if (end < 0) {
        return null;
      }
      int s = pos;
      int e = end > s && buf[end - 1] == '\r' ? end - 1 : end;
      pos = end + 1;
      lineNo++;
      if (e > s && buf[s] != '#') {
        return new String(buf, s, e - s, StandardCharsets.UTF_8);
      }
    }
  }

  long lineNo() {
    return lineNo;
  }

  /** Scans the remaining lines. */
  void scan(LineHandler handler, String file) throws IOException {
    while (true) {
      int end = lineEnd();
      if (end < 0) {
        return;
      }
      int s = pos;
      int e = end > s && buf[end - 1] == '\r' ? end - 1 : end;
      pos = end + 1;
      lineNo++;
      if (e == s || buf[s] == '#') {
        continue;
      }
      int fields = 0;
      int fs = s;
      for (int i = s; i <= e; i++) {
        if (i == e || buf[i] == ',') {
          if (fields == starts.length) {
            starts = java.util.Arrays.copyOf(starts, fields * 2);
            ends = java.util.Arrays.copyOf(ends, fields * 2);
          }
          starts[fields] = fs;
          ends[fields++] = i;
          fs = i + 1;
        } else if (buf[i] == '"') {
          throw new migreplay.trace.BadInputException(file + ":" + lineNo,
              "quoted fields are not expected in a numeric trace CSV");
        }
      }
      handler.line(buf, starts, ends, fields, lineNo);
    }
  }

  /** Index of the next '\n' at or after pos (reading more as needed), or the end of data; -1 when done. */
  private int lineEnd() throws IOException {
    int from = pos;
    while (true) {
      for (int i = from; i < len; i++) {
        if (buf[i] == '\n') {
          return i;
        }
      }
      from = len - pos;
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, len - pos);
        len -= pos;
        pos = 0;
      }
      if (len == buf.length) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
      }
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        if (len > pos) {
          if (len == buf.length) {
            buf = java.util.Arrays.copyOf(buf, buf.length + 1);
          }
          buf[len] = '\n'; // a last line without newline
          return len++;
        }
        return -1;
      }
      len += n;
    }
  }
}
