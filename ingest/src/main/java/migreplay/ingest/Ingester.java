package migreplay.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import migreplay.io.BadInputException;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceWriter;

/**
 * Ingests one recorded source into a canonical trace: metadata from the sidecar {@code INPUT.meta.json},
 * then the user's options (which win), then what the reader learns from the input; rows sorted and
 * deduplicated out of core; the trace written atomically. {@code source_format} and {@code source_sha256}
 * (of the input file; for a bitmap-dir, of index.csv then every file it lists, in order) are filled in.
 */
public final class Ingester {
  /** What one ingest did. */
  /** @param parser how the reader parsed the input (for csv: the byte-level fast path or Commons CSV) */
  public record Summary(Path input, Path output, SourceFormat format, String parser, long rowsIn, long rowsWritten,
      int spilledRuns, double seconds) {}

  private Ingester() {}

  /**
   * @param options metadata from the command line, already set on a builder: keys given there override the
   *     sidecar's
   * @param given metadata keys the user set explicitly (so the sidecar does not override them)
   */
  public static Summary ingest(Path input, Path output, SourceFormat format, IngestOptions options,
      Map<String, String> given) throws IOException {
    return ingest(input, output, format, options, given, rows -> { });
  }

  /**
   * As {@link #ingest(Path, Path, SourceFormat, IngestOptions, Map)}, telling {@code progress} the rows read so
   * far every million rows (for a progress display).
   */
  public static Summary ingest(Path input, Path output, SourceFormat format, IngestOptions options,
      Map<String, String> given, java.util.function.LongConsumer progress) throws IOException {
    long start = System.nanoTime();
    TraceMetadata.Builder meta = TraceMetadata.builder();
    Path sidecar = input.resolveSibling(input.getFileName() + ".meta.json");
    if (Files.isRegularFile(sidecar)) {
      readSidecar(sidecar, meta);
    }
    for (Map.Entry<String, String> e : given.entrySet()) {
      try {
        meta.set(e.getKey(), e.getValue());
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(e.getKey() + ": " + x.getMessage(), x);
      }
    }
    meta.sourceFormat(format.label());
    // Hash the input on another core while this one parses it.
    java.util.concurrent.CompletableFuture<String> sha = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return sha256(input, format);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try (RowSorter sorter = new RowSorter(options.memoryRows())) {
      long[] seen = {0};
      SourceReader reader = format.reader();
      reader.read(input, options, meta, new RowSink() {
        // Rows are sorted as (t, 2 × pfn + read): a write sorts just before a read of the same page and time,
        // which the drain then drops (the write is the page's first access in that interval).
        @Override
        public void accept(long t, long p) {
          sorter.accept(t, p << 1);
          if ((++seen[0] & 0xFFFFF) == 0) {
            progress.accept(seen[0]);
          }
        }

        @Override
        public void acceptRead(long t, long p) {
          sorter.accept(t, (p << 1) | 1);
          if ((++seen[0] & 0xFFFFF) == 0) {
            progress.accept(seen[0]);
          }
        }

        @Override
        public void expectRows(long rows) {
          sorter.expectRows(rows);
        }
      });
      progress.accept(seen[0]);
      try {
        meta.sourceSha256(sha.join());
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof java.io.UncheckedIOException u) {
          throw u.getCause();
        }
        throw e;
      }
      if (sorter.rowsIn() == 0) {
        throw new BadInputException(input.toString(), "no rows; expected at least one dirty page");
      }
      if (meta.ramRanges() == null) {
        throw new BadInputException(input.toString(),
            "the guest's RAM is unknown; give --ram-pages N or --ram-ranges (or ram_ranges in " + sidecar.getFileName() + ")");
      }
      if (meta.durationUs() <= 0) {
        if (sorter.maxT() > Long.MAX_VALUE - meta.resolutionUs()) {
          throw new BadInputException(input.toString(), "the last write, at t_us=" + sorter.maxT() + ", plus resolution_us="
              + meta.resolutionUs() + " passes 2^63-1 µs; the trace's end cannot be told (give --duration-us)");
        }
        meta.durationUs(sorter.maxT() + meta.resolutionUs());
      }
      if (options.initialNonzero() != null) {
        meta.initialNonzero(InitialNonzeroFile.read(options.initialNonzero()));
      }
      TraceMetadata m;
      try {
        m = meta.build();
      } catch (IllegalArgumentException e) {
        // A page of --initial-nonzero outside RAM is that file's fault, not the recording's.
        boolean nonzero = options.initialNonzero() != null
            && e.getMessage().startsWith(TraceMetadata.KEY_INITIAL_NONZERO);
        throw new BadInputException(nonzero ? options.initialNonzero().toString() : input.toString(),
            "metadata " + e.getMessage());
      }
      long[] written = {0};
      try (TraceWriter w = TraceWriter.create(output, m,
          TraceWriter.Options.DEFAULT.withOrigin(input.toString()).withZstdLevel(options.zstdLevel()))) {
        try {
          long[] last = {-1, -1};
          sorter.drain((t, coded) -> {
            long p = coded >>> 1;
            boolean read = (coded & 1) != 0;
            if (read && t == last[0] && p == last[1]) {
              return; // read and written in the same interval: the write row says it
            }
            last[0] = t;
            last[1] = p;
            w.write(t, p, read);
          });
        } catch (IOException | RuntimeException | Error e) {
          // A failure that is not the writer's own (reading a spilled run back, an interrupt) would otherwise
          // let close() publish the rows written so far as if they were the whole trace.
          w.abort();
          throw e;
        }
        written[0] = w.rowCount();
      }
      return new Summary(input, output, format, reader.parser(), sorter.rowsIn(), written[0], sorter.spilledRuns(),
          (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * When anything an ingest of {@code input} reads last changed: the input (for a directory, its newest
   * file), its sidecar, and the memslot table. An output newer than this is up to date.
   */
  public static FileTime lastModified(Path input, IngestOptions options) throws IOException {
    FileTime newest = Files.getLastModifiedTime(input);
    if (Files.isDirectory(input)) {
      try (Stream<Path> files = Files.list(input)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          newest = later(newest, Files.getLastModifiedTime(f));
        }
      }
    }
    Path sidecar = input.resolveSibling(input.getFileName() + ".meta.json");
    for (Path p : new Path[] {sidecar, options.memslots(), options.initialNonzero()}) {
      if (p != null && Files.exists(p)) {
        newest = later(newest, Files.getLastModifiedTime(p));
      }
    }
    return newest;
  }

  private static FileTime later(FileTime a,
      FileTime b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Whether the guest's RAM will be known when {@code input} is ingested: a CSV carries no RAM size, so it must
   * come from {@code given} ({@code --ram-pages}, {@code --ram-ranges}) or the sidecar's {@code ram_ranges}; the
   * other formats find it themselves. A sidecar that cannot be read counts as known here: ingesting it says
   * what is wrong with it.
   */
  public static boolean ramKnown(Path input, SourceFormat format, Map<String, String> given) {
    if (format != SourceFormat.CSV || given.containsKey("ram_ranges")) {
      return true;
    }
    Path sidecar = input.resolveSibling(input.getFileName() + ".meta.json");
    if (!Files.isRegularFile(sidecar)) {
      return false;
    }
    try {
      JsonNode root = new ObjectMapper().readTree(sidecar.toFile());
      return root == null || !root.isObject() || root.has("ram_ranges");
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  private static void readSidecar(Path sidecar, TraceMetadata.Builder meta) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(sidecar.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
      String where = at == null ? sidecar.toString() : sidecar + ":" + at.getLineNr() + ":" + at.getColumnNr();
      String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
      throw new BadInputException(where, "not valid JSON: " + migreplay.io.Quote.escape(why, 200), e);
    }
    if (root == null || !root.isObject()) {
      throw new BadInputException(sidecar.toString(), "expected one JSON object of metadata keys");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isContainerNode()) {
        throw new BadInputException(sidecar.toString(), "key " + migreplay.io.Quote.of(e.getKey())
            + ": expected a string or number");
      }
      try {
        meta.set(e.getKey(), e.getValue().asText());
      } catch (IllegalArgumentException x) {
        throw new BadInputException(sidecar.toString(), "key " + migreplay.io.Quote.of(e.getKey()) + ": " + x.getMessage());
      }
    }
  }

  private static String sha256(Path input, SourceFormat format) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    if (format == SourceFormat.BITMAP_DIR) {
      digest(md, input.resolve("index.csv"));
      for (BitmapDirSource.Entry e : BitmapDirSource.indexOf(input)) {
        digest(md, e.file());
      }
    } else {
      digest(md, input);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void digest(MessageDigest md, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return; // the reader reports missing files with their position
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }
}
