package migreplay.replay.qemu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import migreplay.trace.PageSet;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;
import migreplay.trace.TraceWriter;

/** Small traces for the QEMU tests: exact times (resolution 1), optionally an initial non-zero set. */
final class QemuTraces {
  private QemuTraces() {}

  /** Writes rows {t_us, pfn} (any order, no duplicates). */
  static Path write(Path file, RamRanges ram, long durationUs, PageSet initialNonzero, long[]... rows)
      throws IOException {
    long[][] sorted = rows.clone();
    Arrays.sort(sorted, Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
    TraceMetadata m = TraceMetadata.builder().ramRanges(ram).durationUs(durationUs).resolutionUs(1)
        .hypervisor("kvm").workload("test").initialNonzero(initialNonzero).build();
    try (TraceWriter w = TraceWriter.create(file, m)) {
      for (long[] r : sorted) {
        w.write(r[0], r[1]);
      }
    }
    return file;
  }

  /** Writes a trace that records reads: rows {t_us, pfn, 1 for a read or 0 for a write}. */
  static Path writeWithReads(Path file, RamRanges ram, long durationUs, PageSet initialNonzero, long[]... rows)
      throws IOException {
    long[][] sorted = rows.clone();
    Arrays.sort(sorted, Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
    TraceMetadata m = TraceMetadata.builder().ramRanges(ram).durationUs(durationUs).resolutionUs(1)
        .hypervisor("kvm").workload("test").initialNonzero(initialNonzero)
        .set(TraceMetadata.KEY_READS, TraceMetadata.READS_RECORDED).build();
    try (TraceWriter w = TraceWriter.create(file, m)) {
      for (long[] r : sorted) {
        w.write(r[0], r[1], r[2] != 0);
      }
    }
    return file;
  }
}
