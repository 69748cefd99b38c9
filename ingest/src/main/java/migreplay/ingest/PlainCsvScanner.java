package migreplay.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import migreplay.io.BadInputException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A byte-level scanner for plain CSV: unquoted fields, comma-separated, {@code #} comment lines and blank
 * lines skipped, LF, CRLF or CR-only line ends (told from the first line), a leading UTF-8 byte-order mark
 * skipped, a NUL byte refused. It hands each data line's fields to a {@link LineHandler} as byte ranges of a
 * reused buffer, so pure-digit fields are parsed without creating strings. {@link CsvSource} uses it for
 * files whose header has no quotes (what recorders write). A data line with a quote (a quoted note, say) is
 * parsed as one CSV record by Commons CSV, continuing over the following lines while a quoted field is open,
 * and its unquoted fields are handed on the same way: valid CSV reads the same on both paths.
 */
final class PlainCsvScanner {
  /**
   * Receives one data line: {@code starts[i]..ends[i]} of {@code buf} is field i, and {@code values[i]} its value
   * when it is 1 to 18 ASCII digits and nothing else, or -1.
   */
  interface LineHandler {
    void line(byte[] buf, int[] starts, int[] ends, long[] values, int fields, long lineNo) throws IOException;
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  /** One record of the general path's dialect (surrounding spaces of unquoted fields ignored). */
  private static final CSVFormat QUOTED = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get();

  private final InputStream in;
  private byte[] buf = new byte[1 << 20];
  private int len;
  private int pos;
  private long lineNo;
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private long[] values = new long[16];
  /** The line terminator: '\n' (LF or CRLF) or '\r' (CR-only files, as old Mac tools write). */
  private byte eol = '\n';
  private boolean started;

  PlainCsvScanner(InputStream in) {
    this.in = in;
  }

  /**
   * The next line as a string (for the header), or null at the end; comments and blank lines skipped.
   *
   * @param file named in the message for a NUL byte
   */
  String headerLine(String file) throws IOException {
    if (!started) {
      start();
    }
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
        for (int i = s; i < e; i++) {
          if (buf[i] == 0) {
            throw nul(file, lineNo);
          }
        }
        return migreplay.io.Quote.decode(buf, s, e);
      }
    }
  }

  /** Skips a byte-order mark and tells the line terminator from the first line end. */
  private void start() throws IOException {
    started = true;
    while (len < 64 * 1024) {
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        break;
      }
      len += n;
    }
    if (len >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
      pos = 3;
    }
    for (int i = pos; i < len; i++) {
      if (buf[i] == '\n') {
        return;
      }
      if (buf[i] == '\r') {
        if (i + 1 == len || buf[i + 1] != '\n') {
          eol = '\r';
        }
        return;
      }
    }
  }

  /**
   * The lines a file of {@code size} bytes holds if the rest is like the lines read after the header so far
   * (an estimate: comments, other lengths and compressed input make it wrong), or 0 when none can be told.
   */
  long estimateLines(long size) {
    int lines = 0;
    for (int i = pos; i < len; i++) {
      if (buf[i] == eol) {
        lines++;
      }
    }
    return lines < 16 ? 0 : (long) ((double) size * lines / (len - pos));
  }

  static BadInputException nul(String file, long line) {
    return new BadInputException(file + ":" + line, "a NUL byte (\\x00); expected CSV text");
  }

  long lineNo() {
    return lineNo;
  }

  /**
   * Scans the remaining lines. Lines of digits and commas ending in the file's terminator (what recorders write)
   * are split and their fields' values computed in one pass over their bytes; any other byte (a space, a
   * letter, a quote, CR, NUL, '#'), a blank line or a field of more than 18 digits sends the line to
   * {@link #slowLine}, which reads it as before.
   */
  void scan(LineHandler handler, String file) throws IOException {
    final byte eol = this.eol;
    while (true) {
      byte[] b = buf;
      int n = len;
      int s = pos;
      int i = s;
      int fields = 0;
      int fs = s;
      boolean fast = true;
      boolean whole = false;
      while (true) {
        long v = 0;
        while (i + 8 <= n) { // eight bytes at a time (SWAR): the digits that start them, then their value
          long a = (long) LONGS.get(b, i) ^ 0x3030303030303030L; // a digit byte becomes 0..9
          // the high bit of every byte that is not 0..9; a carry past a non-digit byte only touches later bytes
          long notDigit = ((a + 0x7676767676767676L) | a) & 0x8080808080808080L;
          int k = Long.numberOfTrailingZeros(notDigit) >>> 3; // 8 when all eight are digits
          if (k > 0) {
            v = v * POW10[k] + eightDigits(a << (64 - 8 * k));
            i += k;
          }
          if (k < 8) {
            break;
          }
        }
        if (i + 8 > n) {
          int d;
          while (i < n && (d = b[i] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            i++;
          }
        }
        if (i == n) {
          break;
        }
        int c = b[i];
        int digits = i - fs;
        if ((c != ',' && c != eol) || digits == 0 || digits > 18) {
          fast = false; // a blank line (digits == 0 at its end) too
          break;
        }
        if (fields == starts.length) {
          room(fields);
        }
        starts[fields] = fs;
        ends[fields] = i;
        values[fields++] = v;
        fs = ++i;
        if (c == eol) {
          whole = true;
          break;
        }
      }
      if (whole) {
        pos = i;
        lineNo++;
        handler.line(b, starts, ends, values, fields, lineNo);
      } else if (fast && !more()) { // the line runs past the bytes read so far
        return;
      } else if (!fast && !slowLine(handler, file)) {
        return;
      }
    }
  }

  /** One line by the general rules (comments, blank lines, CR, quotes, NUL); false at the end of the input. */
  private boolean slowLine(LineHandler handler, String file) throws IOException {
    int end = lineEnd();
    if (end < 0) {
      return false;
    }
    int s = pos;
    int e = end > s && buf[end - 1] == '\r' ? end - 1 : end;
    pos = end + 1;
    lineNo++;
    if (e == s || buf[s] == '#') {
      return true;
    }
    int fields = 0;
    int fs = s;
    for (int i = s; i <= e; i++) {
      byte c;
      if (i == e || (c = buf[i]) == ',') {
        room(fields);
        starts[fields] = fs;
        ends[fields] = i;
        values[fields++] = digits(buf, fs, i);
        fs = i + 1;
      } else if (c < '0') { // one comparison for digits and letters; the rare bytes below are told apart here
        if (c == '"') {
          quotedRecord(handler, file, s, e);
          return true;
        }
        if (c == 0) {
          throw nul(file, lineNo);
        }
      }
    }
    handler.line(buf, starts, ends, values, fields, lineNo);
    return true;
  }

  /**
   * The value of eight digits 0..9, one a byte, the first (most significant) in the lowest byte: pairs, then
   * fours, then all eight, each step one multiply-add on every lane at once.
   */
  private static long eightDigits(long x) {
    x = (x * 10 + (x >>> 8)) & 0x00FF00FF00FF00FFL;
    x = (x * 100 + (x >>> 16)) & 0x0000FFFF0000FFFFL;
    return (x * 10_000 + (x >>> 32)) & 0xFFFFFFFFL;
  }

  /** The value of a field of 1 to 18 ASCII digits, or -1 for anything else. */
  private static long digits(byte[] b, int s, int e) {
    if (e <= s || e - s > 18) {
      return -1;
    }
    long v = 0;
    for (int i = s; i < e; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private void room(int fields) {
    if (fields == starts.length) {
      starts = Arrays.copyOf(starts, fields * 2);
      ends = Arrays.copyOf(ends, fields * 2);
      values = Arrays.copyOf(values, fields * 2);
    }
  }

  /** The record that starts with line {@code [s, e)} of buf and holds a quote, through Commons CSV. */
  private void quotedRecord(LineHandler handler, String file, int s, int e) throws IOException {
    long first = lineNo;
    StringBuilder text = new StringBuilder(migreplay.io.Quote.decode(buf, s, e));
    while (quotes(text) % 2 != 0) {
      int end = lineEnd();
      if (end < 0) {
        throw new BadInputException(file + ":" + first, "a quoted field opened here is never closed");
      }
      int ce = end > pos && buf[end - 1] == '\r' ? end - 1 : end;
      text.append('\n').append(migreplay.io.Quote.decode(buf, pos, ce));
      pos = end + 1;
      lineNo++;
    }
    if (text.indexOf("\0") >= 0) {
      throw nul(file, first);
    }
    CSVRecord rec;
    try (CSVParser p = CSVParser.parse(text.toString(), QUOTED)) {
      rec = p.iterator().next();
    } catch (IOException | java.io.UncheckedIOException | IllegalStateException x) {
      throw new BadInputException(file + ":" + first, "malformed quoted CSV field ("
          + (x.getCause() != null ? x.getCause().getMessage() : x.getMessage()) + ")");
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
    for (int i = 0; i < rec.size(); i++) {
      room(i);
      starts[i] = bytes.size();
      bytes.writeBytes(rec.get(i).getBytes(StandardCharsets.UTF_8));
      ends[i] = bytes.size();
    }
    byte[] fieldBytes = bytes.toByteArray();
    for (int i = 0; i < rec.size(); i++) {
      values[i] = digits(fieldBytes, starts[i], ends[i]);
    }
    handler.line(fieldBytes, starts, ends, values, rec.size(), first);
  }

  private static int quotes(CharSequence text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '"') {
        n++;
      }
    }
    return n;
  }

  /** Index of the next line terminator at or after pos (reading more as needed), or the end of data; -1 when done. */
  private int lineEnd() throws IOException {
    int from = pos;
    while (true) {
      byte eol = this.eol;
      for (int i = from; i < len; i++) {
        if (buf[i] == eol) {
          return i;
        }
      }
      from = len - pos;
      if (!more()) {
        return -1;
      }
    }
  }

  /**
   * Moves the unread bytes to the front of the buffer (growing it when they fill it) and reads more after them;
   * at the end of the input, ends a last line that has no terminator with one. False when nothing is left.
   */
  private boolean more() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, len - pos);
      len -= pos;
      pos = 0;
    }
    if (len == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, len, buf.length - len);
    if (n >= 0) {
      len += n;
      return true;
    }
    if (len > pos) {
      if (len == buf.length) {
        buf = Arrays.copyOf(buf, buf.length + 1);
      }
      buf[len++] = eol; // a last line without a terminator
      return true;
    }
    return false;
  }
}
