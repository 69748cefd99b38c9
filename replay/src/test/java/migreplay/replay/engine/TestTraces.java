package migreplay.replay.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceWriter;

/** Small traces for tests. */
public final class TestTraces {
  private TestTraces() {}

  /** Writes rows {t_us, pfn} (any order; duplicates dropped) as a trace. */
  public static Path write(Path file, RamRanges ram, long durationUs, long resolutionUs, int batchRows, long[]... rows)
      throws IOException {
    long[][] sorted = rows.clone();
    Arrays.sort(sorted, Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
    TraceMetadata m = TraceMetadata.builder().ramRanges(ram).durationUs(durationUs).resolutionUs(resolutionUs)
        .hypervisor("unknown").workload("test").build();
    try (TraceWriter w = TraceWriter.create(file, m, TraceWriter.Options.DEFAULT.withBatchRows(batchRows))) {
      long[] prev = null;
      for (long[] r : sorted) {
        if (prev == null || prev[0] != r[0] || prev[1] != r[1]) {
          w.write(r[0], r[1]);
        }
        prev = r;
      }
    }
    return file;
  }

  public static Path write(Path file, long pages, long durationUs, long[]... rows) throws IOException {
    return write(file, RamRanges.ofPages(pages), durationUs, 1, 65_536, rows);
  }

  /**
   * A random trace: a hot set rewritten often, a cold random stream, over {@code pages} pages, rows at
   * multiples of the resolution (epoch-like when resolution > 1).
   */
  public static long[][] random(long seed, RamRanges ram, long durationUs, long resolutionUs, int rows) {
    Random rnd = new Random(seed);
    long[][] out = new long[rows][];
    long pages = ram.pageCount();
    long hot = Math.max(1, pages / 20);
    for (int i = 0; i < rows; i++) {
      long t = (long) (rnd.nextDouble() * durationUs) / resolutionUs * resolutionUs;
      long k = rnd.nextInt(4) == 0 ? (long) (rnd.nextDouble() * pages) : (long) (rnd.nextDouble() * hot);
      out[i] = new long[] {t, nth(ram, k)};
    }
    return out;
  }

  /** The k-th RAM page. */
  public static long nth(RamRanges ram, long k) {
    for (int r = 0; r < ram.rangeCount(); r++) {
      long n = ram.end(r) - ram.start(r);
      if (k < n) {
        return ram.start(r) + k;
      }
      k -= n;
    }
    throw new IllegalArgumentException("k beyond RAM");
  }
}
