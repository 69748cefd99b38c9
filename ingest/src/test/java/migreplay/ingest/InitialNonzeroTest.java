package migreplay.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import migreplay.io.BadInputException;
import migreplay.trace.PageSet;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ingest --initial-nonzero}: the file's syntax, its place in the trace, and bad input. */
class InitialNonzeroTest {
  @TempDir Path dir;
  static final Map<String, String> RAM = Map.of("ram_ranges", "0-100,200-300");

  Path csv() throws IOException {
    Path in = dir.resolve("a.csv");
    Files.writeString(in, "t_us,pfn\n0,1\n10,250\n");
    return in;
  }

  IngestOptions with(Path initial) {
    return new IngestOptions(0, null, 1 << 16, 3, initial);
  }

  @Test
  void storedInTheTraceAndReadBack() throws IOException {
    Path nz = dir.resolve("nz.txt.zst");
    try (OutputStream o = new ZstdOutputStream(Files.newOutputStream(nz))) {
      o.write("# non-zero at the start\n0-10\n 42 # the kernel's page\n\n200-203\n".getBytes(StandardCharsets.UTF_8));
    }
    Path out = dir.resolve("out.trace.arrow");
    Ingester.ingest(csv(), out, SourceFormat.CSV, with(nz), RAM);
    try (TraceReader r = TraceReader.open(out)) {
      PageSet s = r.initialNonzero().orElseThrow();
      assertEquals(14, s.count()); // 0..9, 42, 200..202 (ends exclusive)
      List<Long> pfns = new ArrayList<>();
      s.forEach(pfns::add);
      assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 42L, 200L, 201L, 202L), pfns);
      assertTrue(r.metadata().toMap().get(TraceMetadata.KEY_INITIAL_NONZERO).startsWith("roaring:"));
    }
    // Round trip through the metadata map, and a trace without the set.
    TraceMetadata m = TraceReader.readMetadata(out);
    assertEquals(m, TraceMetadata.fromMap(m.toMap(), "again"));
    Path plain = dir.resolve("plain.trace.arrow");
    Ingester.ingest(csv(), plain, SourceFormat.CSV, with(null), RAM);
    assertFalse(TraceReader.readMetadata(plain).initialNonzeroPages().isPresent());
  }

  void assertBad(String text, String message) throws IOException {
    Path nz = dir.resolve("bad.txt");
    Files.writeString(nz, text);
    Path out = dir.resolve("bad.trace.arrow");
    BadInputException e = assertThrows(BadInputException.class,
        () -> Ingester.ingest(csv(), out, SourceFormat.CSV, with(nz), RAM));
    assertEquals(message, e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void badLinesNameFileAndLine() throws IOException {
    assertBad("1\n2\nx7\n", dir.resolve("bad.txt") + ":3: expected a pfn or a range a-b (end exclusive), found 'x7'");
    assertBad("5-5\n", dir.resolve("bad.txt") + ":1: expected a range a-b with 0 <= a < b (b exclusive), found '5-5'");
    // A page outside RAM is the --initial-nonzero file's fault, not the recording's.
    assertBad("1\n150\n", dir.resolve("bad.txt")
        + ": metadata initial_nonzero: pfn 150 is outside ram_ranges 0-100,200-300");
  }

  @Test
  void encodingRoundTripsAndRejectsGarbage() {
    PageSet s = PageSet.builder().addRange(0, 1000).add(5000).add(0xFFFF_FFFFL).build();
    assertEquals(s, PageSet.decode(s.encode()));
    assertEquals(1002, PageSet.decode(s.encode()).count());
    assertThrows(IllegalArgumentException.class, () -> PageSet.decode("roaring:!!"));
    assertThrows(IllegalArgumentException.class, () -> PageSet.decode("0-10"));
    assertThrows(IllegalArgumentException.class, () -> PageSet.builder().add(1L << 32));
  }
}
