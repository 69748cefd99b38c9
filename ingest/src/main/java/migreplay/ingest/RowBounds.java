package migreplay.ingest;

import migreplay.io.BadInputException;
import migreplay.trace.RamRanges;
import migreplay.trace.TraceMetadata;

/**
 * What metadata known before reading (options, sidecar) says every row must satisfy: pfn in RAM, time within
 * the duration. Readers check it where they still know the row's line, so the message names the line of the
 * source rather than the row of the sorted trace (the writer checks again, by row, whatever is learnt later).
 *
 * @param ram guest RAM, or null while unknown
 * @param durationUs the recording's length, or 0 while unknown
 */
record RowBounds(RamRanges ram, long durationUs) {
  static RowBounds of(TraceMetadata.Builder meta) {
    return new RowBounds(meta.ramRanges(), meta.durationUs());
  }

  boolean holds(long tUs, long pfn) {
    return (durationUs <= 0 || tUs < durationUs) && (ram == null || ram.contains(pfn));
  }

  /** The failure for a row that does not {@link #holds hold}, at {@code where} (file:line). */
  BadInputException failure(String where, long tUs, long pfn) {
    return ram != null && !ram.contains(pfn)
        ? new BadInputException(where, "pfn " + pfn + " is outside ram_ranges " + ram)
        : new BadInputException(where, "t_us " + tUs + " is not before duration_us " + durationUs);
  }
}
