package migreplay.ingest;

/** Receives the rows a source reader decodes, in any order. */
@FunctionalInterface
public interface RowSink {
  /** One page written at {@code tUs} (microseconds since the trace's start). */
  void accept(long tUs, long pfn);

  /**
   * One page read (not written) at {@code tUs}, from a source that records reads; a sink that keeps only writes
   * drops it.
   */
  default void acceptRead(long tUs, long pfn) {}

  /** A reader's estimate of the rows still to come (from the input's size), so buffers can be sized once. */
  default void expectRows(long rows) {}
}
