package migreplay.ingest;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.ZipException;
import migreplay.io.Quote;
import migreplay.io.BadInputException;
import migreplay.trace.PageSet;

/**
 * Reads {@code ingest --initial-nonzero FILE}: the pages with non-zero content when the recording window
 * begins, one pfn per line ({@code 12345}) or a range {@code a-b} (end exclusive, like {@code ram_ranges});
 * blank lines and {@code #} comments (whole lines or after a value) are ignored; gzip and zstd are read.
 */
public final class InitialNonzeroFile {
  private InitialNonzeroFile() {}

  /** @throws BadInputException naming {@code file:line} and what was expected */
  public static PageSet read(Path file) throws IOException {
    PageSet.Builder b = PageSet.builder();
    try (BufferedReader in = new BufferedReader(Inputs.reader(file), 1 << 16)) {
      long lineNo = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        int hash = line.indexOf('#');
        String v = (hash >= 0 ? line.substring(0, hash) : line).trim();
        if (v.isEmpty()) {
          continue;
        }
        String where = file + ":" + lineNo;
        if (line.indexOf('\0') >= 0) {
          throw new BadInputException(where, "a NUL byte (\\x00); expected text, one pfn or range a-b per line");
        }
        try {
          int dash = v.indexOf('-');
          if (dash < 0) {
            b.add(Long.parseLong(v));
          } else {
            long from = Long.parseLong(v.substring(0, dash).trim());
            long to = Long.parseLong(v.substring(dash + 1).trim());
            if (to <= from || from < 0) {
              throw new BadInputException(where, "expected a range a-b with 0 <= a < b (b exclusive), found "
                  + Quote.of(v));
            }
            b.addRange(from, to);
          }
        } catch (NumberFormatException e) {
          throw new BadInputException(where, "expected a pfn or a range a-b (end exclusive), found " + Quote.of(v));
        } catch (IllegalArgumentException e) {
          throw new BadInputException(where, "expected a pfn below 2^32, found " + Quote.of(v));
        }
      }
    } catch (EOFException | ZipException | com.github.luben.zstd.ZstdIOException e) {
      throw new BadInputException(file.toString(), "truncated or corrupt " + Inputs.compression(file) + " data ("
          + e.getMessage() + ")", e);
    }
    return b.build();
  }
}
