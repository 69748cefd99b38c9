package migreplay.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import migreplay.trace.BadInputException;
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
  /** Receives one data line: {@code starts[i]..ends[i]} of {@code buf} is field i. */
  interface LineHandler {
    void line(byte[] buf, int[] starts, int[] ends, int fields, long lineNo) throws IOException;
  }

  /** One record of the general path's dialect (surrounding spaces of unquoted fields ignored). */
  private static final CSVFormat QUOTED = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get();

  private final InputStream in;
  private byte[] buf = new byte[1 << 20];
  private int len;
  private int pos;
  private long lineNo;
  private int[] starts = new int[16];
  private int[] ends = new int[16];
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

  static BadInputException nul(String file, long line) {
    return new BadInputException(file + ":" + line, "a NUL byte (\\x00); expected CSV text");
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
        byte c;
        if (i == e || (c = buf[i]) == ',') {
          room(fields);
          starts[fields] = fs;
          ends[fields++] = i;
          fs = i + 1;
        } else if (c < '0') { // one comparison for digits and letters; the rare bytes below are told apart here
          if (c == '"') {
            quotedRecord(handler, file, s, e);
            fields = -1;
            break;
          }
          if (c == 0) {
            throw nul(file, lineNo);
          }
        }
      }
      if (fields >= 0) {
        handler.line(buf, starts, ends, fields, lineNo);
      }
    }
  }

  private void room(int fields) {
    if (fields == starts.length) {
      starts = Arrays.copyOf(starts, fields * 2);
      ends = Arrays.copyOf(ends, fields * 2);
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
    handler.line(bytes.toByteArray(), starts, ends, rec.size(), first);
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

  /** Index of the next '\n' at or after pos (reading more as needed), or the end of data; -1 when done. */
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
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, len - pos);
        len -= pos;
        pos = 0;
      }
      if (len == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        if (len > pos) {
          if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length + 1);
          }
          buf[len] = eol; // a last line without newline
          return len++;
        }
        return -1;
      }
      len += n;
    }
  }
}
