package migreplay.ingest;

import java.io.IOException;
import java.nio.file.Path;
import migreplay.trace.TraceMetadata;

/**
 * Decodes one recorded source format into rows. A reader names the file and the line or record in every
 * error ({@link migreplay.io.BadInputException}), and fills in what its input says about the trace
 * (RAM size, resolution, provenance) on the metadata builder, where options have not already.
 */
public interface SourceReader {
  /**
   * @param input the file or directory
   * @param options what the user gave
   * @param metadata metadata collected so far (sidecar, then options); the reader may add to it
   * @param sink receives every row
   */
  void read(Path input, IngestOptions options, TraceMetadata.Builder metadata, RowSink sink) throws IOException;

  /** After {@link #read}: how the input was parsed, when a format has more than one way (else empty). */
  default String parser() {
    return "";
  }
}
