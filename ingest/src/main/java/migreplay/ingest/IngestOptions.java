package migreplay.ingest;

import java.nio.file.Path;

/**
 * What the user gives on the command line besides the input.
 *
 * @param epochUs microseconds per epoch for CSV inputs with an {@code epoch} column (0: from the sidecar's
 *     {@code epoch_us})
 * @param memslots the memslot table ({@code slot,base_gfn,npages}) for ftrace inputs, or null
 * @param memoryRows rows the sorter holds in memory before it spills a sorted run to disk
 * @param zstdLevel the trace's ZSTD level (1 fastest, 3 default)
 * @param initialNonzero a file of the pages non-zero when the recording begins ({@link InitialNonzeroFile}),
 *     or null
 */
public record IngestOptions(long epochUs, Path memslots, int memoryRows, int zstdLevel, Path initialNonzero) {
  public IngestOptions(long epochUs, Path memslots, int memoryRows) {
    this(epochUs, memslots, memoryRows, migreplay.trace.TraceWriter.Options.DEFAULT_ZSTD_LEVEL);
  }

  public IngestOptions(long epochUs, Path memslots, int memoryRows, int zstdLevel) {
    this(epochUs, memslots, memoryRows, zstdLevel, null);
  }

  /** Rows in memory by default: a quarter of the heap at 16 bytes a row (the sort works in place). */
  public static int defaultMemoryRows() {
    long rows = Runtime.getRuntime().maxMemory() / 4 / 16;
    return (int) Math.max(1 << 16, Math.min(rows, 1 << 24));
  }

  public static IngestOptions defaults() {
    return new IngestOptions(0, null, defaultMemoryRows());
  }
}
