package migreplay.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecodedTraceTest {
  @TempDir Path dir;

  /**
   * Rows with gaps of {@code gapUs} at most between distinct times and {@code perTime} rows per time, so
   * blocks take each time encoding: many rows per time (runs), one row per time (int deltas), and a gap
   * beyond 2^31 µs (longs).
   */
  private static List<long[]> rows(long seed, int n, int perTime, long gapUs, long pages) {
    Random rnd = new Random(seed);
    List<long[]> rows = new ArrayList<>();
    long t = 0;
    while (rows.size() < n) {
      long pfn = rnd.nextInt(50);
      for (int k = 0; k < perTime && rows.size() < n && pfn < pages; k++) {
        rows.add(new long[] {t, pfn});
        pfn += 1 + rnd.nextInt(50);
      }
      t += 1 + (long) (rnd.nextDouble() * gapUs);
    }
    return rows;
  }

  private Path write(List<long[]> rows, long pages, int batchRows) throws IOException {
    Path f = dir.resolve("d.trace.arrow");
    long duration = rows.get(rows.size() - 1)[0] + 1;
    TraceMetadata m = TraceMetadata.builder().ramRanges(RamRanges.ofPages(pages)).durationUs(duration)
        .hypervisor("kvm").workload("test").build();
    try (TraceWriter w = TraceWriter.create(f, m, TraceWriter.Options.DEFAULT.withBatchRows(batchRows))) {
      for (long[] r : rows) {
        w.write(r[0], r[1]);
      }
    }
    return f;
  }

  private static List<long[]> readAll(TraceSource s) throws IOException {
    List<long[]> out = new ArrayList<>();
    TraceBatch b = new TraceBatch(16);
    while (s.next(b)) {
      for (int i = 0; i < b.size(); i++) {
        out.add(new long[] {b.tUs()[i], b.pfn()[i]});
      }
    }
    return out;
  }

  private static void assertSameRows(List<long[]> expected, List<long[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i)[0], actual.get(i)[0], "t_us of row " + i);
      assertEquals(expected.get(i)[1], actual.get(i)[1], "pfn of row " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void cursorsGiveBackTheFileRowsAndRewind(int shape) throws IOException {
    long pages = 1L << 20;
    List<long[]> rows = switch (shape) {
      case 0 -> rows(1, 30_000, 200, 10_000, pages);    // epoch-like: a run per time
      case 1 -> rows(2, 30_000, 1, 30, pages);          // exact times: int deltas
      default -> rows(3, 3_000, 2, 3_000_000_000L, pages); // gaps past 2^31 µs: longs
    };
    Path f = write(rows, pages, 997);
    DecodeBudget budget = new DecodeBudget(1L << 30);
    try (TraceReader r = TraceReader.open(f)) {
      DecodedTrace d = DecodedTrace.decode(r, budget).orElseThrow();
      assertEquals(rows.size(), d.rows());
      assertEquals(d.bytes(), budget.used());
      long bytesPerRow = d.bytes() / rows.size();
      assertTrue(bytesPerRow <= new long[] {4, 8, 12}[shape] + 1, "bytes per row " + bytesPerRow);
      TraceSource a = d.cursor();
      TraceSource b = d.cursor();
      assertSameRows(rows, readAll(a));
      assertSameRows(rows, readAll(b)); // cursors are independent
      a.rewind();
      assertSameRows(rows, readAll(a));
      assertEquals(r.metadata(), a.metadata());
    }
  }

  @Test
  void computesSpreadOffsetsOnceForEveryCursor() throws IOException {
    List<long[]> rows = rows(5, 10_000, 100, 10_000, 1L << 20);
    Path f = write(rows, 1L << 20, 999);
    DecodeBudget budget = new DecodeBudget(1L << 30);
    try (TraceReader r = TraceReader.open(f)) {
      DecodedTrace d = DecodedTrace.decode(r, budget, (t, pfn) -> (pfn * 7 + t) % 1000).orElseThrow();
      TraceSource c = d.cursor();
      TraceBatch b = new TraceBatch(16);
      int row = 0;
      while (c.next(b)) {
        for (int i = 0; i < b.size(); i++, row++) {
          assertEquals((rows.get(row)[1] * 7 + rows.get(row)[0]) % 1000, b.spreadOffsetUs()[i], "row " + row);
        }
      }
      assertEquals(rows.size(), row);
      assertTrue(r.next(b));
      assertEquals(null, b.spreadOffsetUs(), "a file's batches carry no offsets");
    }
  }

  @Test
  void givesUpWithNothingReservedWhenTheBudgetIsTooSmall() throws IOException {
    List<long[]> rows = rows(4, 20_000, 1, 30, 1L << 20);
    Path f = write(rows, 1L << 20, 1000);
    DecodeBudget budget = new DecodeBudget(50_000); // about 6 of the 20 blocks (8 bytes a row)
    try (TraceReader r = TraceReader.open(f)) {
      assertFalse(DecodedTrace.decode(r, budget).isPresent());
      assertEquals(0, budget.used());
      assertSameRows(rows, readAll(r)); // the reader is left at its first row
    }
    assertFalse(DecodedTrace.decode(TraceReader.open(f), new DecodeBudget(0)).isPresent());
  }

  @Test
  void givesUpOnPfnsBeyondIntRange() throws IOException {
    long pages = (1L << 31) + 10;
    List<long[]> rows = List.of(new long[] {0, 5}, new long[] {1, (1L << 31) + 1});
    Path f = write(rows, pages, 1000);
    DecodeBudget budget = new DecodeBudget(1L << 20);
    try (TraceReader r = TraceReader.open(f)) {
      Optional<DecodedTrace> d = DecodedTrace.decode(r, budget);
      assertFalse(d.isPresent());
      assertEquals(0, budget.used());
    }
  }
}
