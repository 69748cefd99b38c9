package migreplay.ingest;

import java.io.IOException;
import java.util.Arrays;

/**
 * Sorts rows by (t_us, pfn) and drops duplicates, out of core: rows are buffered in primitive arrays up to
 * a row budget, each full buffer is sorted ({@link RowOrder}) and spilled to a temporary file as a sorted
 * run, and the runs are merged at the end ({@link SortedRuns}). Heap use is the budget (16 bytes a row: the
 * sort works in place), whatever the input's size; the temporary files are deleted on {@link #close()}.
 */
final class RowSorter implements RowSink, AutoCloseable {
  /** Receives sorted, distinct rows. */
  interface Output {
    void accept(long tUs, long pfn) throws IOException;
  }

  private final int budget;
  private final SortedRuns runs = new SortedRuns();
  private long[] ts;
  private long[] ps;
  private int n;
  private long rowsIn;
  private long maxT = -1;
  /** What the rows in the buffer are known to be: watched as they come, so sorting them need not check. */
  private boolean sorted = true;
  private boolean timeSorted = true;
  private long lastT = Long.MIN_VALUE;
  private long lastP;
  /** Distinct times in the buffer, while it is time-sorted. */
  private long times;
  private IOException spillFailure;

  /** @param memoryRows the most rows held in memory; the buffers grow to it only as rows come */
  RowSorter(int memoryRows) {
    budget = memoryRows;
    ts = new long[Math.min(memoryRows, 1 << 16)];
    ps = new long[ts.length];
  }

  @Override
  public void accept(long tUs, long pfn) {
    if (n == ts.length) {
      if (ts.length < budget) {
        int grown = (int) Math.min(budget, 2L * ts.length);
        ts = Arrays.copyOf(ts, grown);
        ps = Arrays.copyOf(ps, grown);
      } else {
        spill();
      }
    }
    ts[n] = tUs;
    ps[n++] = pfn;
    rowsIn++;
    if (tUs > maxT) {
      maxT = tUs;
    }
    if (tUs <= lastT) {
      if (tUs < lastT) {
        sorted = false;
        timeSorted = false;
      } else if (pfn < lastP) {
        sorted = false;
      }
    } else {
      times++;
    }
    lastT = tUs;
    lastP = pfn;
  }

  private void sortBuffer() {
    RowOrder.sort(ts, ps, n, sorted, timeSorted, times);
    resetOrder();
  }

  private void resetOrder() {
    sorted = true;
    timeSorted = true;
    lastT = Long.MIN_VALUE;
    times = 0;
  }

  /** Sizes the buffer for the rows announced (up to the budget) before the first row, instead of doubling it. */
  @Override
  public void expectRows(long rows) {
    if (n == 0 && rows > ts.length) {
      int size = (int) Math.min(budget, rows + rows / 16);
      ts = new long[size];
      ps = new long[size];
    }
  }

  /** Rows received, duplicates included. */
  long rowsIn() {
    return rowsIn;
  }

  /** The latest time received, or -1 if none. */
  long maxT() {
    return maxT;
  }

  /** Sorted runs spilled to disk so far. */
  int spilledRuns() {
    return runs.size();
  }

  /** Emits every distinct row in (t_us, pfn) order. */
  void drain(Output out) throws IOException {
    if (spillFailure != null) {
      throw spillFailure;
    }
    if (runs.size() == 0) {
      sortBuffer();
      long pt = -1;
      long pp = -1;
      for (int i = 0; i < n; i++) {
        if (ts[i] != pt || ps[i] != pp) {
          out.accept(ts[i], ps[i]);
          pt = ts[i];
          pp = ps[i];
        }
      }
      return;
    }
    spill();
    if (spillFailure != null) {
      throw spillFailure;
    }
    runs.merge(out);
  }

  /** Sorts the buffer and writes it as a run; a failure is kept for {@link #drain} (accept cannot throw it). */
  private void spill() {
    if (n == 0 || spillFailure != null) {
      n = 0;
      resetOrder();
      return;
    }
    sortBuffer();
    try {
      runs.add(ts, ps, n);
    } catch (IOException e) {
      spillFailure = new IOException("cannot spill sorted rows to a temporary file: " + e.getMessage(), e);
    }
    n = 0;
  }

  @Override
  public void close() throws IOException {
    runs.close();
  }
}
