package migreplay.ingest;

/** Receives the rows a source reader decodes, in any order. */
@FunctionalInterface
public interface RowSink {
  /** One page written at {@code tUs} (microseconds since the trace's start). */
  void accept(long tUs, long pfn);

  /** A reader's estimate of the rows still to come (from the input's size), so buffers can be sized once. */
  default void expectRows(long rows) {}
}
