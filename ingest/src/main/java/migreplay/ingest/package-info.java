/**
 * Recorded traces in the formats real tools write become canonical traces: one reader per source format
 * ({@link migreplay.ingest.CsvSource}, {@link migreplay.ingest.BitmapDirSource},
 * {@link migreplay.ingest.FtraceSource}) behind {@link migreplay.ingest.SourceReader}, the registry of formats
 * by name ({@link migreplay.ingest.SourceFormat}: a new format is one class and one constant there), and the
 * {@link migreplay.ingest.Ingester} that validates, sorts (spilling sorted runs when the input does not fit),
 * deduplicates and writes.
 *
 * <p>May use {@code migreplay.trace} and {@code migreplay.io}.
 */
package migreplay.ingest;
