package migreplay.ingest;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import migreplay.io.BadInputException;
import migreplay.io.Utf8Reader;
import org.apache.commons.csv.CSVFormat;

/** Opens source files, decompressing gzip and zstd by their magic numbers (whatever the file is named). */
final class Inputs {
  /** Every headed table we read: a header line; '#' comments, blank lines and spaces around fields ignored. */
  static final CSVFormat HEADED_CSV = CSVFormat.DEFAULT.builder().setCommentMarker('#').setHeader()
      .setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();

  /**
   * The small tables we define (index.csv, memslots): as {@link #HEADED_CSV}, each name once (which of two
   * 'slot' columns would count?). Recorded CSV may repeat a column it does not use, as pyarrow allows.
   */
  static final CSVFormat TABLE_CSV = HEADED_CSV.builder()
      .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW).get();

  private Inputs() {}

  static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(4);
    byte[] magic = in.readNBytes(4);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      return new BufferedInputStream(new ZstdInputStream(in), 1 << 16);
    }
    return in;
  }

  /**
   * The file as UTF-8 text (decompressed), a leading byte-order mark skipped; a byte that is not UTF-8 reads as
   * {@link Utf8Reader} says, so a message quoting the line shows it as {@code \xNN}.
   */
  static Reader reader(Path file) throws IOException {
    java.io.BufferedReader r = new java.io.BufferedReader(new Utf8Reader(open(file)), 1 << 16);
    r.mark(1);
    if (r.read() != '\ufeff') {
      r.reset();
    }
    return r;
  }

  /**
   * A small table (index.csv, memslots) as strict UTF-8, a byte-order mark skipped: bytes that are not UTF-8 fail (see {@link #notUtf8})
   * instead of turning into replacement characters.
   */
  static Reader textReader(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new BadInputException(file.toString(), "is a directory; expected a CSV file");
    }
    java.io.BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    r.mark(1);
    if (r.read() != '\ufeff') {
      r.reset();
    }
    return r;
  }

  /**
   * What Commons CSV threw while reading {@code file}, in words: a header it cannot use (a missing or repeated
   * name), a malformed record (its message names the line), or text that is not UTF-8.
   */
  static BadInputException csvFailure(Path file, RuntimeException e) {
    Throwable c = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    if (c instanceof java.nio.charset.CharacterCodingException) {
      return notUtf8(file);
    }
    String why = migreplay.io.Quote.escape(String.valueOf(c.getMessage()), 200);
    return new BadInputException(file.toString(), (e instanceof IllegalArgumentException ? "bad header: "
        : "malformed CSV: ") + why, e);
  }

  /** The failure for a table that is not UTF-8 text. */
  static BadInputException notUtf8(Path file) {
    return new BadInputException(file.toString(), "not UTF-8 text (a binary file, or another encoding?)");
  }

  /** The kind of a decompression failure, for messages. */
  static String compression(Path file) {
    String n = file.getFileName().toString();
    return n.endsWith(".gz") ? "gzip" : n.endsWith(".zst") ? "zstd" : "compressed";
  }
}
