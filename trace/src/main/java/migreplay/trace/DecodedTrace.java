package migreplay.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A trace's rows decoded once into a compact, immutable in-memory form that many runs read at the same time,
 * each through its own {@link #cursor()}: one decode per trace per sweep instead of one per run and lap.
 *
 * <p>Per record batch of the file: pfns as {@code int} (so pfns must be below 2^31, guests up to 8 TiB of
 * 4 KiB pages), and times as runs of one value (epoch traces: a run per epoch, 12 bytes a run) when that is
 * at most 4 bytes a row, else as {@code int} deltas from the previous row (exact-time traces), else (a gap
 * of more than 2^31 µs inside a batch) as {@code long}s. So a row costs 4 to 8 bytes, 12 at worst, against
 * 16 for the raw columns, plus 4 when the caller has each row's spread offset computed once for every
 * reader ({@link SpreadRule}). Rows are checked once, by the {@link TraceReader} that decodes them.
 */
public final class DecodedTrace {
  /** Per-block overhead counted against the budget: array headers and the block object. */
  private static final long BLOCK_OVERHEAD = 96;

  private final TraceMetadata metadata;
  private final List<Block> blocks;
  private final long rows;
  private final long bytes;

  /**
   * One record batch. Times are in exactly one of: {@code runT}/{@code runLen} (run r repeats runT[r]
   * runLen[r] times), {@code tDelta} (t[i] = t[i-1] + tDelta[i], t[-1] = firstT), {@code t}.
   */
  private record Block(int[] pfn, long[] runT, int[] runLen, long firstT, int[] tDelta, long[] t, int[] spread,
      boolean[] read) {
    long bytes() {
      return BLOCK_OVERHEAD + 4L * pfn.length + (read == null ? 0 : read.length) + (runT == null ? 0 : 12L * runT.length)
          + (tDelta == null ? 0 : 4L * tDelta.length) + (t == null ? 0 : 8L * t.length)
          + (spread == null ? 0 : 4L * spread.length);
    }
  }

  /** A row's offset within its resolution interval, from its time and pfn (the replay's spread rule). */
  @FunctionalInterface
  public interface SpreadRule {
    long offsetUs(long tUs, long pfn);
  }

  private DecodedTrace(TraceMetadata metadata, List<Block> blocks, long rows, long bytes) {
    this.metadata = metadata;
    this.blocks = List.copyOf(blocks);
    this.rows = rows;
    this.bytes = bytes;
  }

  /**
   * Reads every row of {@code source} (from its start) into memory, reserving from {@code budget} as it goes.
   *
   * @return empty, with nothing left reserved, when the rows do not fit in the budget or a pfn is 2^31 or
   *     more; the caller then streams the file instead. Either way {@code source} is left at its first row.
   */
  public static Optional<DecodedTrace> decode(TraceSource source, DecodeBudget budget) throws IOException {
    return decode(source, budget, null);
  }

  /**
   * As {@link #decode(TraceSource, DecodeBudget)}, also computing each row's {@code spread} offset once
   * (4 bytes a row more) for {@link TraceBatch#spreadOffsetUs()}; offsets of 2^31 µs or more are not kept.
   *
   * @param spread the rule, or null for none
   */
  public static Optional<DecodedTrace> decode(TraceSource source, DecodeBudget budget, SpreadRule spread)
      throws IOException {
    List<Block> blocks = new ArrayList<>();
    long reserved = 0;
    long rows = 0;
    boolean done = false;
    try {
      source.rewind();
      TraceBatch b = new TraceBatch();
      while (source.next(b)) {
        Block block = encode(b, spread);
        if (block == null || !budget.tryReserve(block.bytes())) {
          return Optional.empty();
        }
        reserved += block.bytes();
        rows += b.size();
        blocks.add(block);
      }
      done = true;
      return Optional.of(new DecodedTrace(source.metadata(), blocks, rows, reserved));
    } finally {
      source.rewind();
      if (!done) {
        budget.release(reserved);
      }
    }
  }

  private static Block encode(TraceBatch b, SpreadRule spreadRule) {
    int n = b.size;
    long[] t = b.tUs;
    long[] p = b.pfn;
    int[] pfn = new int[n];
    for (int i = 0; i < n; i++) {
      if (p[i] > Integer.MAX_VALUE) {
        return null;
      }
      pfn[i] = (int) p[i];
    }
    int[] spread = spreadRule == null ? null : new int[n];
    for (int i = 0; spread != null && i < n; i++) {
      long off = spreadRule.offsetUs(t[i], p[i]);
      if (off > Integer.MAX_VALUE) {
        spread = null;
      } else {
        spread[i] = (int) off;
      }
    }
    int runs = 1;
    boolean deltasFit = true;
    for (int i = 1; i < n; i++) {
      long d = t[i] - t[i - 1];
      if (d != 0) {
        runs++;
        deltasFit &= d <= Integer.MAX_VALUE;
      }
    }
    if (12L * runs <= 4L * n) {
      long[] runT = new long[runs];
      int[] runLen = new int[runs];
      int r = 0;
      runT[0] = t[0];
      for (int i = 0; i < n; i++) {
        if (t[i] != runT[r]) {
          runT[++r] = t[i];
        }
        runLen[r]++;
      }
      return new Block(pfn, runT, runLen, 0, null, null, spread, reads(b));
    }
    if (deltasFit) {
      int[] delta = new int[n];
      for (int i = 1; i < n; i++) {
        delta[i] = (int) (t[i] - t[i - 1]);
      }
      return new Block(pfn, null, null, t[0], delta, null, spread, reads(b));
    }
    return new Block(pfn, null, null, 0, null, Arrays.copyOf(t, n), spread, reads(b));
  }

  /** The batch's read flags (a trace that records reads: 1 byte a row), or null. */
  private static boolean[] reads(TraceBatch b) {
    return b.read == null ? null : Arrays.copyOf(b.read, b.size);
  }

  public TraceMetadata metadata() {
    return metadata;
  }

  public long rows() {
    return rows;
  }

  /** Heap held, as reserved from the budget (release it when the last reader is done). */
  public long bytes() {
    return bytes;
  }

  /** A new reader of the rows from the first; each run takes its own. */
  public TraceSource cursor() {
    return new Cursor();
  }

  private final class Cursor implements TraceSource {
    private int next;

    @Override
    public TraceMetadata metadata() {
      return metadata;
    }

    @Override
    public void rewind() {
      next = 0;
    }

    @Override
    public boolean next(TraceBatch batch) {
      if (next == blocks.size()) {
        batch.size = 0;
        batch.spreadOffsetUs = null;
        batch.read = null;
        return false;
      }
      Block b = blocks.get(next++);
      int n = b.pfn().length;
      batch.ensureCapacity(n);
      long[] t = batch.tUs;
      long[] p = batch.pfn;
      int[] pfn = b.pfn();
      for (int i = 0; i < n; i++) {
        p[i] = pfn[i];
      }
      if (b.runT() != null) {
        int i = 0;
        for (int r = 0; r < b.runT().length; r++) {
          Arrays.fill(t, i, i + b.runLen()[r], b.runT()[r]);
          i += b.runLen()[r];
        }
      } else if (b.tDelta() != null) {
        int[] d = b.tDelta();
        long v = b.firstT();
        for (int i = 0; i < n; i++) {
          v += d[i];
          t[i] = v;
        }
      } else {
        System.arraycopy(b.t(), 0, t, 0, n);
      }
      batch.size = n;
      batch.spreadOffsetUs = b.spread();
      batch.read = b.read(); // shared by every cursor: read only
      return true;
    }

    @Override
    public void close() {}
  }
}
