package migreplay.ingest;

import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipException;
import migreplay.io.Quote;
import migreplay.io.BadInputException;
import migreplay.trace.TraceMetadata;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code csv}: a header names the columns. Time: one of {@code t_s}, {@code t_ms}, {@code t_us}, {@code t_ns}
 * (fractions below a microsecond are truncated), or {@code epoch} (an epoch index, times
 * {@code --epoch-us} or the sidecar's {@code epoch_us}, which then is the trace's resolution). Page:
 * {@code pfn}, or {@code gpa} (a guest physical byte address, decimal or {@code 0x} hex, divided by the
 * page size). Optional {@code access}: {@code w} (a write) or {@code r} (a read; the trace then records reads,
 * metadata {@code reads=recorded}). Other columns are ignored; lines starting with {@code #} are comments; gzip and zstd input is
 * decompressed. Rows may come in any order. Files whose header has no quotes (what recorders write) take a
 * byte-level path ({@link PlainCsvScanner}); others are read with Commons CSV. Both share the field rules.
 */
final class CsvSource implements SourceReader {
  private static final Map<String, Long> TIME_UNITS_NS =
      Map.of("t_s", 1_000_000_000L, "t_ms", 1_000_000L, "t_us", 1_000L, "t_ns", 1L);

  private String parser = "";

  @Override
  public String parser() {
    return parser;
  }

  @Override
  public void read(Path input, IngestOptions options, TraceMetadata.Builder meta, RowSink sink) throws IOException {
    String header;
    try (InputStream in = Inputs.open(input)) {
      PlainCsvScanner scanner = new PlainCsvScanner(in);
      try {
        header = scanner.headerLine(input.toString());
      } catch (EOFException | ZipException | com.github.luben.zstd.ZstdIOException e) {
        throw corrupt(input, e);
      }
      if (header != null && header.indexOf('"') < 0) {
        parser = "fast path";
        readPlain(input, options, meta, sink, scanner, header);
        return;
      }
    }
    parser = "commons-csv";
    readGeneral(input, options, meta, sink);
  }

  private static BadInputException corrupt(Path input, IOException e) {
    return new BadInputException(input.toString(), "truncated or corrupt " + Inputs.compression(input) + " data ("
        + e.getMessage() + ")", e);
  }

  /** The fast path for unquoted CSV: digits are parsed from bytes; anything else goes through the helpers. */
  private void readPlain(Path input, IngestOptions options, TraceMetadata.Builder meta, RowSink sink,
      PlainCsvScanner scanner, String headerLine) throws IOException {
    List<String> header = new java.util.ArrayList<>();
    for (String h : headerLine.split(",", -1)) {
      header.add(h.trim());
    }
    Columns c = Columns.of(input, header, options, meta);
    RowBounds bounds = RowBounds.of(meta);
    sink.expectRows(scanner.estimateLines(java.nio.file.Files.size(input)));
    try {
      scanner.scan((buf, starts, ends, values, fields, lineNo) -> {
        if (fields != c.header().size()) { // the message's string only on failure: this runs per row
          c.checkFields(fields, input + ":" + lineNo);
        }
        long tv = values[c.ti];
        long t = tv >= 0 ? c.timeOfDigits(tv, input, lineNo)
            : c.time(field(buf, starts[c.ti], ends[c.ti]), input + ":" + lineNo);
        long pv = c.gpa ? -1 : values[c.pi];
        if (pv < 0) {
          pv = c.page(field(buf, starts[c.pi], ends[c.pi]), input + ":" + lineNo);
        }
        if (!bounds.holds(t, pv)) {
          throw bounds.failure(input + ":" + lineNo, t, pv);
        }
        if (c.ai >= 0 && (ends[c.ai] - starts[c.ai] != 1 || buf[starts[c.ai]] != 'w')
            && c.read(field(buf, starts[c.ai], ends[c.ai]), input + ":" + lineNo)) {
          sink.acceptRead(t, pv);
        } else {
          sink.accept(t, pv);
        }
      }, input.toString());
    } catch (EOFException | ZipException | com.github.luben.zstd.ZstdIOException e) {
      throw corrupt(input, e);
    }
  }

  /**
   * Where the time and page are in a header and how to read them: the field rules both paths share.
   *
   * @param unitNs nanoseconds per unit of a t_* column; 0 for an epoch column
   */
  private record Columns(List<String> header, String timeCol, String pageCol, int ti, int pi, boolean gpa,
      long pageSize, long epochUs, long unitNs, int ai) {
    static Columns of(Path input, List<String> header, IngestOptions options, TraceMetadata.Builder meta) {
      String timeCol = pick(input, header, List.of("t_s", "t_ms", "t_us", "t_ns", "epoch"), "a time column");
      String pageCol = pick(input, header, List.of("pfn", "gpa"), "a page column");
      long epochUs = 0;
      if (timeCol.equals("epoch")) {
        epochUs = options.epochUs() > 0 ? options.epochUs() : sidecarEpoch(input, meta);
        meta.resolutionUs(epochUs);
      }
      int ai = header.indexOf("access");
      if (ai >= 0) {
        meta.set(TraceMetadata.KEY_READS, TraceMetadata.READS_RECORDED);
      }
      return new Columns(header, timeCol, pageCol, header.indexOf(timeCol), header.indexOf(pageCol),
          pageCol.equals("gpa"), meta.pageSize(), epochUs, TIME_UNITS_NS.getOrDefault(timeCol, 0L), ai);
    }

    /** The access column's value: true for a read ({@code r}), false for a write ({@code w}). */
    boolean read(String value, String where) {
      return switch (value) {
        case "r", "read" -> true;
        case "w", "write" -> false;
        default -> throw new BadInputException(where, "access: " + Quote.of(value)
            + "; expected w (a write) or r (a read)");
      };
    }

    /** A row has exactly the header's fields: an extra or a missing field is refused, as pyarrow and duckdb do. */
    void checkFields(int fields, String where) {
      if (fields != header.size()) {
        throw new BadInputException(where, "expected " + header.size() + " fields (" + String.join(",", header)
            + "), found " + fields);
      }
    }

    /** Microseconds from a time field that is a plain non-negative integer. */
    long timeOfDigits(long v, Path input, long lineNo) {
      try {
        return epochUs > 0 ? Math.multiplyExact(v, epochUs)
            : unitNs >= 1000 ? Math.multiplyExact(v, unitNs / 1000) : v / (1000 / unitNs);
      } catch (ArithmeticException e) {
        throw tooLarge(timeCol, Long.toString(v), input + ":" + lineNo);
      }
    }

    long time(String f, String where) {
      if (epochUs > 0) {
        long e = nonNegative(f, timeCol, where);
        try {
          return Math.multiplyExact(e, epochUs);
        } catch (ArithmeticException x) {
          throw tooLarge(timeCol, f, where);
        }
      }
      return micros(f, unitNs, timeCol, where);
    }

    long page(String f, String where) {
      return gpa ? address(f, where) / pageSize : nonNegative(f, pageCol, where);
    }
  }

  /** A field's text, spaces and tabs around it removed (other control bytes stay, to be refused and shown). */
  private static String field(byte[] buf, int s, int e) {
    while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
      s++;
    }
    while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
      e--;
    }
    return Quote.decode(buf, s, e);
  }

  private static BadInputException tooLarge(String column, String value, String where) {
    return new BadInputException(where, column + ": " + Quote.of(value) + " is too large; expected a time below 2^63 µs");
  }

  /** Commons CSV, for files with quoted headers or fields. */
  private void readGeneral(Path input, IngestOptions options, TraceMetadata.Builder meta, RowSink sink)
      throws IOException {
    CSVFormat format = Inputs.HEADED_CSV;
    try (Reader r = Inputs.reader(input); CSVParser parser = CSVParser.parse(r, format)) {
      List<String> header = parser.getHeaderNames();
      if (header.isEmpty()) {
        throw new BadInputException(input.toString(), "empty file; expected a header line naming a time column "
            + "(t_s, t_ms, t_us, t_ns or epoch) and a page column (pfn or gpa)");
      }
      Columns c = Columns.of(input, header, options, meta);
      RowBounds bounds = RowBounds.of(meta);
      for (CSVRecord rec : parser) {
        String where = input + ":" + parser.getCurrentLineNumber();
        for (String f : rec) {
          if (f.indexOf('\0') >= 0) {
            throw PlainCsvScanner.nul(input.toString(), parser.getCurrentLineNumber());
          }
        }
        c.checkFields(rec.size(), where);
        long t = c.time(rec.get(c.ti).trim(), where);
        long p = c.page(rec.get(c.pi).trim(), where);
        if (!bounds.holds(t, p)) {
          throw bounds.failure(where, t, p);
        }
        if (c.ai >= 0 && c.read(rec.get(c.ai).trim(), where)) {
          sink.acceptRead(t, p);
        } else {
          sink.accept(t, p);
        }
      }
    } catch (EOFException | ZipException | com.github.luben.zstd.ZstdIOException e) {
      throw corrupt(input, e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("zstd")) {
        throw new BadInputException(input.toString(), "truncated or corrupt zstd data (" + e.getMessage() + ")", e);
      }
      throw e;
    } catch (java.io.UncheckedIOException e) {
      if (e.getCause() instanceof EOFException || e.getCause() instanceof ZipException
          || e.getCause() instanceof com.github.luben.zstd.ZstdIOException) {
        throw corrupt(input, e.getCause());
      }
      throw Inputs.csvFailure(input, e);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw Inputs.csvFailure(input, e);
    }
  }

  private static long sidecarEpoch(Path input, TraceMetadata.Builder meta) {
    String fromSidecar = meta.extraValue("epoch_us");
    if (fromSidecar != null) {
      try {
        long v = Long.parseLong(fromSidecar.trim());
        if (v > 0) {
          return v;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new BadInputException(input.toString(),
        "an epoch column needs --epoch-us (or epoch_us in the sidecar .meta.json) to turn epochs into time");
  }

  private static String pick(Path input, List<String> header, List<String> names, String what) {
    String found = null;
    for (String n : names) {
      if (header.contains(n)) {
        if (header.indexOf(n) != header.lastIndexOf(n)) {
          throw new BadInputException(input + ":1", "two " + n + " columns; expected each name once");
        }
        if (found != null) {
          throw new BadInputException(input + ":1", "both " + found + " and " + n + " columns; expected one");
        }
        found = n;
      }
    }
    if (found == null) {
      throw new BadInputException(input + ":1", "expected " + what + " (one of " + String.join(", ", names)
          + ") in the header, found " + Quote.of(String.join(",", header)));
    }
    return found;
  }

  private static long nonNegative(String s, String column, String where) {
    try {
      long v = Long.parseLong(s);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new BadInputException(where, column + ": expected a non-negative integer, found " + Quote.of(s));
  }

  private static long micros(String s, long unitNs, String column, String where) {
    try {
      if (s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0) {
        long v = Long.parseLong(s);
        if (v >= 0) {
          return unitNs >= 1000 ? Math.multiplyExact(v, unitNs / 1000) : v / (1000 / unitNs);
        }
      } else {
        BigDecimal v = new BigDecimal(s);
        if (v.signum() >= 0) {
          return v.multiply(BigDecimal.valueOf(unitNs)).movePointLeft(3).setScale(0, RoundingMode.FLOOR)
              .longValueExact();
        }
      }
    } catch (NumberFormatException e) {
      // the message below
    } catch (ArithmeticException e) {
      throw tooLarge(column, s, where);
    }
    if (s.startsWith("-") && s.length() > 1 && Character.isDigit(s.charAt(1))) {
      throw new BadInputException(where, column + ": negative time " + Quote.of(s) + "; expected a non-negative number");
    }
    throw new BadInputException(where, column + ": expected a non-negative number, found " + Quote.of(s));
  }

  private static long address(String s, String where) {
    try {
      long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
          : Long.parseLong(s);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new BadInputException(where, "gpa: expected a non-negative address (decimal or 0x hex), found " + Quote.of(s));
  }
}
