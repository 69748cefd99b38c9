package migreplay.ingest;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import migreplay.io.Quote;
import migreplay.io.BadInputException;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code bitmap-dir}: a directory of raw dirty bitmaps, one file per epoch, as {@code KVM_GET_DIRTY_LOG} and
 * Xen's {@code SHADOW_OP_CLEAN} return them: little-endian 64-bit words, bit b of word w is pfn 64·w + b.
 * {@code index.csv} ({@code file,t_us}) gives each bitmap's epoch start, ascending. Every bitmap must be
 * exactly as long as the pfn space (from {@code --ram-pages}/{@code --ram-ranges}, the sidecar, or else
 * the first bitmap, rounded up to whole words). The resolution is the smallest gap between epochs unless
 * given (a single bitmap needs {@code --resolution-us}); the duration, unless given, runs to the end of the
 * last epoch, dirty or not.
 */
final class BitmapDirSource implements SourceReader {
  record Entry(Path file, long tUs, long line) {}

  @Override
  public void read(Path dir, IngestOptions options, TraceMetadata.Builder meta, RowSink sink) throws IOException {
    Path index = dir.resolve("index.csv");
    if (!Files.isRegularFile(index)) {
      throw new BadInputException(dir.toString(), "expected index.csv (file,t_us) in the bitmap directory");
    }
    List<Entry> entries = readIndex(dir, index);
    if (entries.isEmpty()) {
      throw new BadInputException(index.toString(), "no bitmaps listed; expected rows file,t_us");
    }
    for (Entry e : entries) {
      if (Files.isDirectory(e.file())) {
        throw new BadInputException(index + ":" + e.line(), "bitmap file " + Quote.of(dir.relativize(e.file()).toString())
            + " is a directory; expected a file of 64-bit words");
      }
    }
    if (meta.ramRanges() == null) {
      if (!Files.exists(entries.get(0).file())) {
        throw new BadInputException(index + ":" + entries.get(0).line(), "bitmap file "
            + Quote.of(entries.get(0).file().getFileName().toString()) + " does not exist");
      }
      long bytes = Files.size(entries.get(0).file());
      if (bytes == 0 || bytes % 8 != 0) {
        throw new BadInputException(entries.get(0).file().toString(),
            "bitmap of " + bytes + " bytes; expected a whole number of 64-bit words");
      }
      meta.ramRanges(RamRanges.ofPages(bytes * 8));
    }
    long pfnSpace = meta.ramRanges().pfnSpace();
    long expected = (pfnSpace + 63) / 64 * 8;
    long minGap = Long.MAX_VALUE;
    for (int i = 1; i < entries.size(); i++) {
      minGap = Math.min(minGap, entries.get(i).tUs() - entries.get(i - 1).tUs());
    }
    if (meta.resolutionUs() <= 1) {
      if (minGap == Long.MAX_VALUE) {
        throw new BadInputException(index.toString(),
            "one bitmap: its epoch length cannot be told from index.csv; give --resolution-us");
      }
      meta.resolutionUs(minGap);
    }
    if (meta.durationUs() <= 0) {
      // The recording covers the last epoch even when nothing was dirtied in it.
      meta.durationUs(entries.get(entries.size() - 1).tUs() + meta.resolutionUs());
    }
    RamRanges ram = meta.ramRanges();
    for (Entry e : entries) {
      long size;
      try {
        size = Files.size(e.file());
      } catch (NoSuchFileException x) {
        throw new BadInputException(index + ":" + e.line(), "bitmap file " + Quote.of(e.file().getFileName().toString())
            + " does not exist");
      }
      if (size != expected) {
        throw new BadInputException(e.file().toString(), "bitmap of " + size + " bytes; expected " + expected
            + " bytes (" + pfnSpace + " pfns in 64-bit words)");
      }
      ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(e.file())).order(ByteOrder.LITTLE_ENDIAN);
      for (long w = 0; w < expected / 8; w++) {
        long word = buf.getLong();
        while (word != 0) {
          long pfn = w * 64 + Long.numberOfTrailingZeros(word);
          word &= word - 1;
          if (!ram.contains(pfn)) {
            throw new BadInputException(e.file() + "@" + (w * 8),
                "bit for pfn " + pfn + " is set but the pfn is outside ram_ranges " + ram);
          }
          sink.accept(e.tUs(), pfn);
        }
      }
    }
  }

  /** The bitmaps index.csv lists, in order (an empty list if there is no index). */
  static List<Entry> indexOf(Path dir) throws IOException {
    Path index = dir.resolve("index.csv");
    return Files.isRegularFile(index) ? readIndex(dir, index) : List.of();
  }

  private static List<Entry> readIndex(Path dir, Path index) throws IOException {
    CSVFormat format = Inputs.TABLE_CSV;
    List<Entry> out = new ArrayList<>();
    try (Reader r = Inputs.textReader(index); CSVParser p = CSVParser.parse(r, format)) {
      if (!p.getHeaderNames().contains("file") || !p.getHeaderNames().contains("t_us")) {
        throw new BadInputException(index + ":1", "expected the header file,t_us, found "
            + Quote.of(String.join(",", p.getHeaderNames())));
      }
      long prev = -1;
      for (CSVRecord rec : p) {
        long line = p.getCurrentLineNumber();
        long t;
        try {
          t = Long.parseLong(rec.get("t_us"));
        } catch (IllegalArgumentException e) {
          throw new BadInputException(index + ":" + line, "t_us: expected a non-negative integer, found "
              + Quote.of(rec.isSet("t_us") ? rec.get("t_us") : ""));
        }
        if (t < 0 || t <= prev) {
          throw new BadInputException(index + ":" + line,
              "t_us must be non-negative and ascending; found " + t + " after " + prev);
        }
        prev = t;
        Path f;
        try {
          f = dir.resolve(rec.get("file")).normalize();
        } catch (java.nio.file.InvalidPathException e) {
          throw new BadInputException(index + ":" + line, "file: not a valid file name: " + Quote.of(rec.get("file")));
        }
        if (!f.startsWith(dir.normalize()) || f.equals(dir.normalize())) {
          throw new BadInputException(index + ":" + line, "bitmap file must lie inside the directory, found "
              + Quote.of(rec.get("file")));
        }
        out.add(new Entry(f, t, line));
      }
    } catch (java.nio.charset.CharacterCodingException e) {
      throw Inputs.notUtf8(index);
    } catch (java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
      throw Inputs.csvFailure(index, e);
    }
    return out;
  }
}
