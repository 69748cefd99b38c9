package migreplay.trace;

import java.io.IOException;

/**
 * Rows of one trace, batch by batch, from the first row again after {@link #rewind()}: what the replay
 * engine reads. A {@link TraceReader} decodes the file as it goes; a {@link DecodedTrace}'s cursor reads rows
 * decoded once and shared by many runs.
 */
public interface TraceSource extends AutoCloseable {
  TraceMetadata metadata();

  /** Goes back to the first row. */
  void rewind();

  /**
   * Fills {@code batch} with the next rows.
   *
   * @return false at the end of the trace (the batch is then empty)
   */
  boolean next(TraceBatch batch) throws IOException;

  @Override
  void close() throws IOException;
}
