package migreplay.trace;

/**
 * A reusable buffer of trace rows: {@code tUs[i]}, {@code pfn[i]} for {@code i < size}. {@link TraceReader}
 * refills it batch after batch, growing the arrays only when a file's batches are larger than before.
 */
public final class TraceBatch {
  long[] tUs;
  long[] pfn;
  int size;
  int[] spreadOffsetUs;
  boolean[] read;

  public TraceBatch() {
    this(TraceSchema.MAX_BATCH_ROWS);
  }

  public TraceBatch(int capacity) {
    tUs = new long[capacity];
    pfn = new long[capacity];
  }

  /** Times of the rows, microseconds since the trace's start; valid up to {@link #size()}. */
  public long[] tUs() {
    return tUs;
  }

  /** Page frame numbers of the rows; valid up to {@link #size()}. */
  public long[] pfn() {
    return pfn;
  }

  public int size() {
    return size;
  }

  /**
   * Per row, whether it is a read rather than a write, for a trace that records reads; null for a trace of
   * writes only. Valid up to {@link #size()}.
   */
  public boolean[] read() {
    return read;
  }

  /**
   * Each row's offset within its resolution interval under {@code --within-epoch spread}, computed once by a
   * {@link DecodedTrace} for all its readers; null when the source does not carry them. Read only.
   */
  public int[] spreadOffsetUs() {
    return spreadOffsetUs;
  }

  void ensureCapacity(int n) {
    if (tUs.length < n) {
      tUs = new long[n];
      pfn = new long[n];
      read = null;
    }
  }
}
